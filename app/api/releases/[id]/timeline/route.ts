// GET /api/releases/:id/timeline — the release's latest audit events (getReleaseTimeline) as JSON, for the
// timeline on the release page to refetch after a change.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { jsonError, protectedRoute } from "@/lib/http/route";
import { getReleaseTimeline } from "@/lib/releases/queries";

export const dynamic = "force-dynamic";

export const GET = protectedRoute<{ id?: string }>("release.view", async (_request, { params }) => {
  const id = params.id;
  const exists = id && id.length <= 64 ? await db.release.findUnique({ where: { id }, select: { id: true } }) : null;
  if (!exists) return jsonError(404, "That release does not exist (any more).");
  return NextResponse.json(await getReleaseTimeline(exists.id), { headers: { "Cache-Control": "no-store" } });
});
