"use client";

import { useId, useState } from "react";
import { inputClasses } from "@/components/ui/field";
import { GuardedButton } from "@/components/ui/guarded-button";
import { DEPLOY_LIMITS } from "@/lib/deploys/limits";
import { ROLLOUT_LIMITS } from "@/lib/flags/rollout";
import { cn } from "@/lib/utils";
import { ReasonDialog } from "./reason-dialog";

export interface FlagRolloutControlProps {
  flagKey: string;
  /** The flag's rollout now, 0–100. */
  percent: number;
  busy: boolean;
  /** Why the viewer cannot change it; null when they can. */
  disabledReason: string | null;
  /** The release changes are recorded against, for the dialog's wording. */
  releaseVersion: string | null;
  /** Sets the percentage; returns an error message, or null when it is done. */
  onSet: (percent: number, reason: string) => Promise<string | null>;
}

function clamp(value: number): number {
  if (!Number.isFinite(value)) return ROLLOUT_LIMITS.minPercent;
  return Math.min(ROLLOUT_LIMITS.maxPercent, Math.max(ROLLOUT_LIMITS.minPercent, Math.round(value)));
}

/**
 * A rollout percentage: a slider and a number field that move together (both work from the keyboard: arrows,
 * Page Up/Down, Home/End), and a button that applies it. Raising it asks first, with an optional reason, as
 * Enable does; lowering it applies at once (the safe direction).
 */
export function FlagRolloutControl({ flagKey, percent, busy, disabledReason, releaseVersion, onSet }: FlagRolloutControlProps) {
  const id = useId();
  const [draft, setDraft] = useState<number | null>(null);
  const value = draft ?? percent;
  const changed = value !== percent;
  const label = `Set ${flagKey} to ${value} %`;

  async function apply(reason: string): Promise<string | null> {
    const error = await onSet(value, reason);
    if (!error) setDraft(null);
    return error;
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor={`${id}-range`} className="text-sm text-muted">
        Rollout
      </label>
      <input
        id={`${id}-range`}
        type="range"
        min={ROLLOUT_LIMITS.minPercent}
        max={ROLLOUT_LIMITS.maxPercent}
        step={1}
        value={value}
        aria-valuetext={`${value} %`}
        disabled={disabledReason !== null || busy}
        onChange={(event) => setDraft(clamp(Number(event.target.value)))}
        className="w-40 accent-current"
      />
      <input
        type="number"
        inputMode="numeric"
        min={ROLLOUT_LIMITS.minPercent}
        max={ROLLOUT_LIMITS.maxPercent}
        step={1}
        value={value}
        aria-label={`Rollout percentage of ${flagKey}`}
        disabled={disabledReason !== null || busy}
        onChange={(event) => setDraft(clamp(Number(event.target.value)))}
        className={cn(inputClasses, "w-20 border-border-strong")}
      />
      <span aria-hidden="true" className="text-sm text-muted">
        %
      </span>
      {!changed || disabledReason !== null ? null : value > percent ? (
        <ReasonDialog
          trigger={
            <GuardedButton variant="secondary" size="sm" pending={busy} aria-label={label}>
              Set {value} %
            </GuardedButton>
          }
          title={`Roll ${flagKey} out to ${value} %?`}
          confirmLabel={`Set ${value} %`}
          description={
            releaseVersion
              ? `The flag goes on for ${value} % of users (the same users as now, and more) and is recorded against ${releaseVersion}.`
              : `The flag goes on for ${value} % of users (the same users as now, and more).`
          }
          field={{ label: "Reason", required: false, placeholder: "e.g. error rate flat at 10 %", maxLength: DEPLOY_LIMITS.reasonChars }}
          onConfirm={apply}
        />
      ) : (
        <GuardedButton variant="secondary" size="sm" pending={busy} aria-label={label} onClick={() => void apply("")}>
          Set {value} %
        </GuardedButton>
      )}
    </div>
  );
}
