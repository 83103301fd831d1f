// GET /api/releases/:id — the release page's data (getReleaseDetail) as JSON, for TanStack Query to
// refetch after a change. Dates are ISO strings; the page turns them back into Dates.
import { NextResponse } from "next/server";
import { jsonError, protectedRoute } from "@/lib/http/route";
import { getReleaseDetail } from "@/lib/releases/queries";

export const dynamic = "force-dynamic";

export const GET = protectedRoute<{ id?: string }>("release.view", async (_request, { params }) => {
  const id = params.id;
  const release = id && id.length <= 64 ? await getReleaseDetail(id) : null;
  if (!release) return jsonError(404, "That release does not exist (any more).");
  return NextResponse.json(release, { headers: { "Cache-Control": "no-store" } });
});
