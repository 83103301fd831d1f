-- DropIndex
DROP INDEX "DeployRun_status_idx";

-- AlterTable
ALTER TABLE "DeployRun" ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "workerId" TEXT;

-- CreateIndex
CREATE INDEX "DeployRun_status_heartbeatAt_idx" ON "DeployRun"("status", "heartbeatAt");
