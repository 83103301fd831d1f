// GET /api/steps/:id/logs?after=<line id>&take=<n> — a deploy step's log lines after `after` (exclusive),
// oldest first, as { lines, hasMore }. Line ids are strings (BigInt in the database). Secrets were masked
// when the lines were written. Polled by useStepLogs (components/deploys/hooks.ts).
import { NextResponse } from "next/server";
import { getStepLogs, LOG_PAGE_SIZE, MAX_LOG_PAGE_SIZE, stepExists } from "@/lib/deploys/queries";
import { parseBigIntIdParam, parseIntegerParam } from "@/lib/http/query";
import { jsonError, protectedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = protectedRoute<{ id?: string }>("release.view", async (request, { params }) => {
  const stepId = params.id ?? "";
  const query = new URL(request.url).searchParams;
  const after = parseBigIntIdParam(query.get("after"), "after");
  if (!after.ok) return jsonError(400, after.message);
  const take = parseIntegerParam(query.get("take"), "take", { min: 1, max: MAX_LOG_PAGE_SIZE, fallback: LOG_PAGE_SIZE });
  if (!take.ok) return jsonError(400, take.message);
  if (!(await stepExists(stepId))) return jsonError(404, "That deploy step does not exist (any more).");
  return NextResponse.json(await getStepLogs(stepId, { afterId: after.value, take: take.value }), { headers: { "Cache-Control": "no-store" } });
});
