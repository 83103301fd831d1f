-- Percentage rollouts (issue 15). A flag that is on stays on for everyone (100 %); one that is off is 0 %.
-- AlterTable
ALTER TABLE "FeatureFlag" ADD COLUMN     "rolloutPercent" INTEGER NOT NULL DEFAULT 100;

-- AlterTable
ALTER TABLE "FlagChange" ADD COLUMN     "rolloutPercent" INTEGER;

-- Existing data: off is 0 %, and the history says what each on/off meant.
UPDATE "FeatureFlag" SET "rolloutPercent" = 0 WHERE NOT "enabled";
UPDATE "FlagChange" SET "rolloutPercent" = CASE WHEN "enabled" THEN 100 ELSE 0 END;
