import type { Db } from "@/lib/db-types";
import type { Prisma } from "@/lib/generated/prisma/client";
import { boundAuditPayload } from "./bounds";

export interface AuditEventInput {
  type: string;
  actorId?: string | null;
  releaseId?: string | null;
  projectId?: string | null;
  payload?: Prisma.InputJsonValue;
}

/** Appends to the audit log (payload bounded, see ./bounds). Call it in the same transaction as the change it records. */
export async function recordAuditEvent(db: Db, event: AuditEventInput): Promise<void> {
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
