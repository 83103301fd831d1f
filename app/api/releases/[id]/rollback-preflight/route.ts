// GET /api/releases/:id/rollback-preflight — what a rollback of the release would do and check, now
// (lib/deploys/rollback-preflight.ts), for the rollback dialog. The action checks again when it starts.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { loadRollbackPreflight } from "@/lib/deploys/rollback-preflight";
import { jsonError, protectedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = protectedRoute<{ id?: string }>("release.view", async (_request, { params }) => {
  const id = params.id;
  const preflight = id && id.length <= 64 ? await loadRollbackPreflight(db, id, new Date()) : null;
  if (!preflight) return jsonError(404, "That release does not exist (any more).");
  const { checks, failed, steps } = preflight;
  return NextResponse.json({ checks, failed, steps }, { headers: { "Cache-Control": "no-store" } });
});
