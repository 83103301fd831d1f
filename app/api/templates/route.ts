// GET /api/templates — the templates that are not archived, with their counts (listTemplates) as JSON.
import { NextResponse } from "next/server";
import { protectedRoute } from "@/lib/http/route";
import { listTemplates } from "@/lib/templates/queries";

export const dynamic = "force-dynamic";

export const GET = protectedRoute("release.view", async () => {
  return NextResponse.json(await listTemplates(), { headers: { "Cache-Control": "no-store" } });
});
