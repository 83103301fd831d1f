"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { failureText, useAction } from "@/components/actions/use-action";
import type { ButtonProps } from "@/components/ui/button";
import { TextareaField } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { GuardedButton } from "@/components/ui/guarded-button";
import { CheckCircleIcon, DashIcon, UndoIcon, XCircleIcon } from "@/components/ui/icons";
import { can } from "@/lib/auth/permissions";
import { startRollbackAction } from "@/lib/deploys/actions";
import { DEPLOY_LIMITS } from "@/lib/deploys/limits";
import { rollbackPreflightQuery, runChangeKeys } from "@/lib/deploys/queries-client";
import type { DeployUser, RollbackPreflightView } from "@/lib/deploys/types";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { releaseStatusLabels, transitions } from "@/lib/releases/rules";
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

/**
 * "Emergency rollback": the dialog shows what the rollback will check and do (flags off first, a downgrade skipped
 * when the release ran no migrations); a reason is required, and a second one when a check failed.
 */
export function RollbackButton({ release, user, label = "Emergency rollback", variant = "danger", size = "md", onStarted }: RollbackButtonProps) {
  // One key per rendered button: a double click, or a retried request, starts one rollback.
  const [requestKey, setRequestKey] = useState(newRequestKey);
  const start = useAction(startRollbackAction, { refreshes: () => runChangeKeys({ releaseId: release.id, projectId: release.projectId }) });
  const [open, setOpen] = useState(false);
  const preflight = useQuery({ ...rollbackPreflightQuery(release.id), enabled: open });
  const mustOverride = (preflight.data?.failed.length ?? 0) > 0;
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
    <FormDialog
      trigger={button}
      open={open}
      onOpenChange={setOpen}
      title={`Roll back ${release.version}?`}
      tone="danger"
      confirmLabel="Start rollback"
      description={
        <span className="flex flex-col gap-2">
          <span>
            <strong className="font-semibold text-foreground">Feature flags go off first:</strong> every flag this release turned on is
            switched off before anything else is touched. Then the project&apos;s rollback pipeline runs.
          </span>
          {release.status === "DEPLOYING" ? <span>The deploy that is still running is stopped.</span> : null}
          <span>Your name and reason are recorded on the release.</span>
        </span>
      }
      validate={(data) => {
        const errors: Record<string, string[]> = {};
        if (!textOf(data, "reason")) errors.reason = ["Say why the release is rolled back."];
        if (mustOverride && !textOf(data, "overrideReason")) errors.overrideReason = ["Say why the rollback goes on although its checks failed."];
        return Object.keys(errors).length > 0 ? errors : null;
      }}
      onSubmit={async (data) => {
        const outcome = await start.run({ releaseId: release.id, requestKey, reason: textOf(data, "reason"), overrideReason: textOf(data, "overrideReason") || undefined });
        if (!outcome.ok) {
          // The checks changed since the dialog read them: show them again, with the override field.
          if (outcome.fieldErrors?.overrideReason) await preflight.refetch();
          return outcome.fieldErrors?.overrideReason ? { overrideReason: ["A check failed since this dialog opened: give a reason to override it."] } : failureText(outcome);
        }
        setRequestKey(newRequestKey());
        onStarted?.(outcome.data.runId);
        return null;
      }}
    >
      {(errors) => (
        <>
          <RollbackPreflightSummary preflight={preflight.data} error={preflight.error?.message ?? null} />
          <TextareaField
            name="reason" label="Reason" required errors={errors.reason} rows={3} maxLength={DEPLOY_LIMITS.reasonChars}
            placeholder="What went wrong, e.g. error rate above 5% since the deploy" textareaClassName="resize-y"
          />
          {mustOverride ? (
            <TextareaField
              name="overrideReason" label="Why go on despite the failed checks" required errors={errors.overrideReason} rows={2}
              maxLength={DEPLOY_LIMITS.reasonChars} hint="Recorded on the release with the checks it overrides." textareaClassName="resize-y"
            />
          ) : null}
        </>
      )}
    </FormDialog>
  );
}

const textOf = (data: FormData, name: string) => String(data.get(name) ?? "").trim();

const checkLooks = {
  pass: { Icon: CheckCircleIcon, className: "text-success-text", word: "Passed" },
  fail: { Icon: XCircleIcon, className: "text-danger-text", word: "Failed" },
  unchecked: { Icon: DashIcon, className: "text-muted", word: "Not checked" },
} as const;

/** The rollback's checks and the steps it will run (skipped ones said so), as read when the dialog opened. */
function RollbackPreflightSummary({ preflight, error }: { preflight: RollbackPreflightView | undefined; error: string | null }) {
  if (error) return <p role="alert" className="text-sm text-danger-text">Could not read the rollback&apos;s checks: {error} The rollback checks them again when it starts.</p>;
  if (!preflight) return <p role="status" className="text-sm text-muted">Checking what the rollback needs…</p>;
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="rollback-preflight">
      <section aria-label="Checks">
        <h3 className="font-medium">Checks</h3>
        <ul className="mt-1 flex flex-col gap-1.5">
          {preflight.checks.map((check) => {
            const look = checkLooks[check.state];
            return (
              <li key={check.id} className="flex gap-2">
                <look.Icon className={`mt-0.5 shrink-0 ${look.className}`} />
                <span className="min-w-0 [overflow-wrap:anywhere]">
                  <span className="font-medium">{check.label}</span>
                  <span className="sr-only"> ({look.word.toLowerCase()})</span>: {check.message}
                </span>
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-label="Steps">
        <h3 className="font-medium">Steps</h3>
        <ol className="mt-1 flex list-decimal flex-col gap-0.5 pl-5">
          {preflight.steps.map((step, index) => (
            <li key={`${index}-${step.name}`} className={step.skipReason ? "text-muted" : undefined}>
              {step.name}
              {step.skipReason ? <span> — skipped: {step.skipReason}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
