import type { Metadata } from "next";
import { ReleaseTable } from "@/components/releases/release-table";
import { EmptyState } from "@/components/ui/empty-state";
import { listReleases } from "@/lib/releases/queries";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Releases" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

export default async function ReleasesPage() {
  await requireUser();
  const { releases, hasMore } = await listReleases({ take: PAGE_SIZE });
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Releases</h1>
        <p className="text-sm text-muted">Every release across your projects, newest first.</p>
      </header>
      {releases.length === 0 ? (
        <EmptyState
          title="No releases yet"
          description="A release is created from a checklist template for one of your projects. Run `npm run db:seed` for the demo releases."
        />
      ) : (
        <div className="flex flex-col gap-3">
          <ReleaseTable releases={releases} caption="Releases across all projects, newest first" />
          {hasMore ? <p className="text-xs text-muted">Showing the {PAGE_SIZE} most recent releases.</p> : null}
        </div>
      )}
    </div>
  );
}
