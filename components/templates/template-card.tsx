import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { formatDate } from "@/lib/format";
import { formatMonitoringWindow } from "@/lib/templates/labels";
import type { TemplateSummary } from "@/lib/templates/queries";

/** A template in the list: the whole card is one link to the template (the title's link is stretched over it). */
export function TemplateCard({ template }: { template: TemplateSummary }) {
  const { counts } = template;
  return (
    <Card className="relative flex h-full flex-col gap-4 p-5 transition-colors focus-within:border-border-strong hover:border-border-strong">
      <div className="flex min-w-0 flex-col gap-1.5">
        <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1">
          <h2 className="min-w-0 text-base font-semibold tracking-tight [overflow-wrap:anywhere]">
            <Link
              href={`/templates/${template.id}`}
              className="rounded-sm text-foreground after:absolute after:inset-0 after:rounded-lg after:content-[''] hover:text-link"
            >
              {template.name}
            </Link>
          </h2>
          {template.isDefault ? <Badge tone="info">Default</Badge> : null}
        </div>
        {template.description ? (
          <p className="line-clamp-3 text-sm text-muted [overflow-wrap:anywhere]">{template.description}</p>
        ) : null}
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 border-t border-border pt-4 sm:grid-cols-4">
        <Stat label="Sections" value={counts.sections} />
        <Stat label="Items" value={counts.items} />
        <Stat label="Required" value={counts.requiredItems} />
        <Stat label="Sign-offs" value={counts.signoffs} />
      </dl>
      <p className="mt-auto flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
        <span>Monitoring window: {formatMonitoringWindow(template.monitoringWindowHours)}</span>
        <span>
          Updated <time dateTime={template.updatedAt.toISOString()}>{formatDate(template.updatedAt)}</time>
        </span>
      </p>
    </Card>
  );
}
