// GET /api/runs/:id — a deploy run with its steps (getRunDetail) as JSON. The deploy panel polls it every
// second while the run is active (components/deploys/hooks.ts, useRun).
import { NextResponse } from "next/server";
import { getRunDetail } from "@/lib/deploys/queries";
import { jsonError, protectedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = protectedRoute<{ id?: string }>("release.view", async (_request, { params }) => {
  const run = params.id ? await getRunDetail(params.id) : null;
  if (!run) return jsonError(404, "That deploy run does not exist (any more).");
  return NextResponse.json(run, { headers: { "Cache-Control": "no-store" } });
});
