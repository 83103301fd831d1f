"use client";

import { useState } from "react";
import { failureText, useAction } from "@/components/actions/use-action";
import type { ButtonProps } from "@/components/ui/button";
import { GuardedButton } from "@/components/ui/guarded-button";
import { UndoIcon } from "@/components/ui/icons";
import { can } from "@/lib/auth/permissions";
import { startRollbackAction } from "@/lib/deploys/actions";
import { DEPLOY_LIMITS } from "@/lib/deploys/limits";
import { runChangeKeys } from "@/lib/deploys/queries-client";
import type { DeployUser } from "@/lib/deploys/types";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { releaseStatusLabels, transitions } from "@/lib/releases/rules";
import { ReasonDialog } from "./reason-dialog";
import { newRequestKey } from "./request-key";

/** Whether a rollback can start from the release's status: the lifecycle table the server checks too. */
export const canRollBack = (status: ReleaseStatus) => transitions[status].includes("ROLLING_BACK");

export interface RollbackButtonProps {
  release: { id: string; projectId: string; version: string; status: ReleaseStatus };
  user: DeployUser;
  label?: string;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
  /** Called with the new rollback run's id. */
  onStarted?: (runId: string) => void;
}

/** "Emergency rollback": a reason is required; the dialog says that flags go off first. */
export function RollbackButton({ release, user, label = "Emergency rollback", variant = "danger", size = "md", onStarted }: RollbackButtonProps) {
  // One key per rendered button: a double click, or a retried request, starts one rollback.
  const [requestKey, setRequestKey] = useState(newRequestKey);
  const start = useAction(startRollbackAction, { refreshes: () => runChangeKeys({ releaseId: release.id, projectId: release.projectId }) });
  const permission = can(user, "rollback.start");
  const disabledReason = !permission.allowed
    ? permission.reason
    : canRollBack(release.status)
      ? null
      : `A ${releaseStatusLabels[release.status].toLowerCase()} release cannot be rolled back`;

  const button = (
    <GuardedButton variant={variant} size={size} disabledReason={disabledReason}>
      <UndoIcon />
      {label}
    </GuardedButton>
  );
  if (disabledReason) return button;

  return (
    <ReasonDialog
      trigger={button}
      title={`Roll back ${release.version}?`}
      tone="danger"
      confirmLabel="Start rollback"
      description={
        <div className="flex flex-col gap-2">
          <p>
            <strong className="font-semibold text-foreground">Feature flags go off first:</strong> every flag this release turned on is
            switched off before anything else is touched. Then the project&apos;s rollback pipeline runs.
          </p>
          {release.status === "DEPLOYING" ? <p>The deploy that is still running is stopped.</p> : null}
          <p>Your name and reason are recorded on the release.</p>
        </div>
      }
      field={{
        label: "Reason",
        required: true,
        placeholder: "What went wrong, e.g. error rate above 5% since the deploy",
        missingMessage: "Say why the release is rolled back.",
        maxLength: DEPLOY_LIMITS.reasonChars,
      }}
      onConfirm={async (reason) => {
        const outcome = await start.run({ releaseId: release.id, requestKey, reason });
        if (!outcome.ok) return failureText(outcome);
        setRequestKey(newRequestKey());
        onStarted?.(outcome.data.runId);
        return null;
      }}
    />
  );
}
