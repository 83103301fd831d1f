// A deploy or rollback pipeline: an ordered list of steps, validated before it is saved. Pure module,
// shared by the pipeline editor, the server action that saves it and the worker that runs it.
import { z } from "zod";
import { atMostChars } from "@/lib/format";
import { DEPLOY_LIMITS, ENV_VAR_NAME, HTTP_HEADER_NAME, STEP_FIELD_MESSAGES as M } from "./limits";
import { isBuiltInVariable } from "@/lib/projects/variables";
import { parseJsonCondition, parseMetricCondition, parsePromDuration } from "./probe-conditions";
import { STEP_PURPOSES } from "./step-purpose";

/** A feature flag's key (the flags a project defines, and FLAG steps). */
export const FLAG_KEY = /^[A-Za-z0-9_.-]{1,100}$/;

/** A reference to a project secret in a step: `${secret:NAME}`. */
export const SECRET_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
const secretReference = /\$\{secret:([^}]*)\}/g;
const noSecrets = (text: string) => !text.includes("${secret:");
const noSecretsMessage = (what: string) => `Secrets cannot be used in ${what}: use \${secret:NAME} in an environment value, an HTTP URL, header or body, or a notify URL`;

const name = z.string({ error: "Give the step a name" }).trim().min(1, "Give the step a name").max(DEPLOY_LIMITS.stepNameChars, atMostChars("A step name", DEPLOY_LIMITS.stepNameChars));
const httpUrl = z
  .string({ error: "Enter a URL" })
  .trim()
  .max(2000, "A URL has at most 2,000 characters")
  // Or one starting with a variable (${PREFLIGHT_URL}/…, a project variable, a secret): the worker checks the
  // filled-in URL is http(s) before calling it.
  .refine((u) => /^https?:\/\/\S+$/i.test(u) || /^\$\{(secret:)?[A-Z_][A-Z0-9_]*\}\S*$/.test(u), "Use an http(s) URL (or ${PREFLIGHT_URL}/…, a ${VARIABLE} or ${secret:NAME} holding one)");
/** What the step is for, when a rollback needs to know (lib/deploys/step-purpose.ts); most steps have none. */
const purpose = z.enum(STEP_PURPOSES, { error: "A step's purpose is backup, migrate or downgrade" }).optional();
const seconds = (max: number, what: string) => z.number({ error: `Enter ${what} in seconds` }).int(`${what} must be whole seconds`).min(1, `${what} must be at least 1 second`).max(max, `${what} must be at most ${max} seconds`);

const envVar = z.object({
  name: z.string().regex(ENV_VAR_NAME, M.envName),
  value: z.string().max(DEPLOY_LIMITS.envValueChars, M.envValue),
  // Secret values are replaced by *** wherever they would appear in logs.
  secret: z.boolean().optional().default(false),
});

export const shellStepSchema = z.object({
  kind: z.literal("SHELL"),
  name,
  idempotent: z.boolean().default(false),
  purpose,
  config: z
    .object({
      // Either a shell command line (run with sh -c) or an argv list (run directly, no shell).
      // Secrets reach commands only through environment values (masked there), never the command line.
      command: z.string().trim().max(10_000, "A command has at most 10,000 characters").refine(noSecrets, noSecretsMessage("a command")).optional(),
      argv: z
        .array(z.string().max(DEPLOY_LIMITS.argvItemChars, M.argvItem).refine(noSecrets, noSecretsMessage("argv")))
        .min(1, M.argvEmpty)
        .max(DEPLOY_LIMITS.argvItems, M.argvCount)
        .optional(),
      cwd: z.string().max(1000).refine(noSecrets, noSecretsMessage("cwd")).optional(),
      env: z
        .array(envVar)
        .max(DEPLOY_LIMITS.envVars, M.envCount)
        .superRefine((env, ctx) => {
          const seen = new Set<string>();
          env.forEach((v, i) => {
            if (seen.has(v.name)) ctx.addIssue({ code: "custom", message: M.envTwice(v.name), path: [i, "name"] });
            seen.add(v.name);
          });
        })
        .optional()
        .default([]),
      timeoutSeconds: seconds(24 * 3600, "The timeout").default(600),
    })
    .refine((c) => !!c.command !== !!c.argv, { message: "Give either command or argv", path: ["command"] }),
});

