import type { Metadata } from "next";
import { TemplatesForbidden } from "@/components/templates/templates-forbidden";
import { ImportForm } from "@/components/templates/import-form";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Import template" };
export const dynamic = "force-dynamic";

function Code({ children }: { children: string }) {
  return <code className="rounded-sm bg-surface-muted px-1 py-0.5 font-mono text-xs whitespace-nowrap text-foreground">{children}</code>;
}

export default async function ImportTemplatePage() {
  const user = await requireUser();
  const decision = can(user, "template.manage");
  if (!decision.allowed) return <TemplatesForbidden reason={decision.reason} />;

  return (
    <div className="flex flex-col gap-6">
      <Breadcrumbs items={[{ label: "Templates", href: "/templates" }, { label: "Import from Markdown" }]} />
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Import from Markdown</h1>
        <p className="max-w-prose text-sm text-muted">
          Any Markdown checklist works, like the <Code>RELEASE_CHECKLIST.md</Code> in your repository. Every checkbox (
          <Code>- [ ] Tests pass: `npm test`</Code>) becomes an item; a code block under it is its command; other text is kept as a
          note. Each section goes to a stage of the release, which you can change in the preview. Items ending in “(optional)” or
          reading “… if …” are optional; checkboxes under a heading with “approval” or “sign-off” are sign-offs.
        </p>
      </header>
      <ImportForm />
    </div>
  );
}
