-- Break-glass deploys: an admin deploys without every sign-off, with a reason. The release records who, when,
-- why and which sign-offs were missing; those requirements stay due after the deploy until a set time, and a
-- sign-off given then records that it came after the deploy.
-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "breakGlassAt" TIMESTAMP(3),
ADD COLUMN     "breakGlassById" TEXT,
ADD COLUMN     "breakGlassMissing" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "breakGlassOverdueAt" TIMESTAMP(3),
ADD COLUMN     "breakGlassReason" TEXT,
ADD COLUMN     "breakGlassSignoffsDueAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Signoff" ADD COLUMN     "afterBreakGlass" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SignoffRequirement" ADD COLUMN     "dueAfterDeployAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Release_breakGlassSignoffsDueAt_idx" ON "Release"("breakGlassSignoffsDueAt");

-- AddForeignKey
ALTER TABLE "Release" ADD CONSTRAINT "Release_breakGlassById_fkey" FOREIGN KEY ("breakGlassById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Channels that want "a release is waiting for sign-offs" also hear when sign-offs owed after a break-glass
-- deploy are overdue (a new event: without this, no existing channel would subscribe to it).
UPDATE "NotificationChannel" SET "events" = array_append("events", 'break_glass_overdue')
WHERE 'release_awaiting_signoffs' = ANY("events") AND NOT ('break_glass_overdue' = ANY("events"));
