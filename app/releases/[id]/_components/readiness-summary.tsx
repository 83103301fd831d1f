"use client";

import { rolledBackGuidance } from "@/lib/releases/outcome";
import { Progress } from "@/components/ui/progress";
import { AlertTriangleIcon, CheckIcon } from "@/components/ui/icons";
import { formatDate, formatDateTime } from "@/lib/format";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { checkItemEditable, checkTransition, monitoringEndsAt, phaseLabels, readinessBlockers, releaseStatusLabels } from "@/lib/releases/rules";
import { cn } from "@/lib/utils";
import { PHASE_ORDER, phaseAnchor } from "./checklist";
import { focusItem } from "./dom";
import { nextStep } from "./lifecycle";
import { releaseFacts, settledCount, type Release } from "./release-data";

type Tone = "success" | "warning" | "neutral" | "danger";

const toneClasses: Record<Tone, string> = {
  success: "border-success/30 bg-success-soft text-success-text",
  warning: "border-warning/30 bg-warning-soft text-warning-text",
  neutral: "border-border bg-surface-muted text-foreground",
  danger: "border-danger/25 bg-danger-soft text-danger-text",
};

const stepNames: Partial<Record<ReleaseStatus, string>> = {
  PREPARING: "start preparing",
  READY: "be marked ready",
  DEPLOYING: "be deployed",
  MONITORING: "finish deploying",
  RELEASED: "be closed",
  ROLLED_BACK: "finish rolling back",
};

