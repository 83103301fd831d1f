-- AlterTable
ALTER TABLE "ReleaseItem" ADD COLUMN     "recordsIncident" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "stepName" TEXT,
ADD COLUMN     "tickedByRunId" TEXT;

-- AlterTable
ALTER TABLE "SignoffRequirement" ADD COLUMN     "scope" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "TemplateItem" ADD COLUMN     "recordsIncident" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "stepName" TEXT;

-- AlterTable
ALTER TABLE "TemplateSignoffRequirement" ADD COLUMN     "scope" TEXT[] DEFAULT ARRAY[]::TEXT[];
