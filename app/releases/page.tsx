import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import { LiveSubscription } from "@/components/live/live-subscription";
import { HistoryFilterForm } from "@/components/releases/history-filter-form";
import { ReleaseHistory } from "@/components/releases/release-history";
import { liveCursor } from "@/lib/audit/cursor";
import { requireUser } from "@/lib/auth/session";
import { prefetched } from "@/lib/query-client";
import { describeFilters, hasActiveFilters, historyHref, readHistory } from "@/lib/releases/history";
import { historySearch } from "@/lib/releases/history-url";
import { releaseHistoryQuery } from "@/lib/releases/queries-client";

export const metadata: Metadata = { title: "Releases" };
export const dynamic = "force-dynamic";

interface ReleasesPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
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

export default async function ReleasesPage({ searchParams }: ReleasesPageProps) {
  await requireUser();
  // Live updates replay whatever changes after this position, so it is read before the data.
  const since = await liveCursor();
  const { filters, messages, projects, project, page } = await readHistory(await searchParams);
  const filtered = hasActiveFilters(filters);
  const { cursor: _cursor, ...withoutCursor } = filters;
  const state = prefetched((client) => client.setQueryData(releaseHistoryQuery(historySearch(filters)).queryKey, page));

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-wrap items-end justify-between gap-x-6 gap-y-1">
        <div className="flex min-w-0 flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">Releases</h1>
          <p className="text-sm text-muted">Every release across your projects, newest first. Filters are kept in the link, so a view can be shared or bookmarked.</p>
        </div>
        <LiveSubscription scope={{ all: true }} since={since} />
      </header>

      <HistoryFilterForm key={historyHref(withoutCursor)} projects={projects} values={filters} canClear={filtered || messages.length > 0} />

      {messages.length > 0 ? <IgnoredFilters messages={messages} /> : null}

      <HydrationBoundary state={state}>
        <ReleaseHistory filters={filters} described={describeFilters(filters, project?.name)} filtered={filtered} />
      </HydrationBoundary>
    </div>
  );
}
