import Link from "next/link";
import { InlineMarkdown } from "@/components/markdown/inline-markdown";
import { Card } from "@/components/ui/card";
import { BreakGlassIcon } from "@/components/ui/icons";
import { roleLabels } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format";
import type { OverdueBreakGlassRelease } from "@/lib/releases/queries";

/**
 * The home page's list of releases deployed with break-glass whose owed sign-offs are overdue, with who must
 * sign. Nothing is shown while there are none.
 */
export function OverdueSignoffs({ releases }: { releases: OverdueBreakGlassRelease[] }) {
  if (releases.length === 0) return null;
  return (
    <section aria-labelledby="overdue-signoffs-heading" className="flex flex-col gap-3" data-testid="overdue-signoffs">
      <h2 id="overdue-signoffs-heading" className="flex items-center gap-2 text-lg font-semibold tracking-tight text-danger-text">
        <BreakGlassIcon className="size-5 shrink-0" />
        Overdue sign-offs after break-glass deploys
      </h2>
      <Card className="border-danger/40">
        <ul className="divide-y divide-border">
          {releases.map((release) => (
            <li key={release.id} className="flex flex-col gap-1 px-4 py-3 text-sm sm:px-5">
              <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <Link href={`/releases/${release.id}#signoffs`} className="font-medium text-link underline-offset-2 hover:underline">
                  {release.project.name} <span className="font-mono">{release.version}</span>
                </Link>
                {release.breakGlassSignoffsDueAt ? (
                  <span className="text-xs text-muted">
                    Due by <time dateTime={release.breakGlassSignoffsDueAt.toISOString()}>{formatDateTime(release.breakGlassSignoffsDueAt)}</time>
                  </span>
                ) : null}
              </div>
              <ul className="flex flex-col gap-0.5">
                {release.signoffRequirements.map((requirement) => (
                  <li key={requirement.id} className="[overflow-wrap:anywhere]">
                    “<InlineMarkdown text={requirement.title} />” — <span className="font-medium">{roleLabels[requirement.role].toLowerCase()}</span> must sign
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </Card>
    </section>
  );
}
