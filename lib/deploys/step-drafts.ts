// The step editor's working copy of a pipeline: steps as the form edits them, with a stable key each (for
// React and for focus after a move), and the list operations (add, move, duplicate, remove). Pure, no zod:
// client components use it; the server's schema judges what is saved.
export const STEP_KINDS = ["SHELL", "HTTP", "WAIT", "APPROVAL", "FLAG", "NOTIFY"] as const;
export type StepKindName = (typeof STEP_KINDS)[number];

export const stepKindLabels: Record<StepKindName, string> = {
  SHELL: "Shell command",
  HTTP: "HTTP call",
  WAIT: "Wait",
  APPROVAL: "Approval",
  FLAG: "Feature flag",
  NOTIFY: "Notification",
};

export const APPROVER_ROLES = ["ENGINEERING_LEAD", "RELEASE_MANAGER", "ADMIN"] as const;

export interface StepDraft {
  key: string;
  /** As stored; a kind the editor does not know is kept so the server can name it. */
  kind: string;
  name: string;
  idempotent: boolean;
  /** The whole configuration: fields the form does not show (env, headers…) are kept as they are. */
  config: Record<string, unknown>;
}

// Steps read from a pipeline are keyed by position (the same on the server and in the browser, so that
// hydration agrees); steps added or copied in the browser get keys of their own.
let counter = 0;
const nextKey = () => `new${++counter}`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Steps as stored (or parsed from YAML) → drafts. Anything that is not a list gives no steps. */
export function draftsFromSteps(steps: unknown): StepDraft[] {
  if (!Array.isArray(steps)) return [];
  return steps.map((step, index) => {
    const record = isRecord(step) ? step : {};
    return {
      key: `at${index}`,
      kind: typeof record.kind === "string" ? record.kind : "",
      name: typeof record.name === "string" ? record.name : "",
      idempotent: typeof record.idempotent === "boolean" ? record.idempotent : record.kind !== "SHELL",
      config: isRecord(record.config) ? { ...record.config } : {},
    };
  });
}

/** Drafts → the steps the save action receives (the same shape as the JSON and the YAML). */
export function stepsFromDrafts(drafts: readonly StepDraft[]): { kind: string; name: string; idempotent: boolean; config: Record<string, unknown> }[] {
  return drafts.map(({ kind, name, idempotent, config }) => ({ kind, name, idempotent, config }));
}

const starters: Record<StepKindName, { name: string; idempotent: boolean; config: Record<string, unknown> }> = {
  SHELL: { name: "Run a command", idempotent: false, config: { command: "" } },
  HTTP: { name: "Call a URL", idempotent: true, config: { method: "GET", url: "" } },
  WAIT: { name: "Wait", idempotent: true, config: { seconds: 60 } },
  APPROVAL: { name: "Approve", idempotent: true, config: { instructions: "", approverRoles: ["RELEASE_MANAGER", "ADMIN"], fourEyes: true } },
  FLAG: { name: "Switch a flag", idempotent: true, config: { flagKey: "", enabled: true } },
  NOTIFY: { name: "Tell the team", idempotent: true, config: { url: "", message: "" } },
};

/** A new step of `kind`, with the defaults the schema would fill in (SHELL is not idempotent by default). */
export function newStepDraft(kind: StepKindName): StepDraft {
  const starter = starters[kind];
  return { key: nextKey(), kind, name: starter.name, idempotent: starter.idempotent, config: structuredClone(starter.config) };
}

/** The list with the step at `from` moved to `to` (both clamped); the same list when nothing moves. */
export function moveStep<T>(list: readonly T[], from: number, to: number): T[] {
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (from < 0 || from >= list.length || from === target) return [...list];
  const next = [...list];
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved!);
  return next;
}

/** A copy of the step at `index`, inserted after it, named "… (copy)". */
export function duplicateStep(list: readonly StepDraft[], index: number): StepDraft[] {
  const step = list[index];
  if (!step) return [...list];
  const copy: StepDraft = { ...step, key: nextKey(), name: `${step.name} (copy)`, config: structuredClone(step.config) };
  return [...list.slice(0, index + 1), copy, ...list.slice(index + 1)];
}
