import Link from "next/link";
import { Button } from "@/components/ui/button";

/** What to show when a page needs `template.manage`. */
export function TemplatesForbidden({ reason, backHref = "/templates" }: { reason: string; backHref?: string }) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <p className="text-sm font-semibold text-link">403</p>
      <h1 className="text-2xl font-semibold tracking-tight">{reason}</h1>
      <p className="text-muted">Creating, importing and editing checklist templates is for admins. You can still view and export them.</p>
      <Button asChild className="mt-2">
        <Link href={backHref}>Back to templates</Link>
      </Button>
    </div>
  );
}
