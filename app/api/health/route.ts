// GET /api/health — public, for operators, load balancers and tests: 200 when the web process and the
// database answer (the worker's state is reported but does not fail the check), 503 otherwise.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { publicRoute } from "@/lib/http/route";
import { getWorkerHealth } from "@/lib/worker/heartbeat";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    const databaseMs = Math.round((performance.now() - started) * 10) / 10;
    const worker = await getWorkerHealth(db);
    return NextResponse.json(
      {
        status: "ok",
        database: { status: "ok", latencyMs: databaseMs },
        worker: { status: worker.status, lastSeenAt: worker.workers[0]?.lastSeenAt ?? null },
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return NextResponse.json(
      { status: "unavailable", database: { status: "unreachable" } },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
});
