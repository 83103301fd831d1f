"use client";

import { RELEASE_LIMITS } from "@/lib/releases/limits";
import { describeScope } from "@/lib/signoffs/scope";
import { useRef, useState } from "react";
import { InlineMarkdown } from "@/components/markdown/inline-markdown";
import { inlineMarkdownToText } from "@/lib/markdown/inline";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { TextareaField } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { GuardedButton } from "@/components/ui/guarded-button";
import { AlertTriangleIcon, BreakGlassIcon, CheckIcon, ShieldIcon } from "@/components/ui/icons";
import { can, roleLabels } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format";
import { signoffWindowRefusal } from "@/lib/signoffs/rules";
import { describeDelay } from "@/lib/releases/rules";
import { failureText } from "@/components/actions/use-action";
import { revokeSignoffAction, signOffAction } from "@/lib/signoffs/actions";
import { useAnnouncer } from "./announcer";
import type { Release, Requirement, Viewer } from "./release-data";
import { useReleaseChange } from "./use-release-mutations";

export function Signoffs({ release, viewer }: { release: Release; viewer: Viewer }) {
  const requirements = release.signoffRequirements;
  const signed = requirements.filter((r) => r.signoff && !r.signoff.staleAt).length;
  return (
    <section id="signoffs" aria-labelledby="signoffs-heading" className="flex scroll-mt-24 flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b border-border pb-3">
        <h2 id="signoffs-heading" className="text-lg font-semibold tracking-tight">
          Sign-offs
        </h2>
        <span className="text-xs text-muted tabular-nums">
          {signed} of {requirements.length} given
        </span>
      </div>
      {requirements.length === 0 ? (
        <p className="text-sm text-muted">This release needs no sign-offs.</p>
      ) : (
        <Card>
          <ul className="divide-y divide-border">
            {requirements.map((requirement) => (
              <SignoffRow key={requirement.id} requirement={requirement} release={release} viewer={viewer} />
            ))}
          </ul>
        </Card>
      )}
    </section>
  );
}

