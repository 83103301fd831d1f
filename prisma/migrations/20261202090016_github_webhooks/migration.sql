-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "githubWebhookSecret" TEXT;

-- AlterTable
ALTER TABLE "ReleaseItem" ADD COLUMN     "automation" TEXT,
ADD COLUMN     "tickedByIntegration" TEXT;

-- AlterTable
ALTER TABLE "TemplateItem" ADD COLUMN     "automation" TEXT;

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "bodyBytes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "replayCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "signatureValid" BOOLEAN NOT NULL DEFAULT true;
