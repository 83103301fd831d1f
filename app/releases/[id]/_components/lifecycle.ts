// How each lifecycle transition looks on the release page: its button, and what (if anything) the page
// asks before doing it. Whether it is possible is always the rules' answer (checkTransition).
import type { ButtonVariant } from "@/components/ui/button";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { checkTransition, isRunDriven, monitoringEndsAt, transitions, type ReleaseFacts, type Verdict } from "@/lib/releases/rules";
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

/** Statuses a person moves a release to by hand; the others follow its deploy and rollback runs. */
type ManualStatus = Exclude<ReleaseStatus, "DEPLOYING" | "MONITORING" | "FAILED" | "ROLLING_BACK" | "ROLLED_BACK">;
const isManual = (status: ReleaseStatus): status is ManualStatus => !isRunDriven(status);

/**
 * The transitions a person can start from the release's status, in the order the buttons appear. Deploying
 * and rolling back are not among them: the deploy panel starts their runs, which move the release.
 */
export function lifecycleActions(facts: ReleaseFacts, release: { project: string; version: string }, now = new Date()): TransitionUi[] {
  const name = `${release.project} ${release.version}`;
  const endsAt = monitoringEndsAt(facts);
  const windowOpen = facts.status === "MONITORING" && endsAt !== null && now < endsAt;

  const ui = (to: ManualStatus): Omit<TransitionUi, "verdict"> => {
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

  const actions = transitions[facts.status].filter(isManual).map((to) => {
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
