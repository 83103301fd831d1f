// The step editor's working copy of a pipeline: steps as the form edits them, with a stable key each (for
// React and for focus after a move), and the list operations (add, move, duplicate, remove). Pure, no zod:
// client components use it; the server's schema judges what is saved (the form's inline checks use the same
// limits and words, from ./limits).
import { DEPLOY_LIMITS, ENV_VAR_NAME, HTTP_HEADER_NAME, STEP_FIELD_MESSAGES as M } from "./limits";
import { SECRET_MASK } from "./secret-env";
import { parseJsonCondition, parseMetricCondition, parsePromDuration } from "./probe-conditions";

export const STEP_KINDS = ["SHELL", "HTTP", "WAIT", "APPROVAL", "FLAG", "NOTIFY", "PROBE"] as const;
export type StepKindName = (typeof STEP_KINDS)[number];

export const stepKindLabels: Record<StepKindName, string> = {
  SHELL: "Shell command",
  HTTP: "HTTP call",
  WAIT: "Wait",
  APPROVAL: "Approval",
  FLAG: "Feature flag",
  NOTIFY: "Notification",
  PROBE: "Probe",
};

export const APPROVER_ROLES = ["ENGINEERING_LEAD", "RELEASE_MANAGER", "ADMIN"] as const;

export interface StepDraft {
  key: string;
  /** As stored; a kind the editor does not know is kept so the server can name it. */
  kind: string;
  name: string;
  idempotent: boolean;
  /** What the step is for, when a rollback needs to know (lib/deploys/step-purpose.ts); "" for none. */
  purpose: string;
  /**
   * The whole configuration, as stored, but for an HTTP step's headers: rows ({ name, value }[]) while edited, so
   * that a header can be renamed, or added with no name yet; stepsFromDrafts makes them a record again.
   * Fields the form does not show are kept as they are.
   */
  config: Record<string, unknown>;
}

/** A SHELL step's environment variable (a secret one's value comes from the server as ••••). */
export interface EnvRow {
  name: string;
  value: string;
  secret?: boolean;
}

/** An HTTP step's header, as a row of the form. */
export interface HeaderRow {
  name: string;
  value: string;
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
      purpose: typeof record.purpose === "string" ? record.purpose : "",
      config: isRecord(record.config) ? withHeaderRows(record.kind, record.config) : {},
    };
  });
}

const withHeaderRows = (kind: unknown, config: Record<string, unknown>): Record<string, unknown> =>
  kind === "HTTP" && isRecord(config.headers) && Object.values(config.headers).every((v) => typeof v === "string")
    ? { ...config, headers: Object.entries(config.headers).map(([name, value]) => ({ name, value: value as string })) }
    : { ...config };

/** Drafts → the steps the save action receives (the same shape as the JSON and the YAML). */
export function stepsFromDrafts(drafts: readonly StepDraft[]): { kind: string; name: string; idempotent: boolean; purpose?: string; config: Record<string, unknown> }[] {
  return drafts.map(({ kind, name, idempotent, purpose, config }) => ({
    kind,
    name,
    idempotent,
    ...(purpose ? { purpose } : {}),
    config: kind === "HTTP" && Array.isArray(config.headers) ? { ...config, headers: Object.fromEntries(headerRowsOf(config).map((h) => [h.name.trim(), h.value])) } : config,
  }));
}

const stringOr = (value: unknown, fallback = "") => (typeof value === "string" ? value : fallback);

/** A SHELL step's environment, as rows (anything malformed read as empty strings). */
export function envRowsOf(config: Record<string, unknown>): EnvRow[] {
  if (!Array.isArray(config.env)) return [];
  return config.env.map((v: unknown) => {
    const row = isRecord(v) ? v : {};
    return { name: stringOr(row.name), value: stringOr(row.value), ...(row.secret === true ? { secret: true } : {}) };
  });
}

/** An HTTP step's headers, as rows. */
export function headerRowsOf(config: Record<string, unknown>): HeaderRow[] {
  if (Array.isArray(config.headers)) return config.headers.map((h: unknown) => (isRecord(h) ? { name: stringOr(h.name), value: stringOr(h.value) } : { name: "", value: "" }));
  if (isRecord(config.headers)) return Object.entries(config.headers).map(([name, value]) => ({ name, value: stringOr(value) }));
  return [];
}

/** A SHELL step's argv, or null when it runs a command line. */
export function argvOf(config: Record<string, unknown>): string[] | null {
  return Array.isArray(config.argv) ? config.argv.map((a: unknown) => stringOr(a)) : null;
}

/**
 * A SHELL step switched between a command line (sh -c) and argv (no shell): the words of the command become
 * the arguments, the arguments joined by spaces the command. The other settings stay.
 */
export function withShellMode(config: Record<string, unknown>, mode: "command" | "argv"): Record<string, unknown> {
  const { command, argv, ...rest } = config;
  if (mode === "argv") {
    if (Array.isArray(argv)) return config;
    const words = stringOr(command).trim().split(/\s+/).filter(Boolean);
    return { ...rest, argv: words.length > 0 ? words : [""] };
  }
  if (!Array.isArray(argv)) return config;
  return { ...rest, command: argv.map((a: unknown) => stringOr(a)).join(" ") };
}

/**
 * A PROBE step switched between an HTTP check and a Prometheus query: the other kind's settings go (the schema
 * refuses them), the URL and the timing stay.
 */
export function withProbeCheck(config: Record<string, unknown>, check: "HTTP" | "PROMETHEUS"): Record<string, unknown> {
  if (config.check === check) return config;
  const { expectStatus: _status, jsonCondition: _json, query: _query, condition: _condition, baselineOffset: _offset, label: _label, ...rest } = config;
  return check === "PROMETHEUS" ? { ...rest, check, query: "", condition: "value <= 0.05" } : { ...rest, check };
}

