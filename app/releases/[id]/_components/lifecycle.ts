// How each lifecycle transition looks on the release page: its button, and what (if anything) the page
// asks before doing it. Whether it is possible is always the rules' answer (checkTransition).
import type { ButtonVariant } from "@/components/ui/button";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { checkTransition, monitoringEndsAt, transitions, type ReleaseFacts, type Verdict } from "@/lib/releases/rules";
import { formatDateTime } from "@/lib/format";

export type ReasonNeed = "none" | "optional" | "required";

export interface TransitionUi {
  to: ReleaseStatus;
  label: string;
  variant: ButtonVariant;
  /** Destructive or irreversible: shown as a secondary button in the danger colour. */
  destructive?: boolean;
  /** Shown before the change; null runs it on click. */
  confirm: {
    title: string;
    description: string;
    confirmLabel: string;
    cancelLabel?: string;
    reason: ReasonNeed;
    reasonLabel?: string;
    tone: "primary" | "danger";
  } | null;
  verdict: Verdict;
}

const PLACEHOLDER_REASON = "(a reason will be asked for)";

/** The transitions a person can start from the release's status, in the order the buttons appear. */
export function lifecycleActions(facts: ReleaseFacts, release: { project: string; version: string }, now = new Date()): TransitionUi[] {
  const name = `${release.project} ${release.version}`;
  const endsAt = monitoringEndsAt(facts);
  const windowOpen = facts.status === "MONITORING" && endsAt !== null && now < endsAt;

  const ui = (to: ReleaseStatus): Omit<TransitionUi, "verdict"> => {
    switch (to) {
      case "PREPARING":
        return facts.status === "READY"
          ? {
              to,
              label: "Reopen",
              variant: "secondary",
              confirm: {
                title: `Reopen ${name}?`,
                description: "The release goes back to preparing. Ticked items and sign-offs stay as they are.",
                confirmLabel: "Reopen release",
                reason: "optional",
                tone: "primary",
              },
            }
          : { to, label: "Start preparing", variant: "primary", confirm: null };
      case "READY":
        return { to, label: "Mark ready", variant: "primary", confirm: null };
      case "DEPLOYING":
        return {
          to,
          label: facts.status === "FAILED" ? "Retry release" : "Start release",
          variant: "primary",
          confirm: {
            title: facts.status === "FAILED" ? `Retry the release of ${name}?` : `Start the release of ${name}?`,
            description: "The release moves to deploying: release-day items open, and sign-offs can no longer be given or revoked.",
            confirmLabel: facts.status === "FAILED" ? "Retry release" : "Start release",
            reason: "none",
            tone: "primary",
          },
        };
      case "MONITORING":
        return {
          to,
          label: "Mark deployed",
          variant: "primary",
          confirm: {
            title: `Mark ${name} deployed?`,
            description: `The monitoring window (${facts.monitoringWindowHours ?? 24} hours) starts now and the post-release items open.`,
            confirmLabel: "Mark deployed",
            reason: "none",
            tone: "primary",
          },
        };
      case "FAILED":
        return {
          to,
          label: "Mark failed",
          variant: "secondary",
          destructive: true,
          confirm: {
            title: `Mark ${name} failed?`,
            description: "From failed, the release can be retried, rolled back or cancelled.",
            confirmLabel: "Mark failed",
            reason: "optional",
            reasonLabel: "What went wrong",
            tone: "danger",
          },
        };
      case "RELEASED":
        return {
          to,
          label: "Close release",
          variant: "primary",
          confirm: windowOpen
            ? {
                title: `Close ${name} before monitoring ends?`,
                description: `The monitoring window is open until ${formatDateTime(endsAt!)}. Say why it can be closed early.`,
                confirmLabel: "Close release",
                reason: "required",
                reasonLabel: "Reason to close early",
                tone: "primary",
              }
            : {
                title: `Close ${name}?`,
                description: "The release is recorded as released. Only an emergency rollback can follow.",
                confirmLabel: "Close release",
                reason: "none",
                tone: "primary",
              },
        };
      case "ROLLING_BACK":
        return {
          to,
          label: "Start rollback",
          variant: "secondary",
          destructive: true,
          confirm: {
            title: `Start an emergency rollback of ${name}?`,
            description: "The release moves to rolling back and the emergency rollback items open.",
            confirmLabel: "Start rollback",
            reason: "optional",
            reasonLabel: "Why roll back",
            tone: "danger",
          },
        };
      case "ROLLED_BACK":
        return {
          to,
          label: "Mark rolled back",
          variant: "secondary",
          confirm: {
            title: `Mark ${name} rolled back?`,
            description: "This ends the release: a rolled-back release cannot move on. Create a new release for the fix.",
            confirmLabel: "Mark rolled back",
            reason: "none",
            tone: "primary",
          },
        };
      case "CANCELLED":
        return {
          to,
          label: "Cancel release",
          variant: "secondary",
          destructive: true,
          confirm: {
            title: `Cancel ${name}?`,
            description: "A cancelled release cannot be reopened and its checklist closes. Say why it is cancelled.",
            confirmLabel: "Cancel release",
            cancelLabel: "Keep release",
            reason: "required",
            tone: "danger",
          },
        };
      case "DRAFT":
        return { to, label: "Back to draft", variant: "secondary", confirm: null };
    }
  };

  const actions = transitions[facts.status].map((to) => {
    const spec = ui(to);
    // A reason the dialog will ask for is not a blocker yet: check with a stand-in.
    const reason = spec.confirm?.reason === "required" ? PLACEHOLDER_REASON : undefined;
    return { ...spec, verdict: checkTransition(facts, { to, reason, now }) };
  });
  const rank = (a: TransitionUi) => (a.variant === "primary" ? 0 : !a.destructive ? 1 : a.to === "CANCELLED" ? 3 : 2);
  return actions.sort((a, b) => rank(a) - rank(b));
}

/** The step that moves the release forward from its status, for the readiness summary. */
export const nextStep: Partial<Record<ReleaseStatus, ReleaseStatus>> = {
  DRAFT: "PREPARING",
  PREPARING: "READY",
  READY: "DEPLOYING",
  DEPLOYING: "MONITORING",
  MONITORING: "RELEASED",
  FAILED: "DEPLOYING",
  ROLLING_BACK: "ROLLED_BACK",
};
