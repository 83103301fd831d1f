// Applies a pipeline step's end to the release items bound to it (see release-day.ts): success ticks them,
// attributed to the deploy (no person) with the run as evidence; failure notes them. Called in the
// transaction that records the step's outcome (worker) or its approval (action), so item, audit and step
// commit together.
import { auditTypes } from "@/lib/audit/events/types";
import { recordAuditEvent } from "@/lib/audit/record";
import type { Db } from "@/lib/db-types";
import type { RunKind } from "@/lib/generated/prisma/enums";
import { deployItemEffect, isBoundTo, runEvidenceUrl } from "./release-day";
import { RELEASE_LIMITS } from "./limits";

export interface StepEnd {
  run: { id: string; kind: RunKind; releaseId: string; projectId: string };
  step: { name: string; status: "SUCCEEDED" | "FAILED"; error?: string | null };
}

/** Returns the ids of the items it ticked or noted. */
export async function applyStepToChecklist(db: Db, { run, step }: StepEnd): Promise<string[]> {
  const phase = run.kind === "DEPLOY" ? "RELEASE_DAY" : "ROLLBACK";
  const candidates = await db.releaseItem.findMany({
    where: { releaseId: run.releaseId, phase, stepName: { not: null } },
    select: { id: true, title: true, phase: true, stepName: true, state: true, note: true, evidenceUrl: true, rowVersion: true },
  });
  const by = run.kind === "DEPLOY" ? ("deploy" as const) : ("rollback" as const);
  const runLabel = `${by} run ${run.id}`;
  const evidenceUrl = runEvidenceUrl(run.releaseId, run.id);
  const touched: string[] = [];
  for (const item of candidates.filter((i) => isBoundTo(i, run.kind, step.name))) {
    const effect = deployItemEffect(item, step, runLabel);
    if (effect.kind === "none") continue;
    const now = new Date();
    const data =
      effect.kind === "tick"
        ? { state: "DONE" as const, tickedById: null, tickedAt: now, tickedByRunId: run.id, evidenceUrl, naReason: null }
        : { note: joinNote(item.note, effect.note), tickedByRunId: run.id, ...(item.evidenceUrl ? {} : { evidenceUrl }) };
    // The row version in the WHERE: a person's concurrent edit wins, and this tick is simply not applied.
    const updated = await db.releaseItem.updateMany({ where: { id: item.id, rowVersion: item.rowVersion }, data: { ...data, rowVersion: { increment: 1 } } });
    if (updated.count === 0) continue;
    const named = { itemId: item.id, title: item.title, phase: item.phase, by, runId: run.id, step: step.name, evidenceUrl };
    await recordAuditEvent(db, {
      actorId: null,
      releaseId: run.releaseId,
      projectId: run.projectId,
      ...(effect.kind === "tick" ? { type: auditTypes.itemTicked, payload: named } : { type: auditTypes.itemDeployFailed, payload: { ...named, note: effect.note } }),
    });
    touched.push(item.id);
  }
  return touched;
}

/** A person's note is kept; the deploy's line goes after it (within the note's limit). */
export function joinNote(existing: string | null, line: string): string {
  if (!existing?.trim()) return line;
  const room = RELEASE_LIMITS.noteChars - line.length - 2;
  return room > 0 ? `${existing.trimEnd().slice(0, room)}\n\n${line}` : line.slice(0, RELEASE_LIMITS.noteChars);
}
