-- AlterTable
ALTER TABLE "DeployRun" ADD COLUMN     "queuedAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "DeployRun_status_queuedAt_idx" ON "DeployRun"("status", "queuedAt");
