-- Live updates: every audit event and every batch of deploy log lines is announced with NOTIFY in the
-- transaction that writes it (delivered on commit, never for a rolled-back change). Payloads stay small
-- (ids only, well under NOTIFY's 8 kB limit); listeners read the details they need.
CREATE FUNCTION "preflight_internal"."notify_audit_event"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('preflight_events', json_build_object(
    'id', NEW.id::text,
    'type', NEW.type,
    'releaseId', NEW."releaseId",
    'projectId', NEW."projectId",
    'runId', NEW.payload->>'runId',
    'stepId', NEW.payload->>'stepId',
    'itemId', NEW.payload->>'itemId'
  )::text);
  RETURN NEW;
END
$$;

CREATE TRIGGER "AuditEvent_notify" AFTER INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "preflight_internal"."notify_audit_event"();

-- One NOTIFY per step per batch insert, not per line.
CREATE FUNCTION "preflight_internal"."notify_step_logs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('preflight_logs', json_build_object(
    'stepId', batch."stepId",
    'runId', batch."runId",
    'releaseId', batch."releaseId",
    'projectId', batch."projectId",
    'lastId', batch.last_id::text
  )::text)
  FROM (
    SELECT l."stepId", s."runId", r."releaseId", r."projectId", max(l.id) AS last_id
    FROM new_rows l
    JOIN "DeployStep" s ON s.id = l."stepId"
    JOIN "DeployRun" r ON r.id = s."runId"
    GROUP BY l."stepId", s."runId", r."releaseId", r."projectId"
  ) AS batch;
  RETURN NULL;
END
$$;

CREATE TRIGGER "StepLogLine_notify" AFTER INSERT ON "StepLogLine"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "preflight_internal"."notify_step_logs"();
