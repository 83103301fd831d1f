// GET /api/deploying-now — the active deploy and rollback runs across projects (listDeployingNow) as JSON,
// for the home page strip to refetch when a live event says something changed.
import { NextResponse } from "next/server";
import { listDeployingNow } from "@/lib/deploys/now";
import { protectedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = protectedRoute("release.view", async () => {
  return NextResponse.json(await listDeployingNow(), { headers: { "Cache-Control": "no-store" } });
});
