"use client";

import { Card } from "@/components/ui/card";
import { fillApprovalFields } from "@/lib/releases/approval-fields";
import type { Release } from "./release-data";

/** The checklist's approval block ("Release manager / Date / Version"), filled from the release. */
export function ApprovalBlock({ release }: { release: Release }) {
  const fields = fillApprovalFields(release.approvalFields, release);
  return (
    <section aria-labelledby="approval-heading" className="flex flex-col gap-3">
      <div className="border-b border-border pb-3">
        <h2 id="approval-heading" className="text-lg font-semibold tracking-tight">
          Release approval
        </h2>
      </div>
      {fields.length === 0 ? (
        <p className="text-sm text-muted">This release&rsquo;s template has no approval fields.</p>
      ) : (
        <Card className="p-4 sm:p-5">
          <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-3" data-testid="approval-block">
            {fields.map((field, index) => (
              <div key={`${index}-${field.label}`} className="flex min-w-0 flex-col gap-1">
                <dt className="text-sm text-muted [overflow-wrap:anywhere]">{field.label}</dt>
                <dd className="min-h-7 border-b border-dashed border-border-strong pb-1 text-base font-medium [overflow-wrap:anywhere]">
                  {field.value ?? <span className="sr-only">Not filled in</span>}
                  {field.value && field.source && !["release manager", "version", "released"].includes(field.source) ? (
                    <span className="ml-2 text-xs font-normal text-muted">({field.source})</span>
                  ) : null}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      )}
    </section>
  );
}
