// Applies a pipeline step's end to the release items bound to it (see release-day.ts): success ticks them,
// attributed to the deploy (no person) with the run as evidence; failure notes them. Called in the
// transaction that records the step's outcome (worker) or its approval (action), so item, audit and step
// commit together.
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
  const runLabel = `${run.kind === "DEPLOY" ? "deploy" : "rollback"} run ${run.id}`;
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
    await recordAuditEvent(db, {
      type: effect.kind === "tick" ? "item.ticked" : "item.deploy_failed",
      actorId: null,
      releaseId: run.releaseId,
      projectId: run.projectId,
      payload: {
        itemId: item.id,
        title: item.title,
        phase: item.phase,
        by: run.kind === "DEPLOY" ? "deploy" : "rollback",
        runId: run.id,
        step: step.name,
        evidenceUrl,
        ...(effect.kind === "note" ? { note: effect.note } : {}),
      },
    });
    touched.push(item.id);
  }
  return touched;
}

/** A person's note is kept; the deploy's line goes after it (within the note's limit). */
function joinNote(existing: string | null, line: string): string {
  if (!existing?.trim()) return line;
  const room = RELEASE_LIMITS.noteChars - line.length - 2;
  return room > 0 ? `${existing.trimEnd().slice(0, room)}\n\n${line}` : line.slice(0, RELEASE_LIMITS.noteChars);
}
