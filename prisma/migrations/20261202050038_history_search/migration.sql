-- History search: "contains" searches (ILIKE '%…%') on a release's version and title use trigram indexes
-- instead of scanning every release; project and people's names are matched in their own (small) tables
-- and joined through the foreign-key indexes (lib/releases/history.ts). pg_trgm ships with PostgreSQL's
-- contrib modules and is a trusted extension: the database owner can create it, on managed services too.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Release_createdById_idx" ON "Release"("createdById");

CREATE INDEX "Release_version_trgm_idx" ON "Release" USING GIN ("version" gin_trgm_ops);

CREATE INDEX "Release_title_trgm_idx" ON "Release" USING GIN ("title" gin_trgm_ops);
