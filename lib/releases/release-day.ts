// How a release's checklist follows its deploy, as pure functions: which items a pipeline step ticks (by
// step name, because pipelines are versioned and names are stable), what its success or failure does to
// an item, which release-day items still need a person before monitoring can end, and which items may be
// marked not applicable. The worker, the actions, the rules and the release page all ask these.
import type { ChecklistPhase, ItemState, RunKind } from "@/lib/generated/prisma/enums";
import { describeAutomation, integrationLabels } from "@/lib/integrations/automation";

/** The run kind whose steps tick the items of a phase: release day follows the deploy, rollback the rollback. */
export function runKindForPhase(phase: ChecklistPhase): RunKind | null {
  if (phase === "RELEASE_DAY") return "DEPLOY";
  if (phase === "ROLLBACK") return "ROLLBACK";
  return null;
}

export interface BindableItem {
  phase: ChecklistPhase;
  stepName: string | null;
  state: ItemState;
}

/** Step names compare without case or surrounding spaces: "Run migrations" binds "run migrations ". */
export function sameStepName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Whether a step of a run of `runKind` named `stepName` is the one `item` is bound to. */
export function isBoundTo(item: Pick<BindableItem, "phase" | "stepName">, runKind: RunKind, stepName: string): boolean {
  return item.stepName !== null && runKindForPhase(item.phase) === runKind && sameStepName(item.stepName, stepName);
}

export type DeployItemEffect = { kind: "tick" } | { kind: "note"; note: string } | { kind: "none" };

/**
 * What a bound step's end does to its item. Success ticks an open item (a ticked or N/A item is left as a
 * person decided it); failure notes it, never ticks it, and never unticks one ticked before.
 */
export function deployItemEffect(
  item: Pick<BindableItem, "state">,
  step: { name: string; status: "SUCCEEDED" | "FAILED"; error?: string | null },
  runLabel: string,
): DeployItemEffect {
  if (item.state !== "OPEN") return { kind: "none" };
  if (step.status === "SUCCEEDED") return { kind: "tick" };
  const error = step.error?.trim();
  return { kind: "note", note: `Step ‘${step.name}’ failed in ${runLabel}${error ? `: ${error.slice(0, 500)}` : ""}. Not ticked.` };
}

/** The run page: the evidence for an item ticked by a deploy. */
export function runEvidenceUrl(releaseId: string, runId: string): string {
  return `/releases/${releaseId}/deploys/${runId}`;
}

export interface ReleaseDayItemFacts {
  phase: ChecklistPhase;
  required: boolean;
  state: ItemState;
  stepName?: string | null;
}

/** Required release-day items still open: monitoring cannot end while any is (tick them or mark them N/A with a reason). */
export function openReleaseDayItems(items: readonly ReleaseDayItemFacts[]): number {
  return items.filter((i) => i.phase === "RELEASE_DAY" && i.required && i.state === "OPEN").length;
}

/**
 * Optional items may always be marked N/A; required release-day items too, with a reason (a team that tags
 * by hand in another system, a step that was skipped). Other required items must be done.
 */
export function mayMarkNotApplicable(item: { phase: ChecklistPhase; required: boolean }): boolean {
  return !item.required || item.phase === "RELEASE_DAY";
}

/**
 * How the checklist shows an item's tie to the deploy ("Runs with step ‘Run migrations’") or to an outside
 * event ("Automated · ticked when GitHub workflow release.yml succeeds…").
 */
export function bindingLabel(item: {
  phase: ChecklistPhase;
  stepName: string | null;
  state: ItemState;
  tickedByRunId: string | null;
  automation?: string | null;
  tickedByIntegration?: string | null;
}): string | null {
  if (!item.stepName) {
    if (!item.automation) return null;
    if (item.state === "DONE" && item.tickedByIntegration) return `Automated · ticked by ${integrationLabels[item.tickedByIntegration] ?? item.tickedByIntegration}`;
    return describeAutomation(item.automation);
  }
  const pipeline = runKindForPhase(item.phase) === "ROLLBACK" ? "Rollback" : "Deploy";
  if (item.state === "DONE" && item.tickedByRunId) return `Ticked by ${pipeline} · step ‘${item.stepName}’`;
  return `Runs with ${pipeline.toLowerCase()} step ‘${item.stepName}’`;
}
