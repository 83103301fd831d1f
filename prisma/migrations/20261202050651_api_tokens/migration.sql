-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "projectId" TEXT,
ADD COLUMN     "scopes" TEXT[],
ALTER COLUMN "userId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "apiTokenId" TEXT,
ADD COLUMN     "apiTokenName" TEXT;

-- CreateIndex
CREATE INDEX "ApiToken_projectId_idx" ON "ApiToken"("projectId");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A token belongs to a user or to a project, never both or neither.
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_owner_check" CHECK (("userId" IS NULL) <> ("projectId" IS NULL));

-- Every audit event written in a transaction that set these (the action wrapper does, for a request made
-- with an API token) names the token: the changes an action records through any module are all covered.
CREATE FUNCTION "preflight_internal"."audit_event_api_token"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."apiTokenId" IS NULL THEN
    NEW."apiTokenId" := NULLIF(current_setting('preflight.api_token_id', true), '');
    NEW."apiTokenName" := NULLIF(current_setting('preflight.api_token_name', true), '');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "AuditEvent_api_token" BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "preflight_internal"."audit_event_api_token"();
