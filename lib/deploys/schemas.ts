import { z } from "zod";
import { atMostChars } from "@/lib/format";
import { ROLLOUT_LIMITS } from "@/lib/flags/rollout";
import { DEPLOY_LIMITS } from "./limits";
import { PIPELINE_YAML_MAX_CHARS } from "./pipeline-yaml-text";

const id = (what: string) => z.string({ error: `Missing ${what}` }).min(1, `Missing ${what}`).max(64, `Unknown ${what}`);
const reasonTooLong = atMostChars("A reason", DEPLOY_LIMITS.reasonChars);
const reason = z.string({ error: "Give a reason" }).trim().min(1, "Give a reason").max(DEPLOY_LIMITS.reasonChars, reasonTooLong);
const optionalReason = z.string().trim().max(DEPLOY_LIMITS.reasonChars, reasonTooLong).optional().default("");

// The button's page generates the key once, so a double click sends the same key twice.
const requestKey = z.string({ error: "Missing request key" }).min(8, "Missing request key").max(100, "Invalid request key");

export const startDeploySchema = z.object({ releaseId: id("release"), requestKey });
// A break-glass deploy's reason is required: it is the record of why sign-offs were bypassed.
export const breakGlassDeploySchema = z.object({
  releaseId: id("release"),
  requestKey,
  reason: z
    .string({ error: "Say why the deploy cannot wait for the sign-offs" })
    .trim()
    .min(1, "Say why the deploy cannot wait for the sign-offs")
    .max(DEPLOY_LIMITS.reasonChars, reasonTooLong),
});
export const startRollbackSchema = z.object({
  releaseId: id("release"),
  requestKey,
  reason,
  // Required only when a preflight check failed (lib/deploys/rollback-preflight.ts): why the rollback goes on anyway.
  overrideReason: z.string().trim().max(DEPLOY_LIMITS.reasonChars, atMostChars("An override reason", DEPLOY_LIMITS.reasonChars)).optional().transform((text) => text || undefined),
});
export const cancelRunSchema = z.object({ runId: id("deploy run"), reason: optionalReason });
export const retryStepSchema = z.object({ runId: id("deploy run") });
export const skipStepSchema = z.object({ runId: id("deploy run"), stepId: id("step"), reason });
export const approveStepSchema = z.object({ runId: id("deploy run"), stepId: id("step"), comment: z.string().trim().max(DEPLOY_LIMITS.commentChars, atMostChars("A comment", DEPLOY_LIMITS.commentChars)).optional().default("") });
export const takeOverLockSchema = z.object({ projectId: id("project"), reason });
export const savePipelineSchema = z.object({
  projectId: id("project"),
  kind: z.enum(["DEPLOY", "ROLLBACK"], { error: "Pipeline kind is DEPLOY or ROLLBACK" }),
  // Validated step by step in the action, so that each problem names its step.
  steps: z.array(z.unknown(), { error: "Steps must be a JSON array" }).max(DEPLOY_LIMITS.pipelineSteps, `A pipeline has at most ${DEPLOY_LIMITS.pipelineSteps} steps`),
});
export const savePipelineYamlSchema = z.object({
  projectId: id("project"),
  kind: z.enum(["DEPLOY", "ROLLBACK"], { error: "Pipeline kind is DEPLOY or ROLLBACK" }),
  yaml: z
    .string({ error: "Paste the pipeline's YAML" })
    .max(PIPELINE_YAML_MAX_CHARS, `The YAML has more than ${PIPELINE_YAML_MAX_CHARS.toLocaleString("en")} characters`),
});
export const toggleFlagSchema = z.object({
  flagId: id("flag"),
  enabled: z.boolean({ error: "Say whether to enable or disable the flag" }),
  releaseId: z.string().max(64).optional(),
  reason: optionalReason,
});

export const setFlagRolloutSchema = z.object({
  flagId: id("flag"),
  percent: z
    .number({ error: "Give the rollout as a percentage, 0 to 100" })
    .int("Give the rollout in whole percent")
    .min(ROLLOUT_LIMITS.minPercent, `A rollout is at least ${ROLLOUT_LIMITS.minPercent} %`)
    .max(ROLLOUT_LIMITS.maxPercent, `A rollout is at most ${ROLLOUT_LIMITS.maxPercent} %`),
  releaseId: z.string().max(64).optional(),
  reason: optionalReason,
});

export const closeReleaseSchema = z.object({ releaseId: id("release") });
