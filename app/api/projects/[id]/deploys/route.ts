// GET /api/projects/:id/deploys — the project page's live part (getProjectDeploys: the lock, the latest runs,
// the pipelines) as JSON, refetched when a deploy, release or pipeline event of the project arrives.
import { NextResponse } from "next/server";
import { getProjectDeploys } from "@/lib/deploys/queries";
import { jsonError, protectedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = protectedRoute<{ id?: string }>("release.view", async (_request, { params }) => {
  const deploys = params.id && params.id.length <= 64 ? await getProjectDeploys(params.id) : null;
  if (!deploys) return jsonError(404, "That project does not exist (any more).");
  return NextResponse.json(deploys, { headers: { "Cache-Control": "no-store" } });
});
