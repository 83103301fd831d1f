// GET /api/releases/:id/deploys — the release's deploy panel (getDeployPanelData: its runs, the newest in full,
// the project's lock, the worker's state) as JSON, for the release page to refetch when a deploy event arrives.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { getDeployPanelData } from "@/lib/deploys/queries";
import { jsonError, protectedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = protectedRoute<{ id?: string }>("release.view", async (_request, { params }) => {
  const id = params.id;
  const release = id && id.length <= 64 ? await db.release.findUnique({ where: { id }, select: { id: true, projectId: true } }) : null;
  if (!release) return jsonError(404, "That release does not exist (any more).");
  return NextResponse.json(await getDeployPanelData(release.id, release.projectId), { headers: { "Cache-Control": "no-store" } });
});
