// When sign-offs may be given and revoked, as a pure function.
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { releaseStatusLabels } from "@/lib/releases/rules";

/** Sign-offs belong to the run-up: once deploying starts they are the record of what was approved. */
export const SIGNOFF_OPEN_STATUSES: readonly ReleaseStatus[] = ["DRAFT", "PREPARING", "READY"];

/**
 * `dueAfterDeploy`: the requirement was missing at a break-glass deploy, so it stays due after the deploy (and
 * may be given in any status but cancelled). Revoking still ends when deploying starts.
 */
export function signoffWindowRefusal(status: ReleaseStatus, what: "sign" | "revoke", options: { dueAfterDeploy?: boolean } = {}): string | null {
  if (SIGNOFF_OPEN_STATUSES.includes(status)) return null;
  if (what === "sign" && options.dueAfterDeploy && status !== "CANCELLED") return null;
  const label = releaseStatusLabels[status].toLowerCase();
  if (what === "sign") return `Sign-offs are closed: the release is ${label}.`;
  // A release can be cancelled before it ever deployed: don't claim it did.
  if (status === "CANCELLED") return `A sign-off cannot be revoked: the release is ${label}.`;
  return `A sign-off cannot be revoked once the release has started deploying (it is ${label}).`;
}