function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? "" : "."}`;
}

/** What the release needs next, in plain words, from the same rules the server applies. */
function summarise(release: Release): { tone: Tone; headline: string; detail: string | null } {
  const facts = releaseFacts(release);
  const status = release.status;
  const readiness = readinessBlockers(facts);
  const readinessText = readiness.length > 0 ? `${readiness.join(" and ")} remaining` : null;

  switch (status) {
    case "DRAFT":
      return {
        tone: "neutral",
        headline: "Draft: start preparing when work on the checklist begins.",
        detail: readinessText ? `Before it can be marked ready: ${readinessText}.` : "Every required pre-release item is done and every sign-off is in.",
      };
    case "CANCELLED":
      return { tone: "neutral", headline: `Cancelled${release.cancelledAt ? ` on ${formatDate(release.cancelledAt)}` : ""}.`, detail: release.cancelReason };
    case "RELEASED":
      return { tone: "success", headline: `Released${release.releasedAt ? ` on ${formatDate(release.releasedAt)}` : ""}.`, detail: "Post-release and emergency rollback items stay open for the record." };
    case "ROLLED_BACK":
      return { tone: "neutral", headline: `Rolled back${release.rolledBackAt ? ` on ${formatDate(release.rolledBackAt)}` : ""}.`, detail: rolledBackGuidance(release.items, release.closedAt ? new Date(release.closedAt) : null) };
    case "FAILED":
      return { tone: "danger", headline: "The release failed.", detail: "Retry the failed step or deploy again from the deploy panel, start an emergency rollback, or cancel the release." };
    default:
      break;
  }

  const to = nextStep[status];
  if (!to) return { tone: "neutral", headline: `${releaseStatusLabels[status]}.`, detail: null };
  const now = new Date();
  const endsAt = monitoringEndsAt(facts);
  const windowOpen = status === "MONITORING" && endsAt !== null && now < endsAt;
  // An open monitoring window is not a blocker: closing early asks for a reason (said below).
  const verdict = checkTransition(facts, { to, reason: windowOpen ? "(asked when closing)" : undefined, now });
  const step = stepNames[to] ?? `become ${releaseStatusLabels[to].toLowerCase()}`;
  const monitoringNote =
    status === "MONITORING" && endsAt
      ? windowOpen
        ? `The monitoring window is open until ${formatDateTime(endsAt)}; closing before then asks for a reason.`
        : `The monitoring window ended ${formatDateTime(endsAt)}.`
      : null;
  if (verdict.allowed) {
    const done: Partial<Record<ReleaseStatus, string>> = {
      PREPARING: "Every required pre-release item is done and every sign-off is in: it can be marked ready.",
      READY: "Ready to release: every required pre-release item is done and every sign-off is in. Start the deploy from the deploy panel.",
      DEPLOYING: "Deploying: the deploy run moves the release to monitoring when its last step succeeds. Work through the release-day items meanwhile.",
      MONITORING: windowOpen ? "Every required post-release item is done: the release can be closed." : "Monitoring is complete: the release can be closed.",
      ROLLING_BACK: "Rolling back: the rollback run marks the release rolled back when its last step succeeds. Work through the emergency rollback items meanwhile.",
    };
    return { tone: status === "DEPLOYING" || status === "ROLLING_BACK" ? "neutral" : "success", headline: done[status] ?? `It can ${step}.`, detail: monitoringNote };
  }
  return {
    tone: "warning",
    headline: `Not yet able to ${step}: ${verdict.reason}.`,
    detail: monitoringNote,
  };
}

export function ReadinessSummary({ release }: { release: Release }) {
  const summary = summarise(release);
  const working = release.items.filter((item) => item.phase !== "ROLLBACK");
  const settled = settledCount(working);
  const requiredPre = release.items.filter((i) => i.phase === "PRE_RELEASE" && i.required);
  const requiredPreDone = requiredPre.filter((i) => i.state !== "OPEN").length;
  const signoffs = release.signoffRequirements;
  const signed = signoffs.filter((r) => r.signoff && !r.signoff.staleAt).length;
  const stale = signoffs.filter((r) => r.signoff?.staleAt).length;
  // The first required item still open in a phase that can be worked on now.
  // (Emergency rollback items only once a rollback is under way.)
  const rollingBack = release.status === "ROLLING_BACK" || release.status === "ROLLED_BACK";
  const nextOpen = release.items.find(
    (i) => i.required && i.state === "OPEN" && (i.phase !== "ROLLBACK" || rollingBack) && checkItemEditable(release.status, i.phase).allowed,
  );

  return (
    <section aria-labelledby="readiness-heading" className="flex flex-col gap-4 rounded-lg border border-border bg-surface p-4 shadow-xs sm:p-5">
      <h2 id="readiness-heading" className="sr-only">
        Readiness
      </h2>
      <div className={cn("flex items-start gap-3 rounded-md border px-4 py-3", toneClasses[summary.tone])} data-testid="readiness-summary">
        {summary.tone === "success" ? <CheckIcon className="mt-0.5 size-5 shrink-0" /> : summary.tone === "warning" || summary.tone === "danger" ? <AlertTriangleIcon className="mt-0.5 size-5 shrink-0" /> : null}
        <div className="flex min-w-0 flex-col gap-0.5">
          <p className="font-medium [overflow-wrap:anywhere]">{sentence(summary.headline)}</p>
          {summary.detail ? <p className="text-sm whitespace-pre-wrap [overflow-wrap:anywhere] opacity-90">{summary.detail}</p> : null}
        </div>
      </div>

      <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)]">
        <Progress
          label="Checklist"
          value={settled}
          max={Math.max(working.length, 1)}
          valueText={`${settled} of ${working.length} items`}
          tone={settled === working.length ? "success" : "primary"}
        />
        <Progress
          label="Required pre-release"
          value={requiredPreDone}
          max={Math.max(requiredPre.length, 1)}
          valueText={`${requiredPreDone} of ${requiredPre.length}`}
          tone={requiredPreDone === requiredPre.length ? "success" : "primary"}
        />
        <Progress
          label="Sign-offs"
          value={signed}
          max={Math.max(signoffs.length, 1)}
          valueText={`${signed} of ${signoffs.length}${stale > 0 ? ` (${stale} stale)` : ""}`}
          tone={signed === signoffs.length ? "success" : stale > 0 ? "warning" : "primary"}
        />
      </div>

      <nav aria-label="Jump to" className="flex flex-wrap items-center gap-2 text-xs">
        {nextOpen ? (
          <button
            type="button"
            onClick={() => focusItem(nextOpen.id)}
            className="inline-flex cursor-pointer items-center rounded-full border border-primary/40 bg-surface px-3 py-1 font-medium text-link hover:bg-surface-muted"
          >
            Go to next open item
          </button>
        ) : null}
        {PHASE_ORDER.filter((phase) => release.sections.some((s) => s.phase === phase)).map((phase) => {
          const items = release.items.filter((i) => i.phase === phase);
          return (
            <a
              key={phase}
              href={`#${phaseAnchor(phase)}`}
              className="inline-flex items-center gap-1.5 rounded-full border border-border bg-surface px-3 py-1 font-medium text-foreground hover:bg-surface-muted"
            >
              {phaseLabels[phase]}
              <span className="text-muted tabular-nums">
                {settledCount(items)}/{items.length}
              </span>
            </a>
          );
        })}
        <a href="#signoffs" className="inline-flex items-center gap-1.5 rounded-full border border-border bg-surface px-3 py-1 font-medium text-foreground hover:bg-surface-muted">
          Sign-offs
          <span className="text-muted tabular-nums">
            {signed}/{signoffs.length}
          </span>
        </a>
        <a href="#timeline" className="inline-flex items-center rounded-full border border-border bg-surface px-3 py-1 font-medium text-foreground hover:bg-surface-muted">
          Timeline
        </a>
      </nav>
    </section>
  );
}
