// GET /api/releases?q=…&status=…&project=…&from=…&to=…&cursor=… — one page of the release history, filtered as
// /releases is (readHistory), as JSON. Filters that cannot be used are left out, as on the page.
import { NextResponse } from "next/server";
import { protectedRoute } from "@/lib/http/route";
import { readHistory } from "@/lib/releases/history";

export const dynamic = "force-dynamic";

export const GET = protectedRoute("release.view", async (request) => {
  const { page } = await readHistory(new URL(request.url).searchParams);
  return NextResponse.json(page, { headers: { "Cache-Control": "no-store" } });
});
