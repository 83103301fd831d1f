"use client";

import Link from "next/link";
import { useSuspenseQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { historyHref, historySearch, type HistoryUrlParams } from "@/lib/releases/history-url";
import { releaseHistoryQuery } from "@/lib/releases/queries-client";
import { ReleaseTable } from "./release-table";

export interface ReleaseHistoryProps {
  /** The filters in use (the server dropped those it could not use), with the page's cursor. */
  filters: HistoryUrlParams;
  /** The filters in words ("status Released"), for the result line and the empty state. */
  described: string[];
  filtered: boolean;
}

function joinWords(parts: string[]): string {
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "");
}

const noun = (n: number) => `${n} release${n === 1 ? "" : "s"}`;

function Pagination({ filters, prevCursor, nextCursor }: { filters: HistoryUrlParams; prevCursor?: string; nextCursor: string | null }) {
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

/** One page of the release history, from the query cache (prefetched by the server, kept current by live events). */
export function ReleaseHistory({ filters, described, filtered }: ReleaseHistoryProps) {
  const { data } = useSuspenseQuery(releaseHistoryQuery(historySearch(filters)));
  const { rows, nextCursor, prevCursor } = data;
  const { cursor: _cursor, ...withoutCursor } = filters;

  if (rows.length === 0) {
    if (filters.cursor) {
      return (
        <EmptyState
          title="No more releases here"
          description="The releases this link pointed to have moved on."
          action={
            <Button asChild variant="secondary">
              <Link href={historyHref(withoutCursor)}>Back to the newest releases</Link>
            </Button>
          }
        />
      );
    }
    if (filtered) {
      return (
        <EmptyState
          title="No releases match these filters"
          description={`Nothing matched ${joinWords(described)}. Try fewer filters, or clear them to see every release.`}
          action={
            <Button asChild variant="secondary">
              <Link href="/releases">Clear filters</Link>
            </Button>
          }
        />
      );
    }
    return (
      <EmptyState
        title="No releases yet"
        description="A release is created from a checklist template for one of your projects. Run `npm run db:seed` for the demo releases."
      />
    );
  }
  return (
    <section aria-labelledby="results-heading" className="flex flex-col gap-3">
      <h2 id="results-heading" className="sr-only">
        Results
      </h2>
      <p className="text-sm text-muted" aria-live="polite">
        Showing {noun(rows.length)}
        {filtered ? <> matching {joinWords(described)}</> : null}.
      </p>
      <ReleaseTable releases={rows} caption={filtered ? "Releases matching the filters, newest first" : "Releases across all projects, newest first"} />
      {prevCursor || nextCursor ? <Pagination filters={filters} prevCursor={prevCursor} nextCursor={nextCursor} /> : null}
    </section>
  );
}
