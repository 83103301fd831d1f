// GET /api/projects — the home page's overview (listProjectsWithRecentReleases) as JSON.
import { NextResponse } from "next/server";
import { protectedRoute } from "@/lib/http/route";
import { listProjectsWithRecentReleases } from "@/lib/projects/queries";

export const dynamic = "force-dynamic";

export const GET = protectedRoute("release.view", async () => {
  return NextResponse.json(await listProjectsWithRecentReleases(), { headers: { "Cache-Control": "no-store" } });
});
