import { Forbidden } from "@/components/ui/forbidden";

/** What to show when a page needs `template.manage`. */
export function TemplatesForbidden({ reason, backHref = "/templates" }: { reason: string; backHref?: string }) {
  return (
    <Forbidden reason={reason} back={{ href: backHref, label: "Back to templates" }}>
      Creating, importing and editing checklist templates is for admins. You can still view and export them.
    </Forbidden>
  );
}
