// The set-up of a project as a list of steps, each done or not, from facts the page reads. Pure: the set-up
// page, the project page and the first-run page all ask this one function.

/** What the actions of the set-up page's cards share: admins only, and the answer re-renders the set-up page. */
export const setupCardAction = { permission: "project.manage" as const, revalidate: ["/projects/[slug]/setup"] };
/** The same for what the project page shows too (its flags). */
export const setupAndProjectAction = { permission: "project.manage" as const, revalidate: ["/projects/[slug]/setup", "/projects/[slug]"] };

export interface SetupFacts {
  /** The project's default template, if it has one that is not archived. */
  template: { name: string } | null;
  /** The latest version of each pipeline, null when there is none. */
  pipelines: { deploy: number | null; rollback: number | null };
  flags: number;
  /** Enabled users of the installation. */
  users: number;
}

export type SetupStepId = "project" | "template" | "pipelines" | "flags" | "users";

export interface SetupStep {
  id: SetupStepId;
  title: string;
  done: boolean;
  /** Where the step stands, in a few words. */
  summary: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const SETUP_STEP_TITLES: Record<SetupStepId, string> = {
  project: "Create the project",
  template: "Choose its checklist template",
  pipelines: "Define its deploy and rollback pipelines",
  flags: "Add its feature flags",
  users: "Add the people who release it",
};

export function setupSteps(facts: SetupFacts | null): SetupStep[] {
  const step = (id: SetupStepId, done: boolean, summary: string): SetupStep => ({ id, title: SETUP_STEP_TITLES[id], done, summary });
  if (!facts) {
    return [
      step("project", false, "No project yet"),
      step("template", false, "After the project"),
      step("pipelines", false, "After the project"),
      step("flags", false, "After the project"),
      step("users", false, "After the project"),
    ];
  }
  const { deploy, rollback } = facts.pipelines;
  const missing = [deploy === null ? "deploy" : null, rollback === null ? "rollback" : null].filter(Boolean);
  return [
    step("project", true, "Created"),
    step("template", facts.template !== null, facts.template ? `Releases start from “${facts.template.name}”` : "No template chosen"),
    step(
      "pipelines",
      missing.length === 0,
      missing.length === 0 ? `Deploy version ${deploy}, rollback version ${rollback}` : `No ${missing.join(" or ")} pipeline yet`,
    ),
    step("flags", facts.flags > 0, facts.flags > 0 ? plural(facts.flags, "flag") : "No flags yet (a project may have none)"),
    step("users", facts.users > 1, facts.users > 1 ? `${plural(facts.users, "person", "people")} can sign in` : "Only one person can sign in so far"),
  ];
}

export function countDone(steps: readonly SetupStep[]): number {
  return steps.filter((s) => s.done).length;
}