/**
 * A secret environment value as the form edits it: a value saved before comes back as ••••, which the field
 * shows as empty (write-only); typing replaces it, and emptying the field keeps the saved value (the server
 * puts it back, or asks for a value when there is none).
 */
export const secretValueShown = (value: string) => (value === SECRET_MASK ? "" : value);
export const secretValueSent = (typed: string) => (typed === "" ? SECRET_MASK : typed);
export const hasSavedSecret = (row: EnvRow) => row.secret === true && row.value === SECRET_MASK;

/** The list with the row at `index` replaced by `row`, or removed when `row` is null. */
export function replaceRow<T>(list: readonly T[], index: number, row: T | null): T[] {
  return row === null ? list.filter((_, i) => i !== index) : list.map((r, i) => (i === index ? row : r));
}

const label = (step: StepDraft, index: number) => `step ${index + 1}${step.name.trim() ? ` (${step.name.trim()})` : ""}`;

/**
 * What the form can tell about env, argv and headers before anything is sent, worded like the server's problems
 * ("step 2 (Deploy) › config.env.0.name: …") so they show beside their fields. Headers must be checked here:
 * rows with no name, or the same name twice, cannot become the record the server receives. Empty names only
 * count on `saving` (a row just added is not yet a mistake).
 */
export function draftProblems(drafts: readonly StepDraft[], { saving = false } = {}): string[] {
  const problems: string[] = [];
  drafts.forEach((step, index) => {
    const at = (field: string, message: string) => problems.push(`${label(step, index)} › ${field}: ${message}`);
    if (step.kind === "SHELL") {
      const env = envRowsOf(step.config);
      if (env.length > DEPLOY_LIMITS.envVars) at("config.env", M.envCount);
      const seen = new Set<string>();
      env.forEach((v, i) => {
        if ((v.name !== "" || saving) && !ENV_VAR_NAME.test(v.name)) at(`config.env.${i}.name`, M.envName);
        else if (seen.has(v.name)) at(`config.env.${i}.name`, M.envTwice(v.name));
        seen.add(v.name);
        if (v.value.length > DEPLOY_LIMITS.envValueChars) at(`config.env.${i}.value`, M.envValue);
        else if (saving && v.secret === true && v.value === "") at(`config.env.${i}.value`, "Enter the secret value");
      });
      const argv = argvOf(step.config);
      if (argv) {
        if (argv.length > DEPLOY_LIMITS.argvItems) at("config.argv", M.argvCount);
        if (saving && (argv[0] ?? "").trim() === "") at("config.argv.0", M.argvEmpty);
        argv.forEach((a, i) => {
          if (a.length > DEPLOY_LIMITS.argvItemChars) at(`config.argv.${i}`, M.argvItem);
        });
      }
    }
    if (step.kind === "HTTP") {
      const headers = headerRowsOf(step.config);
      if (headers.length > DEPLOY_LIMITS.headers) at("config.headers", M.headerCount);
      const seen = new Set<string>();
      headers.forEach((h, i) => {
        const name = h.name.trim();
        if ((name !== "" || saving) && !HTTP_HEADER_NAME.test(name)) at(`config.headers.${i}.name`, M.headerName);
        // Header names are case-insensitive: Authorization and authorization are one header.
        else if (seen.has(name.toLowerCase())) at(`config.headers.${i}.name`, M.headerTwice(name));
        seen.add(name.toLowerCase());
        if (h.value.length > DEPLOY_LIMITS.headerValueChars) at(`config.headers.${i}.value`, M.headerValue);
      });
    }
    if (step.kind === "PROBE") {
      // The conditions are small languages: say what is wrong while it is typed, with the server's words.
      const { jsonCondition, condition, baselineOffset } = step.config;
      if (typeof jsonCondition === "string" && jsonCondition.trim() !== "") {
        const parsed = parseJsonCondition(jsonCondition);
        if (!parsed.ok) at("config.jsonCondition", parsed.message);
      }
      if (typeof condition === "string" && condition.trim() !== "") {
        const parsed = parseMetricCondition(condition);
        if (!parsed.ok) at("config.condition", parsed.message);
      }
      if (typeof baselineOffset === "string" && parsePromDuration(baselineOffset) === null) at("config.baselineOffset", "Write a duration like 1d, 1h or 30s");
    }
  });
  return problems;
}

const starters: Record<StepKindName, { name: string; idempotent: boolean; config: Record<string, unknown> }> = {
  SHELL: { name: "Run a command", idempotent: false, config: { command: "" } },
  HTTP: { name: "Call a URL", idempotent: true, config: { method: "GET", url: "" } },
  WAIT: { name: "Wait", idempotent: true, config: { seconds: 60 } },
  APPROVAL: { name: "Approve", idempotent: true, config: { instructions: "", approverRoles: ["RELEASE_MANAGER", "ADMIN"], fourEyes: true } },
  FLAG: { name: "Switch a flag", idempotent: true, config: { flagKey: "", enabled: true } },
  NOTIFY: { name: "Tell the team", idempotent: true, config: { url: "", message: "" } },
  PROBE: { name: "Watch the error rate", idempotent: true, config: { check: "PROMETHEUS", url: "", query: "", condition: "value <= 0.05", intervalSeconds: 30, durationSeconds: 300 } },
};

/** A new step of `kind`, with the defaults the schema would fill in (SHELL is not idempotent by default). */
export function newStepDraft(kind: StepKindName): StepDraft {
  const starter = starters[kind];
  return { key: nextKey(), kind, name: starter.name, idempotent: starter.idempotent, purpose: "", config: structuredClone(starter.config) };
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
