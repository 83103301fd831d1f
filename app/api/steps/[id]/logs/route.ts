// GET /api/steps/:id/logs?after=<line id>&take=<n> — a deploy step's log lines after `after` (exclusive),
// oldest first, as { lines, hasMore }. Line ids are strings (BigInt in the database). Secrets were masked
// when the lines were written. Polled by useStepLogs (components/deploys/hooks.ts).
import { NextResponse } from "next/server";
import { getStepLogs, LOG_PAGE_SIZE, MAX_LOG_PAGE_SIZE, stepExists } from "@/lib/deploys/queries";
import { jsonError, protectedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = protectedRoute<{ id?: string }>("release.view", async (request, { params }) => {
  const stepId = params.id ?? "";
  const query = new URL(request.url).searchParams;
  const after = query.get("after") || null;
  if (after !== null && !/^\d{1,19}$/.test(after)) return jsonError(400, "`after` must be a log line id (digits).");
  const takeParam = query.get("take");
  const take = takeParam === null ? LOG_PAGE_SIZE : Number(takeParam);
  if (!Number.isInteger(take) || take < 1 || take > MAX_LOG_PAGE_SIZE) return jsonError(400, `\`take\` must be a whole number from 1 to ${MAX_LOG_PAGE_SIZE}.`);
  if (!(await stepExists(stepId))) return jsonError(404, "That deploy step does not exist (any more).");
  return NextResponse.json(await getStepLogs(stepId, { afterId: after, take }), { headers: { "Cache-Control": "no-store" } });
});
