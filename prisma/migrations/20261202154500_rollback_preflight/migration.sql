-- Rollback preflight: what a step is for (its pipeline's `purpose`: backup, migrate, downgrade), what a shell step
-- reported through $PREFLIGHT_OUTPUT (e.g. migrations=0), and how old a project's last backup may be when a
-- rollback starts.
ALTER TABLE "DeployStep" ADD COLUMN "purpose" TEXT;
ALTER TABLE "DeployStep" ADD COLUMN "outputs" JSONB;
ALTER TABLE "Project" ADD COLUMN "backupMaxAgeHours" INTEGER NOT NULL DEFAULT 24;
-- The newest backup of a project is looked up by purpose and status.
CREATE INDEX "DeployStep_purpose_status_finishedAt_idx" ON "DeployStep"("purpose", "status", "finishedAt");