export const httpStepSchema = z.object({
  kind: z.literal("HTTP"),
  name,
  idempotent: z.boolean().default(true),
  purpose,
  config: z.object({
    method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
    url: httpUrl,
    headers: z
      .record(z.string(), z.string().max(DEPLOY_LIMITS.headerValueChars, M.headerValue))
      // Names checked here rather than by the record's key schema, whose message would only say "Invalid key".
      .superRefine((headers, ctx) => {
        if (Object.keys(headers).length > DEPLOY_LIMITS.headers) ctx.addIssue({ code: "custom", message: M.headerCount });
        for (const name of Object.keys(headers)) if (!HTTP_HEADER_NAME.test(name)) ctx.addIssue({ code: "custom", message: M.headerName, path: [name] });
      })
      .optional()
      .default({}),
    body: z.string().max(100_000).optional(),
    expectStatus: z.number().int().min(100).max(599).default(200),
    // Optional check on a JSON response: the value at `path` (dot-separated) must equal `equals`.
    expectJson: z.object({ path: z.string().min(1).max(200), equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).optional(),
    // The response body is logged (up to 1 KB, secrets masked) only when the step asks for it.
    logResponseBody: z.boolean().default(false),
    retries: z.number().int().min(0, "Retries cannot be negative").max(100).default(0),
    backoffSeconds: z.number().min(0).max(600).default(2),
    timeoutSeconds: seconds(600, "The timeout").default(10),
  }),
});

export const waitStepSchema = z.object({
  kind: z.literal("WAIT"),
  name,
  idempotent: z.boolean().default(true),
  config: z.object({ seconds: seconds(7 * 24 * 3600, "The wait") }),
});

export const approvalStepSchema = z.object({
  kind: z.literal("APPROVAL"),
  name,
  idempotent: z.boolean().default(true),
  config: z.object({
    instructions: z.string().max(4000).optional().default(""),
    // Who may approve (any of these roles); pipelines saved before this field keep release managers and admins.
    approverRoles: z
      .array(z.enum(["ENGINEERING_LEAD", "RELEASE_MANAGER", "ADMIN"], { error: "An approver role is ENGINEERING_LEAD, RELEASE_MANAGER or ADMIN" }))
      .min(1, "Name at least one approver role")
      .max(3)
      .optional()
      .default(["RELEASE_MANAGER", "ADMIN"]),
    // Four-eyes: whoever started the run may not approve it. Opt out only where one person deploys alone.
    fourEyes: z.boolean({ error: "fourEyes is true or false" }).optional().default(true),
  }),
});

export const flagStepSchema = z.object({
  kind: z.literal("FLAG"),
  name,
  idempotent: z.boolean().default(true),
  config: z.object({
    flagKey: z.string().regex(FLAG_KEY, "A flag key is letters, digits, _ . or -"),
    enabled: z.boolean({ error: "Say whether the step enables or disables the flag" }),
    // How the flag reaches the running service, if Preflight should apply it (a command or a call).
    applyCommand: z.string().max(10_000).refine(noSecrets, noSecretsMessage("a command")).optional(),
    applyUrl: httpUrl.optional(),
  }),
});

export const notifyStepSchema = z.object({
  kind: z.literal("NOTIFY"),
  name,
  idempotent: z.boolean().default(true),
  config: z.object({ url: httpUrl, message: z.string().min(1, "Write the message").max(4000).refine(noSecrets, noSecretsMessage("a message")) }),
});

/** The longest a PROBE step keeps checking (a monitoring window is watched by probes of its own). */
export const PROBE_MAX_DURATION_SECONDS = 24 * 3600;

// A probe checks at once, then every intervalSeconds until durationSeconds have passed (duration 0: one
// check). It fails as soon as failAfter checks in a row have failed (1: at the first failed check).
export const PROBE_DEFAULT_STATUS = 200;
export const PROBE_DEFAULT_BASELINE = "1d";

/** A probe's condition, checked by its parser (./probe-conditions.ts), whose message goes on the field. */
const conditionText = (max: number, parse: (text: string) => { ok: true } | { ok: false; message: string }) =>
  z
    .string()
    .trim()
    .max(max, `A condition has at most ${max} characters`)
    .superRefine((text, ctx) => {
      const parsed = parse(text);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
    })
    .optional();

export const probeStepSchema = z.object({
  kind: z.literal("PROBE"),
  name,
  idempotent: z.boolean().default(true),
  config: z
    .object({
      check: z.enum(["HTTP", "PROMETHEUS"], { error: "A probe checks HTTP (a URL) or PROMETHEUS (a query)" }),
      // HTTP: the URL checked with GET. PROMETHEUS: the server's base URL (…/api/v1/query is added).
      url: httpUrl,
      // HTTP only; 200 when not given (no default here, so a Prometheus probe's export does not carry it).
      expectStatus: z.number({ error: "Enter a status code" }).int().min(100, "A status code is 100 to 599").max(599, "A status code is 100 to 599").optional(),
      jsonCondition: conditionText(500, parseJsonCondition),
      query: z.string().trim().min(1, "Write the PromQL query").max(2000, "A query has at most 2,000 characters").refine(noSecrets, noSecretsMessage("a query")).optional(),
      condition: conditionText(200, parseMetricCondition),
      // What the value is called in results and failures: "error rate 0.083 > threshold 0.05".
      label: z.string().trim().min(1).max(80, "A label has at most 80 characters").optional(),
      // The baseline window: the same query evaluated this long ago (a Prometheus duration: 30s, 1h, 1d, 1w);
      // 1d when not given (PROBE_DEFAULT_BASELINE).
      baselineOffset: z
        .string()
        .trim()
        .refine((text) => parsePromDuration(text) !== null, "Write a duration like 1d, 1h or 30s")
        .optional(),
      intervalSeconds: seconds(3600, "The interval").default(30),
      durationSeconds: z.number({ error: "Enter the duration in seconds" }).int("The duration must be whole seconds").min(0, "The duration cannot be negative").max(PROBE_MAX_DURATION_SECONDS, `The duration must be at most ${PROBE_MAX_DURATION_SECONDS} seconds`).default(300),
      failAfter: z.number({ error: "Enter how many failed checks in a row fail the step" }).int().min(1, "At least 1 failed check").max(100, "At most 100 failed checks in a row").default(1),
      timeoutSeconds: seconds(300, "The timeout").default(10),
    })
    .superRefine((config, ctx) => {
      if (config.check === "PROMETHEUS") {
        if (config.query === undefined) ctx.addIssue({ code: "custom", message: "Write the PromQL query", path: ["query"] });
        if (config.condition === undefined) ctx.addIssue({ code: "custom", message: "Write the condition, e.g. value <= 0.05 or current <= 1.2 * baseline", path: ["condition"] });
        if (config.jsonCondition !== undefined) ctx.addIssue({ code: "custom", message: "A JSON condition is for HTTP probes; a Prometheus probe uses condition", path: ["jsonCondition"] });
        if (config.expectStatus !== undefined) ctx.addIssue({ code: "custom", message: "An expected status is for HTTP probes", path: ["expectStatus"] });
      } else {
        if (config.query !== undefined) ctx.addIssue({ code: "custom", message: "A query is for Prometheus probes", path: ["query"] });
        if (config.condition !== undefined) ctx.addIssue({ code: "custom", message: "An HTTP probe's condition is jsonCondition (e.g. $.status == \"ok\")", path: ["condition"] });
        if (config.baselineOffset !== undefined) ctx.addIssue({ code: "custom", message: "A baseline window is for Prometheus probes", path: ["baselineOffset"] });
        if (config.label !== undefined) ctx.addIssue({ code: "custom", message: "A label is for Prometheus probes", path: ["label"] });
      }
    }),
});

export const pipelineStepSchema = z.discriminatedUnion("kind", [shellStepSchema, httpStepSchema, waitStepSchema, approvalStepSchema, flagStepSchema, notifyStepSchema, probeStepSchema], {
  error: "Each step's kind is one of SHELL, HTTP, WAIT, APPROVAL, FLAG, NOTIFY, PROBE",
});

export const pipelineStepsSchema = z.array(pipelineStepSchema).min(1, "A pipeline needs at least one step").max(50, "A pipeline has at most 50 steps");

export type PipelineStep = z.infer<typeof pipelineStepSchema>;
export type ShellStep = z.infer<typeof shellStepSchema>;
export type HttpStep = z.infer<typeof httpStepSchema>;
export type FlagStep = z.infer<typeof flagStepSchema>;
export type ProbeStep = z.infer<typeof probeStepSchema>;

/** Every problem in a pipeline, as "step 3 (Wait for health) › config.url: Use an http(s) URL". */
export function describePipelineProblems(steps: unknown, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const [index, ...rest] = issue.path;
    if (typeof index !== "number") return issue.message;
    const stepName = Array.isArray(steps) ? (steps[index] as { name?: unknown } | undefined)?.name : undefined;
    const label = `step ${index + 1}${typeof stepName === "string" && stepName.trim() ? ` (${stepName.trim()})` : ""}`;
    return rest.length > 0 ? `${label} › ${rest.join(".")}: ${issue.message}` : `${label}: ${issue.message}`;
  });
}

