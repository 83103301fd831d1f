-- AlterTable
ALTER TABLE "DeployRun" ADD COLUMN     "queuedAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "sequence" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "DeployRun_releaseId_sequence_idx" ON "DeployRun"("releaseId", "sequence");

-- CreateIndex
CREATE INDEX "DeployRun_projectId_sequence_idx" ON "DeployRun"("projectId", "sequence");

-- CreateIndex
CREATE INDEX "DeployRun_status_queuedAt_idx" ON "DeployRun"("status", "queuedAt");

-- Existing runs: number them in the order they were created, and continue the sequence after them.
UPDATE "DeployRun" AS r SET "sequence" = ordered.n
FROM (SELECT id, row_number() OVER (ORDER BY "createdAt", id) AS n FROM "DeployRun") AS ordered
WHERE r.id = ordered.id;
SELECT setval(pg_get_serial_sequence('"DeployRun"', 'sequence'), COALESCE((SELECT MAX("sequence") FROM "DeployRun"), 0) + 1, false);

-- Under earlier rules a failed run kept the project's deploy lock; a finished run now holds nothing.
DELETE FROM "DeployLock" AS l USING "DeployRun" AS r
WHERE l."runId" = r.id AND r.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED');
