// What a sign-off attests, as pure functions. A requirement names pre-release sections or items (by title,
// case-insensitively); with no names it attests every required pre-release item. A sign-off records the
// attested items that were done when it was given: unticking one of those makes it stale, and ticking it
// again before anyone renews the sign-off restores it.
import type { ChecklistPhase, ItemState } from "@/lib/generated/prisma/enums";

export interface ScopeItem {
  id: string;
  phase: ChecklistPhase;
  required: boolean;
  title: string;
  sectionTitle: string;
}

const key = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

/**
 * The items a requirement attests: in a named section, its required items; a named item, whether required
 * or not (naming it says it matters). Only pre-release items: sign-offs are given before the deploy.
 */
export function attestedItems<T extends ScopeItem>(scope: readonly string[], items: readonly T[]): T[] {
  const preRelease = items.filter((i) => i.phase === "PRE_RELEASE");
  if (scope.length === 0) return preRelease.filter((i) => i.required);
  const names = new Set(scope.map(key));
  return preRelease.filter((i) => names.has(key(i.title)) || (i.required && names.has(key(i.sectionTitle))));
}

/** The ids a new sign-off records: attested items that are done now. */
export function checklistStateAtSigning(scope: readonly string[], items: readonly (ScopeItem & { state: ItemState })[]): string[] {
  return attestedItems(scope, items)
    .filter((i) => i.state === "DONE")
    .map((i) => i.id);
}

/**
 * Attested items an outside event ticks (an automation) that have no evidence from it yet: a sign-off
 * cannot vouch for "tests passing in CI" while CI has not said so. Ticked by hand does not count.
 */
export function itemsMissingEvidence<T extends ScopeItem & { state: ItemState; automation: string | null; tickedByIntegration: string | null }>(
  scope: readonly string[],
  items: readonly T[],
): T[] {
  return attestedItems(scope, items).filter((i) => i.automation !== null && !(i.state === "DONE" && i.tickedByIntegration !== null));
}

/** A stale sign-off is restored once every item it recorded is done again. */
export function isRestorable(recorded: unknown, doneIds: ReadonlySet<string>): boolean {
  const ids = Array.isArray(recorded) ? recorded.filter((id): id is string => typeof id === "string") : [];
  return ids.every((id) => doneIds.has(id));
}

/** "Database", "Database and Testing", "every required pre-release item". */
export function describeScope(scope: readonly string[]): string {
  if (scope.length === 0) return "every required pre-release item";
  if (scope.length === 1) return `“${scope[0]}”`;
  return `${scope.slice(0, -1).map((s) => `“${s}”`).join(", ")} and “${scope.at(-1)}”`;
}
