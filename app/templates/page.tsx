import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import { LiveSubscription } from "@/components/live/live-subscription";
import { TemplateList } from "@/components/templates/template-list";
import { TemplateListActions } from "@/components/templates/template-list-actions";
import { liveCursor } from "@/lib/audit/cursor";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { prefetched } from "@/lib/query-client";
import { listTemplates } from "@/lib/templates/queries";
import { templateListQuery } from "@/lib/templates/queries-client";

export const metadata: Metadata = { title: "Templates" };
export const dynamic = "force-dynamic";

export default async function TemplatesPage() {
  const user = await requireUser();
  const canManage = can(user, "template.manage").allowed;
  // Live updates replay whatever changes after this position, so it is read before the data.
  const since = await liveCursor();
  const templates = await listTemplates();
  const state = prefetched((client) => client.setQueryData(templateListQuery().queryKey, templates));
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-wrap items-end justify-between gap-x-6 gap-y-4">
        <div className="flex min-w-0 flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">Templates</h1>
          <p className="text-sm text-muted">
            Checklists a release starts from: sections, items and the sign-offs it needs before it ships.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <LiveSubscription scope={{ all: true }} since={since} />
          {canManage ? <TemplateListActions /> : null}
        </div>
      </header>
      <HydrationBoundary state={state}>
        <TemplateList canManage={canManage} />
      </HydrationBoundary>
    </div>
  );
}
