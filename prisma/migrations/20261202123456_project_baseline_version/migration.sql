-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "baselineVersion" TEXT;
