// The save action's problem list ("step 2 (Health) › config.url: Use an http(s) URL"), sorted back onto the
// steps and fields of the step editor, so that each message shows beside its field. Pure, no zod: the editor
// is a client component, and the server's schema stays the one judge.
export interface StepProblem {
  /** The field's path inside the step ("config.url", "name"), or null for the step as a whole. */
  field: string | null;
  message: string;
}

export interface SortedProblems {
  /** Problems that belong to no one step ("A pipeline needs at least one step"). */
  general: string[];
  /** By step index (0-based). */
  byStep: Map<number, StepProblem[]>;
}

const stepProblem = /^step (\d+)(?: \(.*?\))?(?: › ([\w.]+))?: (.*)$/s;

export function sortPipelineProblems(problems: readonly string[]): SortedProblems {
  const sorted: SortedProblems = { general: [], byStep: new Map() };
  for (const problem of problems) {
    const match = stepProblem.exec(problem);
    if (!match) {
      sorted.general.push(problem);
      continue;
    }
    const index = Number(match[1]) - 1;
    const list = sorted.byStep.get(index) ?? [];
    list.push({ field: match[2] ?? null, message: match[3]! });
    sorted.byStep.set(index, list);
  }
  return sorted;
}

/** The messages for one field of one step (a field's own, and those about its parts, e.g. config.env.0.name). */
export function fieldProblems(sorted: SortedProblems, index: number, field: string): string[] {
  return (sorted.byStep.get(index) ?? []).filter((p) => p.field === field || p.field?.startsWith(`${field}.`)).map((p) => p.message);
}
