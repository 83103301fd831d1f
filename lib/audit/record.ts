import type { Db } from "@/lib/db-types";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { boundAuditPayload } from "./bounds";
import { auditPayloadProblem, type AuditPayload } from "./events/payloads";
import type { AuditEventType } from "./events/types";

/** An event to record, without who did it: its type from the catalogue and the payload that type carries. */
export type AuditEventDraft<T extends AuditEventType = AuditEventType> = {
  [K in T]: { type: K; releaseId?: string | null; projectId?: string | null; payload: AuditPayload<K> };
}[T];

export type AuditEventInput<T extends AuditEventType = AuditEventType> = AuditEventDraft<T> & { actorId?: string | null };

const reported = new Set<string>();

/**
 * A payload that does not match the catalogue is a bug in the caller (the types make it hard to write one).
 * In development and tests it throws, so the bug is found where it is made. In production the event is
 * stored as it is and the error logged once per type: the person's change has happened and must keep its
 * audit row, and failing their action over the shape of a log entry would be worse; the timeline shows
 * such a row with a generic sentence.
 */
function checkPayload(type: AuditEventType, payload: unknown): void {
  const problem = auditPayloadProblem(type, payload);
  if (problem === null) return;
  const message = `Audit event ${type} has a payload the catalogue (lib/audit/events/payloads.ts) does not accept:\n${problem}`;
  if (getEnv().NODE_ENV !== "production") throw new Error(message);
  if (reported.has(type)) return;
  reported.add(type);
  log.error({ type }, message);
}

/** Appends to the audit log (payload checked, then bounded: see ./bounds). Call it in the same transaction as the change it records. */
export async function recordAuditEvent<T extends AuditEventType>(db: Db, event: AuditEventInput<T>): Promise<void> {
  checkPayload(event.type, event.payload);
  await db.auditEvent.create({
    data: {
      type: event.type,
      actorId: event.actorId ?? null,
      releaseId: event.releaseId ?? null,
      projectId: event.projectId ?? null,
      payload: boundAuditPayload(event.payload),
    },
  });
}
