// Variables in step commands, URLs, headers and checklist item commands: ${NAME}. The built-in ones come from
// the release (${VERSION}, ${PREVIOUS_VERSION}…), the others are the project's variables. Secrets are
// ${secret:NAME} and handled apart (lib/secrets; never substituted outside the worker). Pure.
import semver from "semver";

/** A variable's name: UPPER_CASE letters, digits and _. `${lower}` is left alone (a shell's own variable). */
export const VARIABLE_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
const reference = /\$\{([A-Z_][A-Z0-9_]*)\}/g;

/** The built-in variables and what each holds, for the pages that explain them. */
export const builtInVariables = {
  VERSION: "the release's version, e.g. 1.4.0",
  PREVIOUS_VERSION: "the project's last released version before this one (else the version running when it was set up): the rollback target",
  PROJECT: "the project's slug",
  RELEASE_URL: "the release's page in Preflight",
  PREFLIGHT_URL: "Preflight's own address",
  RELEASE_ID: "the release's id",
  RUN_ID: "the deploy run's id (steps only)",
} as const;

export type BuiltInVariable = keyof typeof builtInVariables;

/** Set only while a FLAG step runs its applyCommand. */
export const FLAG_STEP_VARIABLES: readonly string[] = ["FLAG_KEY", "FLAG_ENABLED"];

/** Names a project variable cannot take: the built-in ones, and what every command's environment needs. */
export const RESERVED_VARIABLE_NAMES: ReadonlySet<string> = new Set([...Object.keys(builtInVariables), ...FLAG_STEP_VARIABLES, "PATH", "HOME", "LANG"]);

export function isBuiltInVariable(name: string): name is BuiltInVariable {
  return Object.hasOwn(builtInVariables, name);
}

/** The names of the variables `value` refers to (strings anywhere in it), in order of first use. */
export function variableNamesIn(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown) => {
    if (typeof node === "string") for (const match of node.matchAll(reference)) names.add(match[1]!);
    else if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") Object.values(node).forEach(visit);
  };
  visit(value);
  return [...names];
}

/** Replaces the variables `variables` has; any other reference stays as written (checklist commands are shown, not run). */
export function substituteVariables(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(reference, (whole, name: string) => (Object.hasOwn(variables, name) ? variables[name]! : whole));
}

/**
 * The rollback target: the highest released version below `version`. The project's baseline (the version that
 * ran before Preflight, if an admin gave one) counts as released, so a first release has a target too; null
 * when neither is below `version`.
 */
export function previousReleasedVersion(released: readonly string[], version: string, baseline?: string | null): string | null {
  const candidates = baseline ? [...released, baseline] : released;
  const below = candidates.filter((v) => semver.valid(v) && semver.valid(version) && semver.lt(v, version));
  return below.sort(semver.rcompare)[0] ?? null;
}

export interface ReleaseVariableFacts {
  version: string;
  previousVersion: string | null;
  projectSlug: string;
  releaseId: string;
  /** Preflight's public address, without a trailing slash. */
  publicUrl: string;
  projectVariables: readonly { name: string; value: string }[];
}

/**
 * The values of every variable for a release. PREVIOUS_VERSION is absent when nothing was released before
 * and the project has no baseline below this version (a step that uses it then fails naming it, instead of
 * running with an empty string).
 */
export function releaseVariables(facts: ReleaseVariableFacts): Record<string, string> {
  const base = facts.publicUrl.replace(/\/+$/, "");
  return {
    ...Object.fromEntries(facts.projectVariables.map((v) => [v.name, v.value])),
    VERSION: facts.version,
    ...(facts.previousVersion ? { PREVIOUS_VERSION: facts.previousVersion } : {}),
    PROJECT: facts.projectSlug,
    RELEASE_URL: `${base}/releases/${facts.releaseId}`,
    PREFLIGHT_URL: base,
    RELEASE_ID: facts.releaseId,
  };
}

/**
 * A problem per step that refers to a variable the project does not have, named like the pipeline's other
 * problems ("step 2 (Tag) › Unknown variable ${IMAGE}: …"). `known` holds the project's variable names.
 */
export function unknownVariableProblems(steps: readonly { name: string; kind: string; config: unknown }[], known: ReadonlySet<string>): string[] {
  return steps.flatMap((step, index) =>
    variableNamesIn(step.config)
      .filter((name) => !known.has(name) && !isBuiltInVariable(name) && !(step.kind === "FLAG" && FLAG_STEP_VARIABLES.includes(name)))
      .map((name) => `step ${index + 1} (${step.name}): Unknown variable \${${name}}: add it under the project's variables, or write $${name} for a shell variable`),
  );
}
