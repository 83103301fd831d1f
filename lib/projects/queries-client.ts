// The browser's reads of projects: the home page's overview (projects with their latest releases). The one
// place its query key is spelled, and which live events make it stale.
import { queryOptions, type QueryKey } from "@tanstack/react-query";
import { affectsOf } from "@/lib/audit/events/affects";
import type { AuditNotice } from "@/lib/events/notice";
import { fetchJson, reviveDates } from "@/lib/http/fetch-json";
import type { ProjectWithRecentReleases } from "./queries";

export const projectKeys = {
  all: ["projects"] as const,
  overview: ["projects", "overview"] as const,
};

const releaseDates = ["plannedAt", "releasedAt", "deployingAt", "monitoringAt", "failedAt", "rollingBackAt", "rolledBackAt", "cancelledAt", "breakGlassAt"] as const;

export function projectsOverviewQuery() {
  return queryOptions({
    queryKey: projectKeys.overview,
    queryFn: async ({ signal }) => reviveDates(await fetchJson<ProjectWithRecentReleases[]>("/api/projects", "projects", signal), releaseDates),
  });
}

/**
 * A project changed, or a release moved or its checklist progress did (the overview lists the latest releases
 * with their progress): the overview is stale. From what the event's type changes (lib/audit/events affectsOf).
 */
export function keysFor(notice: AuditNotice): QueryKey[] {
  const affects = affectsOf(notice.type);
  return affects.includes("projects") || affects.includes("releases-list") ? [projectKeys.overview] : [];
}
