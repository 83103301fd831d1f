"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/ui/empty-state";
import { templateListQuery } from "@/lib/templates/queries-client";
import { TemplateCard } from "./template-card";

/** The templates that are not archived, from the query cache (prefetched by the server, kept current by live events). */
export function TemplateList({ canManage }: { canManage: boolean }) {
  const { data: templates } = useSuspenseQuery(templateListQuery());
  if (templates.length === 0) {
    return (
      <EmptyState
        title="No templates yet"
        description={
          canManage
            ? "A template is the checklist a release is created from. Import one from Markdown, or start a new one."
            : "A template is the checklist a release is created from. Run `npm run db:seed` for the default template, or ask an admin to import one."
        }
      />
    );
  }
  return (
    <ul className="grid gap-4 md:grid-cols-2" aria-label="Templates">
      {templates.map((template) => (
        <li key={template.id} className="min-w-0">
          <TemplateCard template={template} />
        </li>
      ))}
    </ul>
  );
}
