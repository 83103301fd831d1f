// GET /api/projects/:id/flags — the project's feature flags with their latest change (listProjectFlags) as JSON.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { listProjectFlags } from "@/lib/deploys/queries";
import { jsonError, protectedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = protectedRoute<{ id?: string }>("release.view", async (_request, { params }) => {
  const id = params.id;
  const project = id && id.length <= 64 ? await db.project.findUnique({ where: { id }, select: { id: true } }) : null;
  if (!project) return jsonError(404, "That project does not exist (any more).");
  return NextResponse.json(await listProjectFlags(project.id), { headers: { "Cache-Control": "no-store" } });
});
