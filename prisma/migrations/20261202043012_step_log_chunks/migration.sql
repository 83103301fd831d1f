-- Deploy logs are stored in chunks: one row per written batch of a step attempt's lines (up to 10,000),
-- encoded as text, instead of one row per line (lib/deploys/log-chunks.ts). A line's id is
-- `chunk id * 10000 + its index`. Writing a batch then costs one row, one foreign-key check and one index
-- entry, with almost nothing for PostgreSQL to parse.

CREATE TABLE "StepLogChunk" (
    "id" BIGSERIAL NOT NULL,
    "stepId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "lineCount" INTEGER NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lines" TEXT NOT NULL,
    "streams" TEXT NOT NULL,
    "offsets" TEXT NOT NULL,

    CONSTRAINT "StepLogChunk_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "StepLogChunk_shape" CHECK ("lineCount" BETWEEN 1 AND 10000 AND char_length("streams") = "lineCount")
);

CREATE INDEX "StepLogChunk_stepId_id_idx" ON "StepLogChunk"("stepId", "id");

ALTER TABLE "StepLogChunk" ADD CONSTRAINT "StepLogChunk_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "DeployStep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing logs move into chunks of up to 5,000 lines per step attempt, in their original order.
INSERT INTO "StepLogChunk" ("stepId", "attempt", "lineCount", "firstAt", "lines", "streams", "offsets")
SELECT "stepId", "attempt", count(*), min("first_at"),
       string_agg(translate("line", E'\r\n', '  '), E'\n' ORDER BY "id"),
       string_agg(CASE "stream" WHEN 'STDOUT' THEN 'O' WHEN 'STDERR' THEN 'E' ELSE 'S' END, '' ORDER BY "id"),
       string_agg(floor(extract(epoch FROM "at" - "first_at") * 1000)::bigint::text, ',' ORDER BY "id")
FROM (
  SELECT *, first_value("at") OVER (PARTITION BY "stepId", "attempt", "part" ORDER BY "id") AS "first_at"
  FROM (
    SELECT *, (row_number() OVER (PARTITION BY "stepId", "attempt" ORDER BY "id") - 1) / 5000 AS "part"
    FROM "StepLogLine"
  ) AS numbered
) AS placed
GROUP BY "stepId", "attempt", "part"
ORDER BY min("id");

DROP TRIGGER "StepLogLine_notify" ON "StepLogLine";
DROP TABLE "StepLogLine";

-- One NOTIFY per step per insert statement, naming the id of the step's last line now stored.
CREATE OR REPLACE FUNCTION "preflight_internal"."notify_step_logs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('preflight_logs', json_build_object(
    'stepId', batch."stepId",
    'runId', batch."runId",
    'releaseId', batch."releaseId",
    'projectId', batch."projectId",
    'lastId', batch.last_id::text
  )::text)
  FROM (
    SELECT c."stepId", s."runId", r."releaseId", r."projectId", max(c.id * 10000 + c."lineCount" - 1) AS last_id
    FROM new_rows c
    JOIN "DeployStep" s ON s.id = c."stepId"
    JOIN "DeployRun" r ON r.id = s."runId"
    GROUP BY c."stepId", s."runId", r."releaseId", r."projectId"
  ) AS batch;
  RETURN NULL;
END
$$;

CREATE TRIGGER "StepLogChunk_notify" AFTER INSERT ON "StepLogChunk"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "preflight_internal"."notify_step_logs"();
