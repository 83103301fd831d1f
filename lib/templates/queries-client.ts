// The browser's reads of templates: the list on /templates. The one place its query key is spelled, and which
// live events make it stale.
import { queryOptions, type QueryKey } from "@tanstack/react-query";
import { affectsOf } from "@/lib/audit/events/affects";
import type { AuditNotice } from "@/lib/events/notice";
import { fetchJson, reviveDates } from "@/lib/http/fetch-json";
import type { TemplateSummary } from "./queries";

export const templateKeys = {
  all: ["templates"] as const,
  list: ["templates", "list"] as const,
};

export function templateListQuery() {
  return queryOptions({
    queryKey: templateKeys.list,
    queryFn: async ({ signal }) => reviveDates(await fetchJson<TemplateSummary[]>("/api/templates", "templates", signal), ["updatedAt"]),
  });
}

export function keysFor(notice: AuditNotice): QueryKey[] {
  return affectsOf(notice.type).includes("templates") ? [templateKeys.all] : [];
}
