import type { Metadata } from "next";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import {
  ApprovalFields,
  PhaseSection,
  SignoffRequirements,
  groupSectionsByPhase,
  phaseAnchor,
} from "@/components/templates/template-checklist";
import { TemplateActions } from "@/components/templates/template-actions";
import { Badge } from "@/components/ui/badge";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { can } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/format";
import { formatMonitoringWindow } from "@/lib/templates/labels";
import { getTemplateById } from "@/lib/templates/queries";
import { requireUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

type TemplatePageProps = { params: Promise<{ id: string }>; searchParams: Promise<{ notice?: string | string[] }> };

/** Confirmations shown after arriving from the editor, the import or a duplicate (`?notice=saved`). */
const notices: Record<string, string> = {
  saved: "Template saved. Releases created before keep the checklist they started with.",
  imported: "Template imported.",
  duplicated: "Template duplicated. This is the copy: edit it as you like.",
};

export async function generateMetadata({ params }: TemplatePageProps): Promise<Metadata> {
  const template = await getTemplateById((await params).id);
  return { title: template ? template.name : "Template not found" };
}

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-sm font-medium text-foreground tabular-nums">{children}</dd>
    </div>
  );
}

export default async function TemplatePage({ params, searchParams }: TemplatePageProps) {
  const user = await requireUser();
  const template = await getTemplateById((await params).id);
  if (!template) notFound();
  const { notice: noticeKey } = await searchParams;
  const notice = typeof noticeKey === "string" && Object.hasOwn(notices, noticeKey) ? notices[noticeKey] : undefined;

  const phases = groupSectionsByPhase(template.sections);
  const items = template.sections.flatMap((section) => section.items);
  const required = items.filter((item) => item.required).length;

  return (
    <div className="flex flex-col gap-8">
      <Breadcrumbs items={[{ label: "Templates", href: "/templates" }, { label: template.name, className: "min-w-0 truncate", title: template.name }]} />

      <header className="flex flex-col gap-4">
        <div className="flex flex-col gap-2">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <h1 className="min-w-0 text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">{template.name}</h1>
            {template.isDefault ? <Badge tone="info">Default</Badge> : null}
            {template.archivedAt ? <Badge tone="warning">Archived</Badge> : null}
          </div>
          {template.description ? (
            <p className="max-w-prose text-sm text-muted [overflow-wrap:anywhere]">{template.description}</p>
          ) : null}
          {template.archivedAt ? (
            <p className="text-sm text-warning-text">
              Archived on {formatDate(template.archivedAt)}: new releases can no longer start from it.
            </p>
          ) : null}
        </div>
        {notice ? (
          <p role="status" className="rounded-md border border-success/25 bg-success-soft px-3 py-2 text-sm text-success-text">
            {notice}
          </p>
        ) : null}
        <TemplateActions
          template={{ id: template.id, name: template.name, isDefault: template.isDefault, archived: template.archivedAt !== null }}
          canManage={can(user, "template.manage").allowed}
        />
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 rounded-lg border border-border bg-surface p-4 sm:grid-cols-3 lg:grid-cols-6">
          <Stat label="Sections">{template.sections.length}</Stat>
          <Stat label="Items">{items.length}</Stat>
          <Stat label="Required items">{required}</Stat>
          <Stat label="Sign-offs">{template.signoffRequirements.length}</Stat>
          <Stat label="Monitoring window">{formatMonitoringWindow(template.monitoringWindowHours)}</Stat>
          <Stat label="Last updated">
            <time dateTime={template.updatedAt.toISOString()}>{formatDate(template.updatedAt)}</time>
          </Stat>
        </dl>
        {phases.length > 1 ? (
          <nav aria-label="Phases">
            <ul className="flex flex-wrap gap-2">
              {phases.map((group) => (
                <li key={group.phase} className="min-w-0">
                  <a
                    href={`#${phaseAnchor(group.phase)}`}
                    className="inline-flex max-w-full items-center rounded-full border border-border bg-surface px-3 py-1 text-xs font-medium text-foreground hover:bg-surface-muted"
                  >
                    <span className="truncate">{group.title}</span>
                  </a>
                </li>
              ))}
              <li>
                <a
                  href="#signoffs"
                  className="inline-flex items-center rounded-full border border-border bg-surface px-3 py-1 text-xs font-medium text-foreground hover:bg-surface-muted"
                >
                  Sign-offs
                </a>
              </li>
            </ul>
          </nav>
        ) : null}
      </header>

      {phases.length === 0 ? (
        <p className="text-sm text-muted">This template has no sections yet.</p>
      ) : (
        phases.map((group) => <PhaseSection key={group.phase} group={group} />)
      )}

      <section aria-labelledby="signoffs-heading" id="signoffs" className="flex scroll-mt-24 flex-col gap-3">
        <div className="border-b border-border pb-2">
          <h2 id="signoffs-heading" className="text-lg font-semibold tracking-tight">
            Sign-offs
          </h2>
        </div>
        <SignoffRequirements requirements={template.signoffRequirements} />
      </section>

      <section aria-labelledby="approval-heading" className="flex flex-col gap-3">
        <div className="border-b border-border pb-2">
          <h2 id="approval-heading" className="text-lg font-semibold tracking-tight">
            Approval
          </h2>
        </div>
        <ApprovalFields fields={template.approvalFields} />
      </section>
    </div>
  );
}
