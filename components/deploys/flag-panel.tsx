"use client";

import { useState } from "react";
import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { failureText, useAction } from "@/components/actions/use-action";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AlertIcon } from "@/components/ui/icons";
import { GuardedButton } from "@/components/ui/guarded-button";
import { can } from "@/lib/auth/permissions";
import { setFlagRolloutAction, toggleFlagAction } from "@/lib/deploys/actions";
import { DEPLOY_LIMITS } from "@/lib/deploys/limits";
import { projectFlagsQuery } from "@/lib/deploys/queries-client";
import type { DeployUser, FlagChangeView, ProjectFlag } from "@/lib/deploys/types";
import { describeRollout } from "@/lib/flags/rollout";
import { formatDateTime } from "@/lib/format";
import { FlagRolloutControl } from "./flag-rollout-control";
import { ReasonDialog } from "./reason-dialog";

export interface FlagPanelProps {
  /** Whose flags: read from the query cache (projectFlagsQuery), kept current by live events. */
  projectId: string;
  user: DeployUser;
  /** On a release page: changes are attributed to this release (and a rollback of it turns its flags off first). */
  release?: { id: string; version: string } | null;
  headingLevel?: "h2" | "h3";
  className?: string;
}

function Attribution({ change, flag }: { change: FlagChangeView | null; flag: ProjectFlag }) {
  if (!change) {
    // Never switched: who defined it, and when (a flag a FLAG step made has no author).
    return flag.createdBy ? (
      <span>
        Added by {flag.createdBy.name} <time dateTime={flag.createdAt}>{formatDateTime(new Date(flag.createdAt))}</time>, {flag.defaultEnabled ? "on" : "off"} by default; never switched
      </span>
    ) : (
      <span>Never changed</span>
    );
  }
  const who = change.actor ? change.actor.name : "a pipeline step";
  const what = change.percent >= 100 ? "Enabled" : change.percent <= 0 ? "Disabled" : `Set to ${change.percent} %`;
  return (
    <span>
      {what} by {who}{" "}
      <time dateTime={change.at}>{formatDateTime(new Date(change.at))}</time>
      {change.release ? <> for <span className="font-mono">{change.release.version}</span></> : null}
      {change.reason && change.actor ? <>: {change.reason}</> : null}
    </span>
  );
}

interface FlagToggle {
  flagId: string;
  enabled: boolean;
  reason: string;
  releaseId?: string;
}

interface FlagRollout {
  flagId: string;
  percent: number;
  reason: string;
  releaseId?: string;
}

/**
 * The project's feature flags: on/off or the rollout percentage, who changed each last and when; "Enable"
 * and raising a percentage ask first, "Disable now" (0 %) and lowering act at once (the safe direction).
 * Every change is attributed to the user, and shows at once (optimistically); a refused change is undone.
 */
