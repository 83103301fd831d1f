// Where a live page's data stands in the audit log: "<newest audit id>" or "<newest audit id>~<snapshot>", the
// snapshot being PostgreSQL's pg_snapshot text ("xmin:xmax:xip,…") of the read that took the id. Audit ids are
// taken at insert but seen at commit, so an event with a lower id can commit after the page read its data; the
// snapshot says which transactions the page could not see, so its stream replays those events and only those.
// Pure (no zod): the browser reads the id part.

export interface LiveCursor {
  id: bigint;
  /** pg_snapshot text; null for a plain event id (a reconnecting browser's Last-Event-ID). */
  snapshot: string | null;
}

const MAX_AUDIT_ID = 2n ** 63n - 1n;
export const MAX_SNAPSHOT_LENGTH = 4_096;
const XID8 = /^\d{1,20}$/;

/** A cursor or a plain event id, as a page or a browser sent it; null when it cannot be one (then no replay). */
export function parseLiveCursor(text: string | null | undefined): LiveCursor | null {
  if (!text) return null;
  const [idText, snapshot, ...rest] = text.split("~");
  if (rest.length > 0 || !idText || !/^\d{1,19}$/.test(idText)) return null;
  const id = BigInt(idText);
  if (id > MAX_AUDIT_ID) return null;
  if (snapshot === undefined) return { id, snapshot: null };
  return isSnapshot(snapshot) ? { id, snapshot } : null;
}

/** The event id of a cursor, as text ("18~…" → "18"); null when it is not a cursor. */
export function cursorEventId(text: string | null | undefined): string | null {
  return parseLiveCursor(text)?.id.toString() ?? null;
}

/** pg_snapshot's text form, checked as PostgreSQL would (xmin ≤ every in-flight xid < xmax), so a cast never fails. */
function isSnapshot(text: string): boolean {
  if (text.length > MAX_SNAPSHOT_LENGTH) return false;
  const [xmin, xmax, xip, ...rest] = text.split(":");
  if (rest.length > 0 || xip === undefined || !XID8.test(xmin!) || !XID8.test(xmax!)) return false;
  const low = BigInt(xmin!);
  const high = BigInt(xmax!);
  if (low < 1n || low > high || high >= 2n ** 63n) return false;
  if (xip === "") return true;
  // In ascending order, as PostgreSQL writes them (and requires).
  let previous = low;
  for (const x of xip.split(",")) {
    if (!XID8.test(x)) return false;
    const value = BigInt(x);
    if (value < previous || value >= high) return false;
    previous = value;
  }
  return true;
}
