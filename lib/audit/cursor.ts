// The audit log's current position, for live pages: a server component reads it BEFORE the data it renders
// and hands it to useLiveEvents(…, { since }), so the stream replays whatever that data could not include
// (lib/events/cursor.ts), and a reconnect that saw no event yet still knows where to resume.
import "server-only";
import { db } from "@/lib/db";
import { MAX_SNAPSHOT_LENGTH } from "@/lib/events/cursor";

/** The newest visible audit id ("0" for an empty log) and the snapshot it was read under: "18~740:745:742". */
export async function liveCursor(): Promise<string> {
  // One statement, so the id and the snapshot describe the same moment.
  const [row] = await db.$queryRaw<{ id: string; snapshot: string }[]>`
    SELECT COALESCE(max(id), 0)::text AS id, pg_current_snapshot()::text AS snapshot FROM "AuditEvent"`;
  // Hundreds of transactions in flight: the plain id, whose replay starts a little before it instead.
  return row!.snapshot.length > MAX_SNAPSHOT_LENGTH ? row!.id : `${row!.id}~${row!.snapshot}`;
}
