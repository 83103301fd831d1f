// Who may approve an APPROVAL step, as a pure function: the role(s) the step names, and four-eyes (whoever
// started the run may not approve it unless the step opts out). The approve action, and the run view that
// offers the Approve button, ask the same function.
import { roleLabels, type Actor } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

export const APPROVER_ROLES = ["ENGINEERING_LEAD", "RELEASE_MANAGER", "ADMIN"] as const satisfies readonly Role[];
export type ApproverRole = (typeof APPROVER_ROLES)[number];

/** Pipelines saved before approvers existed keep working: release managers and admins approve, four-eyes. */
export const DEFAULT_APPROVER_ROLES: readonly ApproverRole[] = ["RELEASE_MANAGER", "ADMIN"];

export interface ApprovalPolicy {
  approverRoles: readonly Role[];
  /** Whoever started the run may not approve it. */
  fourEyes: boolean;
}

/** The policy of a stored step's configuration (JSON), with the defaults for anything missing or malformed. */
export function approvalPolicyOf(config: unknown): ApprovalPolicy {
  const record = config && typeof config === "object" && !Array.isArray(config) ? (config as Record<string, unknown>) : {};
  const roles = Array.isArray(record.approverRoles) ? record.approverRoles.filter((r): r is ApproverRole => (APPROVER_ROLES as readonly unknown[]).includes(r)) : [];
  return {
    approverRoles: roles.length > 0 ? roles : DEFAULT_APPROVER_ROLES,
    fourEyes: typeof record.fourEyes === "boolean" ? record.fourEyes : true,
  };
}

const article = (label: string) => (/^[aeiou]/i.test(label) ? "an" : "a");

/** "a release manager or an admin", "an engineering lead". */
export function describeApprovers(roles: readonly Role[]): string {
  const names = roles.map((role) => `${article(roleLabels[role])} ${roleLabels[role].toLowerCase()}`);
  return names.length <= 1 ? (names[0] ?? "nobody") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** Why `actor` may not approve the step, or null when they may. */
export function approvalRefusal(actor: Actor | null, step: { name: string; policy: ApprovalPolicy }, run: { startedById: string }): string | null {
  if (!actor) return "Sign in first";
  if (!step.policy.approverRoles.includes(actor.role)) return `Only ${describeApprovers(step.policy.approverRoles)} can approve “${step.name}”`;
  if (step.policy.fourEyes && run.startedById === actor.id) return "You started this deploy, so someone else must approve it";
  return null;
}

/** One line for the run view: who approves, and whether four-eyes applies. */
export function describeApprovalPolicy(policy: ApprovalPolicy): string {
  const who = describeApprovers(policy.approverRoles);
  return `Approved by ${who}${policy.fourEyes ? ", not the person who started the run" : " (the person who started the run may approve)"}`;
}
