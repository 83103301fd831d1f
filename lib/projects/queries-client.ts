// The browser's reads of projects: the home page's overview (projects with their latest releases). The one
// place its query key is spelled, and which live events make it stale.
import { queryOptions, type QueryKey } from "@tanstack/react-query";
import type { AuditNotice } from "@/lib/events/notice";
import { fetchJson, reviveDates } from "@/lib/http/fetch-json";
import type { ProjectWithRecentReleases } from "./queries";

export const projectKeys = {
  all: ["projects"] as const,
  overview: ["projects", "overview"] as const,
};

const releaseDates = ["plannedAt", "releasedAt", "deployingAt", "monitoringAt", "failedAt", "rollingBackAt", "rolledBackAt", "cancelledAt"] as const;

export function projectsOverviewQuery() {
  return queryOptions({
    queryKey: projectKeys.overview,
    queryFn: async ({ signal }) => reviveDates(await fetchJson<ProjectWithRecentReleases[]>("/api/projects", "projects", signal), releaseDates),
  });
}

/** A release was created or moved, or an item's state changed (the checklist progress shown): the overview is stale. */
export function keysFor(notice: AuditNotice): QueryKey[] {
  return /^release\./.test(notice.type) || /^item\.(ticked|unticked|marked_not_applicable)$/.test(notice.type) ? [projectKeys.overview] : [];
}
