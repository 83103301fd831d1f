// The /releases URL for a set of history filters. Pure (no server imports) so the filter form, a client
// component, builds the same clean URLs as the server-rendered pagination links.

export const HISTORY_PATH = "/releases";

export interface HistoryUrlParams {
  q?: string;
  status?: readonly string[];
  project?: string;
  from?: string;
  to?: string;
  cursor?: string;
}

/**
 * `/releases?q=…&status=A,B&project=…&from=…&to=…&cursor=…`, leaving out empty values, so a shared or
 * bookmarked link carries exactly the filters in use. Statuses go comma-separated in one parameter.
 */
export function historyHref(params: HistoryUrlParams): string {
  const query = historySearch(params);
  return query ? `${HISTORY_PATH}?${query}` : HISTORY_PATH;
}

/** The query string of historyHref (without "?"): also what the history API takes, and its query's key. */
export function historySearch(params: HistoryUrlParams): string {
  const search = new URLSearchParams();
  const q = params.q?.trim();
  if (q) search.set("q", q);
  if (params.status && params.status.length > 0) search.set("status", params.status.join(","));
  if (params.project) search.set("project", params.project);
  if (params.from) search.set("from", params.from);
  if (params.to) search.set("to", params.to);
  if (params.cursor) search.set("cursor", params.cursor);
  return search.toString();
}

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** A length of time in words at a precision that fits a table cell: "45 min", "5 hours", "3 days". */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < HOUR) return `${Math.max(1, Math.floor(safe / MINUTE))} min`;
  if (safe < 2 * DAY) return plural(Math.floor(safe / HOUR), "hour");
  return plural(Math.floor(safe / DAY), "day");
}
