-- The transaction that wrote each audit event. A live page's cursor holds the snapshot its data was read
-- under, so its stream replays exactly the events that snapshot did not see (lib/events/stream.ts): an event
-- whose id is below the cursor's but whose transaction committed later is replayed, the others are not.
-- Existing rows get this migration's transaction id, which every later snapshot sees.
ALTER TABLE "AuditEvent" ADD COLUMN "txid" xid8 NOT NULL DEFAULT pg_current_xact_id();
