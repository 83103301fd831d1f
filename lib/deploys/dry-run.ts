// A dry run of a pipeline for one release: every step with its variables filled in, nothing run. Secrets are
// never filled in (shown as ••••), nor are environment values marked secret. A variable with no value is a
// problem naming it, as it would be when the step runs. Pure.
import { FLAG_STEP_VARIABLES } from "@/lib/projects/variables";
import { UnknownVariableError, type PipelineStep } from "./pipeline-schema";

export const MASK = "••••";

export interface DryRunField {
  /** Where in the step's configuration, e.g. "command", "headers.Authorization", "env.TOKEN". */
  path: string;
  value: string;
}

export interface DryRunStep {
  position: number;
  name: string;
  kind: PipelineStep["kind"];
  idempotent: boolean;
  fields: DryRunField[];
  problems: string[];
}

const reference = /\$\{(secret:)?([A-Za-z0-9_]+)\}/g;

function fill(text: string, variables: Readonly<Record<string, string>>, missing: Set<string>): string {
  return text.replace(reference, (whole, secret: string | undefined, key: string) => {
    if (secret) return MASK;
    // ${lower} belongs to the shell.
    if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) return whole;
    if (Object.hasOwn(variables, key)) return variables[key]!;
    missing.add(key);
    return whole;
  });
}

function leaves(value: unknown, path: string, out: [string, unknown][]) {
  if (Array.isArray(value)) value.forEach((item, index) => leaves(item, path ? `${path}.${index + 1}` : String(index + 1), out));
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) leaves(item, path ? `${path}.${key}` : key, out);
  else if (value !== undefined) out.push([path, value]);
}

/** The steps as they would run for a release whose variables are `variables` (lib/projects/variables.ts). */
export function dryRunPipeline(steps: readonly PipelineStep[], variables: Readonly<Record<string, string>>): DryRunStep[] {
  return steps.map((step, index) => {
    const missing = new Set<string>();
    const own = step.kind === "FLAG" ? { ...variables, FLAG_KEY: step.config.flagKey, FLAG_ENABLED: String(step.config.enabled) } : variables;
    const { env, ...config } = step.config as Record<string, unknown> & { env?: { name: string; value: string; secret?: boolean }[] };
    const raw: [string, unknown][] = [];
    leaves(config, "", raw);
    const fields: DryRunField[] = raw.map(([path, value]) => ({ path, value: typeof value === "string" ? fill(value, own, missing) : JSON.stringify(value) }));
    for (const variable of env ?? []) {
      fields.push({ path: `env.${variable.name}`, value: variable.secret ? MASK : fill(variable.value, own, missing) });
    }
    const problems = [...missing]
      .filter((name) => !(step.kind === "FLAG" && FLAG_STEP_VARIABLES.includes(name)))
      .map((name) => new UnknownVariableError(name).message);
    return { position: index + 1, name: step.name, kind: step.kind, idempotent: step.idempotent, fields, problems };
  });
}