function SignoffRow({ requirement, release, viewer }: { requirement: Requirement; release: Release; viewer: Viewer }) {
  const signOff = useReleaseChange(release.id, signOffAction);
  const revoke = useReleaseChange(release.id, revokeSignoffAction);
  const { announce } = useAnnouncer();
  const [dialog, setDialog] = useState<"sign" | "revoke" | null>(null);
  const signButton = useRef<HTMLButtonElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const title = inlineMarkdownToText(requirement.title);
  const { signoff } = requirement;
  const stale = signoff?.staleAt ? signoff : null;
  const valid = signoff && !signoff.staleAt ? signoff : null;
  const headingId = `signoff-${requirement.id}`;

  const signDecision = can(viewer, "signoff.sign", {
    requirement: { role: requirement.role, excludeReleaseManager: requirement.excludeReleaseManager, title },
    releaseManagerId: release.releaseManager.id,
  });
  // Missing at a break-glass deploy: it stays due after the deploy.
  const dueAfterDeploy = requirement.dueAfterDeployAt !== null;
  const signReason = signDecision.allowed ? signoffWindowRefusal(release.status, "sign", { dueAfterDeploy }) : signDecision.reason;
  const dueAt = requirement.dueAfterDeployAt;
  // Overdue once the worker's sweep said so (a live event brings it), not by this browser's clock.
  const overdue = dueAt !== null && release.breakGlassOverdueAt !== null;
  const revokeDecision = signoff ? can(viewer, "signoff.revoke", { signedById: signoff.signedBy.id }) : null;
  // Revoke is offered to the signer and to admins; others do not see it at all.
  const mayRevoke = revokeDecision?.allowed === true;
  const revokeReason = mayRevoke ? signoffWindowRefusal(release.status, "revoke") : null;

  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-start sm:justify-between sm:px-5" aria-labelledby={headingId} data-testid="signoff-row">
      <div className="flex min-w-0 flex-col gap-1.5">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <h3 id={headingId} className="min-w-0 text-sm font-semibold [overflow-wrap:anywhere]">
            <InlineMarkdown text={requirement.title} />
          </h3>
          <Badge>
            <span className="sr-only">Role: </span>
            {roleLabels[requirement.role]}
          </Badge>
          {requirement.excludeReleaseManager ? (
            <Badge tone="info" title="Four-eyes: someone other than the release manager signs this">
              <ShieldIcon className="size-3" />
              Four-eyes
            </Badge>
          ) : null}
        </div>
        {requirement.excludeReleaseManager ? (
          <p className="text-xs text-muted">Four-eyes: not the release manager ({release.releaseManager.name}).</p>
        ) : null}
        <p className="text-xs text-muted" data-testid="signoff-scope">
          Attests {describeScope(requirement.scope)}: unticking one of these makes it stale.
        </p>
        {valid ? (
          <div className="flex flex-col gap-1 text-sm" data-testid="signoff-state">
            <p className="flex flex-wrap items-center gap-x-1.5 text-success-text">
              <CheckIcon className="size-4 shrink-0" />
              <span>
                Signed by <span className="font-medium">{valid.signedBy.name}</span>
              </span>
              <span aria-hidden="true">·</span>
              <time dateTime={valid.signedAt.toISOString()} className="text-muted">
                {formatDateTime(valid.signedAt)}
              </time>
            </p>
            {valid.afterBreakGlass && release.breakGlassAt ? (
              <p className="flex flex-wrap items-center gap-x-1.5 text-xs text-warning-text" data-testid="signoff-after-break-glass">
                <BreakGlassIcon className="size-3.5 shrink-0" />
                Signed after the break-glass deploy, {describeDelay(release.breakGlassAt.getTime(), valid.signedAt.getTime())}
                {dueAt && valid.signedAt > dueAt ? " (after it was due)" : ""}
              </p>
            ) : null}
            {valid.comment ? <p className="text-sm whitespace-pre-wrap text-foreground [overflow-wrap:anywhere]">“{valid.comment}”</p> : null}
          </div>
        ) : stale ? (
          <div className="flex flex-col gap-1 text-sm" data-testid="signoff-state">
            <p className="flex flex-wrap items-center gap-x-1.5">
              <Badge tone="warning">
                <AlertTriangleIcon className="size-3" />
                Stale
              </Badge>
              <span className="text-warning-text [overflow-wrap:anywhere]">{stale.staleReason ?? "The checklist changed after signing"}</span>
            </p>
            <p className="text-xs text-muted">
              Signed by {stale.signedBy.name} · {formatDateTime(stale.signedAt)}; it no longer counts until it is renewed.
            </p>
          </div>
        ) : (
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-muted" data-testid="signoff-state">
            <Badge tone={dueAt && overdue ? "danger" : "warning"}>{dueAt && overdue ? "Overdue" : "Missing"}</Badge>
            {dueAt ? (
              <span className="text-xs">
                Owed after the break-glass deploy: {overdue ? "was due" : "due"} by <time dateTime={dueAt.toISOString()}>{formatDateTime(dueAt)}</time>
              </span>
            ) : null}
          </p>
        )}
      </div>
      <div className="flex shrink-0 flex-wrap gap-2">
        {valid ? null : (
          <GuardedButton ref={signButton} size="sm" variant={stale ? "secondary" : "primary"} disabledReason={signReason} onClick={() => setDialog("sign")}>
            {stale ? "Renew" : "Sign off"}
            <span className="sr-only"> “{title}”</span>
          </GuardedButton>
        )}
        {signoff && mayRevoke ? (
          <GuardedButton ref={revokeButton} size="sm" variant="secondary" disabledReason={revokeReason} onClick={() => setDialog("revoke")}>
            Revoke
            <span className="sr-only"> “{title}”</span>
          </GuardedButton>
        ) : null}
      </div>

      <FormDialog
        open={dialog === "sign"}
        onOpenChange={(open) => setDialog(open ? "sign" : null)}
        title={stale ? `Renew “${title}”` : `Sign off “${title}”`}
        description={`You confirm this as ${viewer.name}. It is recorded with the time and the checklist as it is now: unticking a required pre-release item later makes it stale.`}
        confirmLabel={stale ? "Renew sign-off" : "Sign off"}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          (signButton.current ?? document.getElementById(headingId))?.focus();
        }}
        onSubmit={async (data) => {
          const outcome = await signOff.run({ requirementId: requirement.id, comment: String(data.get("comment") ?? "").trim() });
          if (!outcome.ok) return failureText(outcome);
          announce(`Signed off “${title}”.`, "success");
        }}
      >
        {(errors) => <TextareaField counted optional name="comment" label="Comment" maxLength={RELEASE_LIMITS.signoffCommentChars} errors={errors.comment} rows={3} placeholder="Reviewed PR #412 and the migration plan" autoFocus />}
      </FormDialog>
      {signoff ? (
        <FormDialog
          open={dialog === "revoke"}
          onOpenChange={(open) => setDialog(open ? "revoke" : null)}
          title={`Revoke “${title}”?`}
          description={`The sign-off by ${signoff.signedBy.name} no longer counts${release.status === "READY" ? " and the release goes back to preparing" : ""}. Say why.`}
          confirmLabel="Revoke sign-off"
          tone="danger"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            (revokeButton.current ?? signButton.current)?.focus();
          }}
          onSubmit={async (data) => {
            const reason = String(data.get("reason") ?? "").trim();
            if (reason === "") return { reason: ["Give a reason"] };
            const outcome = await revoke.run({ signoffId: signoff.id, reason });
            if (!outcome.ok) return failureText(outcome);
            announce(`Revoked the sign-off “${title}”.`, "success");
          }}
        >
          {(errors) => <TextareaField counted name="reason" label="Reason" required maxLength={RELEASE_LIMITS.reasonChars} errors={errors.reason} rows={3} autoFocus />}
        </FormDialog>
      ) : null}
    </li>
  );
}
