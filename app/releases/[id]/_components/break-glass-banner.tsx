"use client";

import { InlineMarkdown } from "@/components/markdown/inline-markdown";
import { BreakGlassIcon } from "@/components/ui/icons";
import { roleLabels } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format";
import type { Release } from "./release-data";

/**
 * A release deployed with break-glass says so above everything else: who, when, why, which sign-offs were
 * missing, and which of them are still owed (and until when, or since when overdue).
 */
export function BreakGlassBanner({ release }: { release: Release }) {
  if (!release.breakGlassAt) return null;
  const owed = release.signoffRequirements.filter((r) => r.dueAfterDeployAt !== null);
  const outstanding = owed.filter((r) => !(r.signoff && !r.signoff.staleAt));
  const dueAt = release.breakGlassSignoffsDueAt;
  // Overdue once the worker's sweep said so (a live event brings it), not by this browser's clock.
  const overdue = outstanding.length > 0 && release.breakGlassOverdueAt !== null;
  const missing = release.breakGlassMissing;

  return (
    <section
      aria-labelledby="break-glass-heading"
      className="flex flex-col gap-2 rounded-lg border-2 border-danger/50 bg-danger-soft px-4 py-3 text-sm text-danger-text"
      data-testid="break-glass-banner"
    >
      <h2 id="break-glass-heading" className="flex items-center gap-2 text-base font-semibold">
        <BreakGlassIcon className="size-5 shrink-0" />
        Deployed with break-glass
      </h2>
      <p className="[overflow-wrap:anywhere]">
        <span className="font-medium">{release.breakGlassBy?.name ?? "An admin"}</span> deployed this release on{" "}
        <time dateTime={release.breakGlassAt.toISOString()}>{formatDateTime(release.breakGlassAt)}</time> without{" "}
        {missing.length === 1 ? "the sign-off" : `${missing.length} sign-offs`}:{" "}
        {missing.map((title, index) => (
          <span key={title}>
            {index > 0 ? ", " : null}“<InlineMarkdown text={title} />”
          </span>
        ))}
        .
      </p>
      {release.breakGlassReason ? (
        <p className="whitespace-pre-wrap text-foreground [overflow-wrap:anywhere]">
          <span className="font-medium text-danger-text">Reason: </span>
          {release.breakGlassReason}
        </p>
      ) : null}
      {outstanding.length === 0 ? (
        <p data-testid="break-glass-owed">Every missing sign-off has since been given (after the deploy).</p>
      ) : (
        <p className="[overflow-wrap:anywhere]" data-testid="break-glass-owed">
          <span className="font-medium">{overdue ? "Overdue" : "Still owed"}: </span>
          {outstanding.map((r, index) => (
            <span key={r.id}>
              {index > 0 ? ", " : null}“<InlineMarkdown text={r.title} />” ({roleLabels[r.role].toLowerCase()})
            </span>
          ))}
          {dueAt ? (
            <>
              {" "}
              — {overdue ? "were due" : "due"} by <time dateTime={dueAt.toISOString()}>{formatDateTime(dueAt)}</time>.
            </>
          ) : (
            "."
          )}
        </p>
      )}
    </section>
  );
}
