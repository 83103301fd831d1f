import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { editableTemplateOf } from "@/components/templates/editor-state";
import { TemplatesForbidden } from "@/components/templates/templates-forbidden";
import { TemplateEditor } from "@/components/templates/template-editor";
import { Button } from "@/components/ui/button";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { getTemplateById } from "@/lib/templates/queries";

export const dynamic = "force-dynamic";

type EditTemplatePageProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: EditTemplatePageProps): Promise<Metadata> {
  const template = await getTemplateById((await params).id);
  return { title: template ? `Edit ${template.name}` : "Template not found" };
}

export default async function EditTemplatePage({ params }: EditTemplatePageProps) {
  const user = await requireUser();
  const { id } = await params;
  const decision = can(user, "template.manage");
  if (!decision.allowed) return <TemplatesForbidden reason={decision.reason} backHref={`/templates/${id}`} />;
  const template = await getTemplateById(id);
  if (!template) notFound();

  const breadcrumb = (
    <Breadcrumbs items={[{ label: "Templates", href: "/templates" }, { label: template.name, href: `/templates/${template.id}`, className: "min-w-0 truncate", title: template.name }, { label: "Edit" }]} />
  );

  if (template.archivedAt) {
    return (
      <div className="flex flex-col gap-6">
        {breadcrumb}
        <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-12 text-center">
          <h1 className="text-2xl font-semibold tracking-tight">This template is archived</h1>
          <p className="text-muted">Archived templates can no longer be edited. Duplicate it to make a new template from it.</p>
          <Button asChild>
            <Link href={`/templates/${template.id}`}>Back to the template</Link>
          </Button>
        </div>
      </div>
    );
  }

  const editable = editableTemplateOf(template);

  return (
    <div className="flex flex-col gap-6">
      {breadcrumb}
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">Edit “{template.name}”</h1>
        <p className="max-w-prose text-sm text-muted">
          Changes apply to releases created after you save; releases already created keep the checklist they started with.
          Titles, notes and details may use inline Markdown: <code className="font-mono text-xs">`code`</code> and{" "}
          <code className="font-mono text-xs">[links](https://…)</code>.
        </p>
      </header>
      {/* Keyed by version: after a save elsewhere and a reload, the editor starts from the new version. */}
      <TemplateEditor key={editable.updatedAt} template={editable} />
    </div>
  );
}
