"use client";

import { useState } from "react";
import { failureText, useAction } from "@/components/actions/use-action";
import { GuardedButton } from "@/components/ui/guarded-button";
import { BreakGlassIcon } from "@/components/ui/icons";
import { can } from "@/lib/auth/permissions";
import { breakGlassDeployAction } from "@/lib/deploys/actions";
import { DEPLOY_LIMITS } from "@/lib/deploys/limits";
import { runChangeKeys } from "@/lib/deploys/queries-client";
import type { DeployUser } from "@/lib/deploys/types";
import { inlineMarkdownToText } from "@/lib/markdown/inline";
import type { BreakGlassVerdict } from "@/lib/releases/rules";
import { ReasonDialog } from "./reason-dialog";
import { newRequestKey } from "./request-key";

export interface BreakGlassButtonProps {
  release: { id: string; projectId: string; version: string };
  user: DeployUser;
  /** What the lifecycle rules say (checkBreakGlassDeploy); the server asks them again. */
  verdict: BreakGlassVerdict;
  /** How long the missing sign-offs stay due, in hours, for the dialog's words; omit where unknown. */
  dueHours?: number;
}

/**
 * "Break-glass deploy…": admins only. The dialog names the sign-offs that are missing and says that the deploy,
 * the reason and the missing sign-offs are recorded; a reason is required.
 */
export function BreakGlassButton({ release, user, verdict, dueHours }: BreakGlassButtonProps) {
  const [requestKey, setRequestKey] = useState(newRequestKey);
  const start = useAction(breakGlassDeployAction, { refreshes: () => runChangeKeys({ releaseId: release.id, projectId: release.projectId }) });
  // Others never see it: an ordinary deploy is their way, and it says what is missing.
  if (!can(user, "deploy.break_glass").allowed) return null;

  const disabledReason = verdict.allowed ? null : verdict.reason;
  const button = (
    <GuardedButton variant="danger" disabledReason={disabledReason}>
      <BreakGlassIcon />
      Break-glass deploy…
    </GuardedButton>
  );
  if (!verdict.allowed) return button;
  const missing = verdict.missing.map(inlineMarkdownToText);

  return (
    <ReasonDialog
      trigger={button}
      title={`Deploy ${release.version} without the full sign-offs?`}
      tone="danger"
      confirmLabel="Deploy with break-glass"
      description={
        <div className="flex flex-col gap-2">
          <p>
            {missing.length === 1 ? "This sign-off is" : `These ${missing.length} sign-offs are`} missing and will be bypassed:
          </p>
          <ul className="list-disc pl-5 font-medium text-foreground" data-testid="break-glass-missing">
            {missing.map((title) => (
              <li key={title}>{title}</li>
            ))}
          </ul>
          <p>
            This is recorded: your name, the time, your reason and the missing sign-offs show on the release, in the history and in its
            export. The missing sign-offs stay due after the deploy{dueHours ? ` (within ${dueHours} h)` : ""}.
          </p>
        </div>
      }
      field={{
        label: "Reason",
        required: true,
        placeholder: "Why this cannot wait, e.g. payment outage fix; the engineering lead is unreachable",
        missingMessage: "Say why the deploy cannot wait for the sign-offs.",
        maxLength: DEPLOY_LIMITS.reasonChars,
      }}
      onConfirm={async (reason) => {
        const outcome = await start.run({ releaseId: release.id, requestKey, reason });
        if (!outcome.ok) return failureText(outcome);
        setRequestKey(newRequestKey());
        return null;
      }}
    />
  );
}
