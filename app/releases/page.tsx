import type { Metadata } from "next";
import Link from "next/link";
import { HistoryFilterForm } from "@/components/releases/history-filter-form";
import { ReleaseTable } from "@/components/releases/release-table";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requireUser } from "@/lib/auth/session";
import {
  describeFilters,
  hasActiveFilters,
  historyHref,
  listProjectsForFilter,
  listReleaseHistory,
  parseHistoryFilters,
  type HistoryFilters,
} from "@/lib/releases/history";

export const metadata: Metadata = { title: "Releases" };
export const dynamic = "force-dynamic";

interface ReleasesPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function joinWords(parts: string[]): string {
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "");
}

function IgnoredFilters({ messages }: { messages: string[] }) {
  return (
    <div role="status" className="rounded-lg border border-warning/30 bg-warning-soft px-4 py-3 text-sm text-warning-text">
      <p className="font-medium">Some filters in this link could not be used:</p>
      <ul className="mt-1 list-disc pl-5">
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}

function Pagination({ filters, prevCursor, nextCursor }: { filters: HistoryFilters; prevCursor?: string; nextCursor: string | null }) {
  const { cursor: _current, ...rest } = filters;
  return (
    <nav aria-label="Pages of releases" className="flex items-center justify-between gap-3">
      {prevCursor ? (
        <Button asChild variant="secondary" size="sm">
          <Link href={historyHref({ ...rest, cursor: prevCursor })} rel="prev">
            ← Newer<span className="sr-only"> releases</span>
          </Link>
        </Button>
      ) : (
        <Button variant="secondary" size="sm" disabled>
          ← Newer<span className="sr-only"> releases</span>
        </Button>
      )}
      {nextCursor ? (
        <Button asChild variant="secondary" size="sm">
          <Link href={historyHref({ ...rest, cursor: nextCursor })} rel="next">
            Older<span className="sr-only"> releases</span> →
          </Link>
        </Button>
      ) : (
        <Button variant="secondary" size="sm" disabled>
          Older<span className="sr-only"> releases</span> →
        </Button>
      )}
    </nav>
  );
}

export default async function ReleasesPage({ searchParams }: ReleasesPageProps) {
  await requireUser();
  const parsed = parseHistoryFilters(await searchParams);
  const { filters } = parsed;
  const messages = [...parsed.messages];

  const projects = await listProjectsForFilter();
  const project = filters.project ? projects.find((p) => p.slug === filters.project) : undefined;
  if (filters.project && !project) {
    messages.push(`There is no project “${filters.project}”, so the project filter was ignored.`);
    delete filters.project;
  }
  const { rows, nextCursor, prevCursor } = await listReleaseHistory(filters);

  const filtered = hasActiveFilters(filters);
  const described = describeFilters(filters, project?.name);
  const { cursor: _cursor, ...withoutCursor } = filters;
  const noun = (n: number) => `${n} release${n === 1 ? "" : "s"}`;

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Releases</h1>
        <p className="text-sm text-muted">Every release across your projects, newest first. Filters are kept in the link, so a view can be shared or bookmarked.</p>
      </header>

      <HistoryFilterForm key={historyHref(withoutCursor)} projects={projects} values={filters} canClear={filtered || messages.length > 0} />

      {messages.length > 0 ? <IgnoredFilters messages={messages} /> : null}

      {rows.length === 0 ? (
        filters.cursor ? (
          <EmptyState
            title="No more releases here"
            description="The releases this link pointed to have moved on."
            action={
              <Button asChild variant="secondary">
                <Link href={historyHref(withoutCursor)}>Back to the newest releases</Link>
              </Button>
            }
          />
        ) : filtered ? (
          <EmptyState
            title="No releases match these filters"
            description={`Nothing matched ${joinWords(described)}. Try fewer filters, or clear them to see every release.`}
            action={
              <Button asChild variant="secondary">
                <Link href="/releases">Clear filters</Link>
              </Button>
            }
          />
        ) : (
          <EmptyState
            title="No releases yet"
            description="A release is created from a checklist template for one of your projects. Run `npm run db:seed` for the demo releases."
          />
        )
      ) : (
        <section aria-labelledby="results-heading" className="flex flex-col gap-3">
          <h2 id="results-heading" className="sr-only">
            Results
          </h2>
          <p className="text-sm text-muted" aria-live="polite">
            Showing {noun(rows.length)}
            {filtered ? <> matching {joinWords(described)}</> : null}
            .
          </p>
          <ReleaseTable releases={rows} caption={filtered ? "Releases matching the filters, newest first" : "Releases across all projects, newest first"} />
          {prevCursor || nextCursor ? <Pagination filters={filters} prevCursor={prevCursor} nextCursor={nextCursor} /> : null}
        </section>
      )}
    </div>
  );
}
