-- AlterEnum
ALTER TYPE "StepKind" ADD VALUE 'PROBE';

-- CreateTable
CREATE TABLE "ProbeResult" (
    "id" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "value" DOUBLE PRECISION,
    "baseline" DOUBLE PRECISION,
    "message" TEXT NOT NULL,

    CONSTRAINT "ProbeResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProbeResult_releaseId_at_idx" ON "ProbeResult"("releaseId", "at");

-- CreateIndex
CREATE INDEX "ProbeResult_stepId_at_idx" ON "ProbeResult"("stepId", "at");

-- AddForeignKey
ALTER TABLE "ProbeResult" ADD CONSTRAINT "ProbeResult_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "DeployStep"("id") ON DELETE CASCADE ON UPDATE CASCADE;