export class UnknownSecretError extends Error {
  constructor(readonly secretName: string) {
    super(`Unknown secret ${secretName}: add it on the project's Pipelines page, or change the step`);
  }
}

export class UnknownVariableError extends Error {
  constructor(readonly variableName: string) {
    super(
      isBuiltInVariable(variableName)
        ? `\${${variableName}} has no value here${variableName === "PREVIOUS_VERSION" ? ": no earlier version of this project was released, and no “Version running now” is set for it" : ""}`
        : `Unknown variable \${${variableName}}: add it under the project's variables, or change the step`,
    );
  }
}

/**
 * Replaces ${VERSION}, ${PROJECT}, the project's variables… and, when `secrets` is given, ${secret:NAME} in
 * step configuration strings, in one pass (a value is never interpolated in turn). A ${NAME} that has no
 * value throws UnknownVariableError, an unknown secret UnknownSecretError: a step never runs with an empty
 * string in their place. Lower-case ${name} is left to the shell.
 */
export function interpolate(text: string, variables: Record<string, string>, secrets?: Record<string, string>): string {
  return text.replace(/\$\{(secret:)?([A-Za-z0-9_]+)\}/g, (whole, secret: string | undefined, key: string) => {
    if (!secret) {
      if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) return whole;
      if (!Object.hasOwn(variables, key)) throw new UnknownVariableError(key);
      return variables[key]!;
    }
    if (!secrets) return whole;
    if (!Object.hasOwn(secrets, key)) throw new UnknownSecretError(key);
    return secrets[key]!;
  });
}

/** The names of the secrets a step refers to (${secret:NAME}), in order of first use; malformed names included. */
export function secretNamesIn(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown) => {
    if (typeof node === "string") for (const match of node.matchAll(secretReference)) names.add(match[1]!);
    else if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") Object.values(node).forEach(visit);
  };
  visit(value);
  return [...names];
}

/** A problem per step that refers to a secret the project does not have, named like describePipelineProblems. */
export function unknownSecretProblems(steps: PipelineStep[], known: ReadonlySet<string>): string[] {
  return steps.flatMap((step, index) =>
    secretNamesIn(step.config)
      .filter((name) => !known.has(name))
      .map((name) => `step ${index + 1} (${step.name}): ${SECRET_NAME.test(name) ? `Unknown secret ${name}: add it under Secrets first` : `“${name}” is not a secret name (UPPER_CASE letters, digits and _)`}`),
  );
}
