-- The audit log is append-only: TRUNCATE is refused as UPDATE and DELETE are (the runtime role has no
-- TRUNCATE privilege either; see lib/db/roles.ts).
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "preflight_internal"."refuse_audit_change"();
