// What a live event says, as the server sends it over Server-Sent Events and the browser receives it (JSON:
// dates as ISO strings). Types only, shared by the server (lib/events) and the browser (components/live).

/** The release's view of one audit event: enough to add it to a timeline and to patch the item it names. */
export interface AuditNoticeDetail {
  at: string;
  actor: { id: string; name: string } | null;
  /** Whether the payload was read against the audit catalogue (lib/audit/events/payloads.ts parseAuditEvent). */
  known: boolean;
  payload: unknown;
  /** The checklist item the event names, as it is now (null when it is gone, absent when the event names none). */
  item?: Record<string, unknown> | null;
}

export interface AuditNotice {
  id: string;
  type: string;
  releaseId: string | null;
  projectId: string | null;
  runId: string | null;
  stepId: string | null;
  itemId: string | null;
  /** Sent on a release's stream (the release page shows the event itself), not on project or global streams. */
  detail?: AuditNoticeDetail;
}

/** New lines of a deploy step's log (one notice per batch the worker writes). */
export interface LogNotice {
  stepId: string;
  runId: string;
  releaseId: string;
  projectId: string;
  lastId: string;
}

export type LiveScope = { releaseId: string } | { projectId: string } | { all: true };