export function FlagPanel({ projectId, user, release = null, headingLevel: Heading = "h2", className }: FlagPanelProps) {
  const queryClient = useQueryClient();
  const flagsQuery = projectFlagsQuery(projectId);
  const { data: flags } = useSuspenseQuery(flagsQuery);
  const [pending, setPending] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [announcement, setAnnouncement] = useState("");
  const permission = can(user, "flag.toggle");
  function showOptimistically(flagId: string, percent: number, reason: string) {
    const previous = queryClient.getQueryData(flagsQuery.queryKey);
    const enabled = percent > 0;
    const lastChange: FlagChangeView = { enabled, percent, at: new Date().toISOString(), actor: { id: user.id, name: user.name ?? "you" }, reason: reason || null, release };
    queryClient.setQueryData(flagsQuery.queryKey, (current) => current?.map((flag) => (flag.id === flagId ? { ...flag, enabled, rolloutPercent: percent, lastChange } : flag)));
    return previous;
  }
  const toggleFlag = useAction(toggleFlagAction as (input: FlagToggle) => ReturnType<typeof toggleFlagAction>, {
    optimistic: ({ flagId, enabled, reason }) => showOptimistically(flagId, enabled ? 100 : 0, reason),
    onFailure: (_failure, _input, previous) => queryClient.setQueryData(flagsQuery.queryKey, previous),
    refreshes: () => [flagsQuery.queryKey],
  });
  const setRollout = useAction(setFlagRolloutAction as (input: FlagRollout) => ReturnType<typeof setFlagRolloutAction>, {
    optimistic: ({ flagId, percent, reason }) => showOptimistically(flagId, percent, reason),
    onFailure: (_failure, _input, previous) => queryClient.setQueryData(flagsQuery.queryKey, previous),
    refreshes: () => [flagsQuery.queryKey],
  });

  async function rollout(flag: ProjectFlag, percent: number, reason: string): Promise<string | null> {
    setPending(flag.id);
    setErrors(({ [flag.id]: _gone, ...rest }) => rest);
    const outcome = await setRollout.run({ flagId: flag.id, percent, reason, ...(release ? { releaseId: release.id } : {}) });
    setPending(null);
    if (!outcome.ok) {
      const message = failureText(outcome);
      if (percent < flag.rolloutPercent) setErrors((current) => ({ ...current, [flag.id]: message }));
      return message;
    }
    setAnnouncement(`${flag.key} set to ${percent} %.`);
    return null;
  }

  async function toggle(flag: ProjectFlag, enabled: boolean, reason = ""): Promise<string | null> {
    setPending(flag.id);
    setErrors(({ [flag.id]: _gone, ...rest }) => rest);
    const outcome = await toggleFlag.run({ flagId: flag.id, enabled, reason, ...(release ? { releaseId: release.id } : {}) });
    setPending(null);
    if (!outcome.ok) {
      const message = failureText(outcome);
      if (!enabled) setErrors((current) => ({ ...current, [flag.id]: message }));
      return message;
    }
    setAnnouncement(`${flag.key} ${enabled ? "enabled" : "disabled"}.`);
    return null;
  }

  return (
    <Card role="region" aria-labelledby="flag-panel-title" className={className}>
      <CardHeader>
        <CardTitle as={Heading} id="flag-panel-title">
          Feature flags
        </CardTitle>
        <CardDescription>
          {release ? `Changes made here are recorded against ${release.version}. ` : ""}Services that evaluate flags through OFREP see a change on their next evaluation; disabling is the safe direction.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {flags.length === 0 ? (
          <p className="text-sm text-muted">This project has no feature flags. Admins add them on the project&rsquo;s set-up page.</p>
        ) : (
          <ul className="flex flex-col divide-y divide-border">
            {flags.map((flag) => {
              const busy = pending === flag.id;
              const error = errors[flag.id];
              return (
                <li key={flag.id} aria-label={flag.key} className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0">
                  <span className="font-mono text-[13px] font-medium break-all">{flag.key}</span>
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={flag.rolloutPercent >= 100 ? "success" : flag.rolloutPercent > 0 ? "info" : "neutral"} dot>
                      {flag.rolloutPercent > 0 && flag.rolloutPercent < 100 ? `On for ${describeRollout(flag.rolloutPercent)}` : describeRollout(flag.rolloutPercent)}
                    </Badge>
                    {flag.description ? <span className="text-sm text-muted">{flag.description}</span> : null}
                  </div>
                  <p className="text-xs text-muted">
                    <Attribution change={flag.lastChange} flag={flag} />
                  </p>
                  <div className="flex items-center gap-2">
                    {flag.enabled ? (
                      <GuardedButton
                        variant="danger"
                        size="sm"
                        onClick={() => void toggle(flag, false)}
                        pending={busy}
                        disabledReason={permission.allowed ? null : permission.reason}
                        aria-label={`Disable now: ${flag.key}`}
                      >
                        {busy ? "Disabling…" : "Disable now"}
                      </GuardedButton>
                    ) : permission.allowed ? (
                      <ReasonDialog
                        trigger={
                          <GuardedButton variant="secondary" size="sm" pending={busy} aria-label={`Enable ${flag.key}`}>
                            Enable
                          </GuardedButton>
                        }
                        title={`Enable ${flag.key}?`}
                        confirmLabel="Enable"
                        description={
                          release
                            ? `The flag is switched on now and recorded against ${release.version}: rolling ${release.version} back switches it off again first.`
                            : "The flag is switched on now for everyone using the service. You can disable it again at once."
                        }
                        field={{ label: "Reason", required: false, placeholder: "e.g. rollout after verification", maxLength: DEPLOY_LIMITS.reasonChars }}
                        onConfirm={(reason) => toggle(flag, true, reason)}
                      />
                    ) : (
                      <GuardedButton variant="secondary" size="sm" disabledReason={permission.reason} aria-label={`Enable ${flag.key}`}>
                        Enable
                      </GuardedButton>
                    )}
                  </div>
                  <FlagRolloutControl
                    key={flag.rolloutPercent}
                    flagKey={flag.key}
                    percent={flag.rolloutPercent}
                    busy={busy}
                    disabledReason={permission.allowed ? null : permission.reason}
                    releaseVersion={release?.version ?? null}
                    onSet={(percent, reason) => rollout(flag, percent, reason)}
                  />
                  {error ? (
                    <p role="alert" className="flex gap-2 text-sm text-danger-text">
                      <AlertIcon />
                      {error}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        <p role="status" aria-live="polite" className="sr-only">
          {announcement}
        </p>
      </CardContent>
    </Card>
  );
}
