// GET /api/releases/:id/probe-results?step=<step id>&before=<result id>&take=<n> — a release's PROBE checks
// (or one step's), the newest `take` before `before`, oldest first, as { results, hasMore }. Read by the run
// page's probe chart (components/deploys/probe-results.tsx).
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { listReleaseProbeResults, MAX_PROBE_RESULTS_PAGE_SIZE, PROBE_RESULTS_PAGE_SIZE } from "@/lib/deploys/queries";
import { parseIntegerParam } from "@/lib/http/query";
import { jsonError, protectedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const GET = protectedRoute<{ id?: string }>("release.view", async (request, { params }) => {
  const id = params.id;
  const query = new URL(request.url).searchParams;
  const step = query.get("step");
  const before = query.get("before");
  if ((step !== null && !ID.test(step)) || (before !== null && !ID.test(before))) return jsonError(400, "step and before are ids (letters, digits, _ and -).");
  const take = parseIntegerParam(query.get("take"), "take", { min: 1, max: MAX_PROBE_RESULTS_PAGE_SIZE, fallback: PROBE_RESULTS_PAGE_SIZE });
  if (!take.ok) return jsonError(400, take.message);
  const exists = id && id.length <= 64 ? await db.release.findUnique({ where: { id }, select: { id: true } }) : null;
  if (!exists) return jsonError(404, "That release does not exist (any more).");
  const page = await listReleaseProbeResults(exists.id, { stepId: step ?? undefined, before, take: take.value });
  return NextResponse.json(page, { headers: { "Cache-Control": "no-store" } });
});
