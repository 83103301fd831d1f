import type { Metadata } from "next";
import { TemplateCard } from "@/components/templates/template-card";
import { TemplateListActions } from "@/components/templates/template-list-actions";
import { EmptyState } from "@/components/ui/empty-state";
import { can } from "@/lib/auth/permissions";
import { listTemplates } from "@/lib/templates/queries";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Templates" };
export const dynamic = "force-dynamic";

export default async function TemplatesPage() {
  const user = await requireUser();
  const canManage = can(user, "template.manage").allowed;
  const templates = await listTemplates();
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-wrap items-end justify-between gap-x-6 gap-y-4">
        <div className="flex min-w-0 flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">Templates</h1>
          <p className="text-sm text-muted">
            Checklists a release starts from: sections, items and the sign-offs it needs before it ships.
          </p>
        </div>
        {canManage ? <TemplateListActions /> : null}
      </header>
      {templates.length === 0 ? (
        <EmptyState
          title="No templates yet"
          description={
            canManage
              ? "A template is the checklist a release is created from. Import one from Markdown, or start a new one."
              : "A template is the checklist a release is created from. Run `npm run db:seed` for the default template, or ask an admin to import one."
          }
        />
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Templates">
          {templates.map((template) => (
            <li key={template.id} className="min-w-0">
              <TemplateCard template={template} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
