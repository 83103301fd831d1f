// A pipeline's steps as short sentences, for people who may read a pipeline but not edit it. Secret
// environment values never appear (they read ***), project secrets appear by name only (${secret:NAME}),
// and URLs lose their userinfo and query values, so the summary is safe to show to every role.
import { redactUrl } from "@/lib/secrets/redact-url";
import { probeCheckCount } from "./probe-conditions";
import { PROBE_DEFAULT_BASELINE, PROBE_DEFAULT_STATUS, pipelineStepsSchema, type PipelineStep } from "./pipeline-schema";
import type { StepKind } from "@/lib/generated/prisma/enums";

export interface StepSummary {
  name: string;
  kind: StepKind | null;
  idempotent: boolean;
  /** What the step does, e.g. "GET ${PREFLIGHT_URL}/api/health, expects 200, 5 retries". */
  details: string[];
}

function describe(step: PipelineStep): string[] {
  switch (step.kind) {
    case "SHELL": {
      const { config } = step;
      const details = [config.command ? `$ ${config.command}` : `$ ${(config.argv ?? []).join(" ")}`];
      if (config.env.length > 0) details.push(`Environment: ${config.env.map((v) => `${v.name}=${v.secret ? "***" : v.value}`).join(", ")}`);
      if (config.cwd) details.push(`In ${config.cwd}`);
      details.push(`Times out after ${config.timeoutSeconds} s`);
      return details;
    }
    case "HTTP": {
      const { config } = step;
      const expectation = config.expectJson ? `${config.expectStatus} with ${config.expectJson.path} = ${JSON.stringify(config.expectJson.equals)}` : String(config.expectStatus);
      return [`${config.method} ${redactUrl(config.url)}`, `Expects ${expectation}${config.retries > 0 ? `, ${config.retries} retr${config.retries === 1 ? "y" : "ies"}` : ""}`];
    }
    case "WAIT":
      return [`Waits ${step.config.seconds} s (can be skipped)`];
    case "APPROVAL":
      return step.config.instructions ? [`Waits for approval: ${step.config.instructions}`] : ["Waits for approval"];
    case "FLAG":
      return [`Turns ${step.config.flagKey} ${step.config.enabled ? "on" : "off"}`, ...(step.config.applyCommand ? [`$ ${step.config.applyCommand}`] : []), ...(step.config.applyUrl ? [`POST ${redactUrl(step.config.applyUrl)}`] : [])];
    case "NOTIFY":
      return [`Posts “${step.config.message}” to ${redactUrl(step.config.url)}`];
    case "PROBE": {
      const { config } = step;
      const what =
        config.check === "PROMETHEUS"
          ? `Queries ${redactUrl(config.url)}: ${config.query}, expects ${config.condition}${/baseline/.test(config.condition ?? "") ? ` (baseline ${config.baselineOffset ?? PROBE_DEFAULT_BASELINE} earlier)` : ""}`
          : `GET ${redactUrl(config.url)}, expects ${config.expectStatus ?? PROBE_DEFAULT_STATUS}${config.jsonCondition ? ` with ${config.jsonCondition}` : ""}`;
      const checks = probeCheckCount(config);
      return [what, `${checks} check${checks === 1 ? "" : "s"}: every ${config.intervalSeconds} s for ${config.durationSeconds} s; fails after ${config.failAfter} failed check${config.failAfter === 1 ? "" : "s"} in a row`];
    }
  }
}

/** The steps as summaries; a stored pipeline that no longer validates is listed by name with a warning. */
export function summarisePipelineSteps(steps: unknown): StepSummary[] {
  const parsed = pipelineStepsSchema.safeParse(steps);
  if (parsed.success) {
    return parsed.data.map((step) => ({ name: step.name, kind: step.kind, idempotent: step.idempotent, details: describe(step) }));
  }
  return (Array.isArray(steps) ? steps : []).map((raw: unknown, index) => {
    const step = (raw && typeof raw === "object" ? raw : {}) as { name?: unknown; kind?: unknown };
    return {
      name: typeof step.name === "string" ? step.name : `Step ${index + 1}`,
      kind: null,
      idempotent: false,
      details: ["This step is not valid any more: an admin must fix the pipeline."],
    };
  });
}
