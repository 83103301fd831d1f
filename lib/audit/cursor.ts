// The audit log's current position, for live pages: a server component reads it BEFORE the data it renders
// and hands it to useLiveEvents(…, { since }), so the stream replays whatever changed between the render and
// the connection (and a reconnect that saw no event yet still knows where to resume).
import "server-only";
import { db } from "@/lib/db";

/** The id of the newest audit event as a string ("0" for an empty log). */
export async function latestAuditEventId(): Promise<string> {
  const latest = await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return latest ? latest.id.toString() : "0";
}
