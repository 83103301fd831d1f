// The REST API's public shapes, as zod schemas: the OpenAPI document is generated from them (./openapi.ts)
// and the contract test checks real responses against that document. Dates are ISO 8601 strings in UTC.
import { z } from "zod";
import { roles } from "@/lib/auth/permissions";
import { ChecklistPhase, ItemState, LogStream, RunKind, StepKind } from "@/lib/generated/prisma/enums";
import { runStatuses, stepStatuses } from "@/lib/deploys/rules";
import { releaseStatuses } from "@/lib/releases/rules";

/** The named response shapes: components/schemas in the OpenAPI document. */
export const apiSchemas = z.registry<{ id: string }>();

// ---------------------------------------------------------------- inputs shared by endpoints

/** Database ids (cuid) in paths; anything longer than any id is a 404, never a query. */
export const idParam = z.string().min(1).max(64);
// Project slugs are URL path segments: letters, digits, dots, dashes and underscores.
export const slugParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export const pageQuery = z.object({
  limit: z.coerce
    .number({ error: "`limit` must be a whole number" })
    .int("`limit` must be a whole number")
    .min(1, "`limit` is at least 1")
    .max(MAX_PAGE_SIZE, `\`limit\` is at most ${MAX_PAGE_SIZE}`)
    .optional()
    .default(DEFAULT_PAGE_SIZE)
    .meta({ description: `Items per page (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})` }),
  cursor: z.string().max(500).optional().meta({ description: "`nextCursor` of the previous page" }),
});

// ---------------------------------------------------------------- outputs

const dateTime = z.iso.datetime();
const nullableDateTime = dateTime.nullable();

/** What a reported CI check changed (POST /api/v1/projects/{slug}/checks). */
export const checkOutcomeSchema = z
  .object({ outcome: z.string().meta({ description: "What the report changed, or why it changed nothing, in a sentence" }) })
  .register(apiSchemas, { id: "CheckOutcome" });

export const personSchema = z.object({ id: z.string(), name: z.string() }).register(apiSchemas, { id: "Person" });

export const projectSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    repositoryUrl: z.string().nullable(),
    baselineVersion: z.string().nullable().meta({ description: "The version running before the project's first release in Preflight: ${PREVIOUS_VERSION} until one is released" }),
    createdAt: dateTime,
  })
  .register(apiSchemas, { id: "Project" });

const progressSchema = z.object({ done: z.number().int(), total: z.number().int() }).meta({ description: "Settled (done or N/A) and all checklist items, the rollback section left out" });

export const releaseSummarySchema = z
  .object({
    id: z.string(),
    project: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    version: z.string(),
    title: z.string(),
    status: z.enum(releaseStatuses),
    plannedAt: nullableDateTime,
    releaseManager: personSchema,
    createdAt: dateTime,
    updatedAt: dateTime,
    progress: progressSchema,
  })
  .register(apiSchemas, { id: "ReleaseSummary" });

export const itemSchema = z
  .object({
    id: z.string(),
    sectionId: z.string(),
    phase: z.enum(ChecklistPhase),
    title: z.string(),
    detail: z.string().nullable(),
    command: z.string().nullable(),
    required: z.boolean(),
    state: z.enum(ItemState),
    note: z.string().nullable(),
    evidenceUrl: z.string().nullable(),
    naReason: z.string().nullable(),
    rowVersion: z.number().int().meta({ description: "Send it back with a change to refuse it (409) if someone changed the item since you read it" }),
    tickedAt: nullableDateTime,
    tickedBy: personSchema.nullable(),
    tickedByDeploy: z.boolean().meta({ description: "Ticked by a deploy run's step rather than a person" }),
  })
  .register(apiSchemas, { id: "ChecklistItem" });

export const signoffRequirementSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    role: z.enum(roles),
    excludeReleaseManager: z.boolean(),
    status: z.enum(["missing", "signed", "stale"]),
    // Missing at a break-glass deploy: owed after it, until this time (null for an ordinary requirement).
    dueAfterDeployAt: nullableDateTime,
    signoff: z
      .object({
        id: z.string(),
        signedBy: personSchema,
        signedAt: dateTime,
        comment: z.string().nullable(),
        staleAt: nullableDateTime,
        staleReason: z.string().nullable(),
        // Given after the release's break-glass deploy.
        afterBreakGlass: z.boolean(),
      })
      .nullable(),
  })
  .register(apiSchemas, { id: "SignoffRequirement" });

export const releaseSchema = releaseSummarySchema
  .extend({
    templateName: z.string(),
    sections: z.array(z.object({ id: z.string(), phase: z.enum(ChecklistPhase), title: z.string() })),
    items: z.array(itemSchema),
    signoffs: z.array(signoffRequirementSchema),
    // Deployed by an admin without every sign-off: who, when, why, which were missing and until when they are due.
    breakGlass: z
      .object({
        at: dateTime,
        by: personSchema.nullable(),
        reason: z.string(),
        missingSignoffs: z.array(z.string()),
        signoffsDueAt: nullableDateTime,
        overdueAt: nullableDateTime,
      })
      .nullable(),
  })
  .register(apiSchemas, { id: "Release" });

const stepSchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    name: z.string(),
    kind: z.enum(StepKind),
    status: z.enum(stepStatuses),
    attempt: z.number().int(),
    startedAt: nullableDateTime,
    finishedAt: nullableDateTime,
    exitCode: z.number().int().nullable(),
    error: z.string().nullable(),
    skipReason: z.string().nullable(),
    approvedBy: personSchema.nullable(),
    approvedAt: nullableDateTime,
  })
  .register(apiSchemas, { id: "DeployStep" });

export const runSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(RunKind),
    status: z.enum(runStatuses),
    releaseId: z.string(),
    pipelineVersion: z.number().int().nullable(),
    startedBy: personSchema,
    createdAt: dateTime,
    startedAt: nullableDateTime,
    finishedAt: nullableDateTime,
  })
  .register(apiSchemas, { id: "DeploySummary" });

export const runSchema = runSummarySchema
  .extend({
    cancelledBy: personSchema.nullable(),
    cancelReason: z.string().nullable(),
    latest: z.boolean().meta({ description: "The release's newest run (only it can still move the release)" }),
    steps: z.array(stepSchema),
  })
  .register(apiSchemas, { id: "Deploy" });

export const startedRunSchema = runSchema.extend({ duplicate: z.boolean().meta({ description: "This requestKey had already started the run: nothing new was started" }) }).register(apiSchemas, { id: "StartedDeploy" });

export const cancelledRunSchema = z.object({ id: z.string(), status: z.enum(["CANCELLING", "CANCELLED"]) }).register(apiSchemas, { id: "CancelledDeploy" });

export const logPageSchema = z
  .object({
    lines: z.array(
      z.object({
        id: z.string().meta({ description: "Ascending; pass the last one as `after` for the next page" }),
        attempt: z.number().int(),
        stream: z.enum(LogStream),
        line: z.string(),
        at: dateTime,
      }),
    ),
    hasMore: z.boolean(),
  })
  .register(apiSchemas, { id: "DeployLogPage" });

export const flagSchema = z
  .object({
    key: z.string(),
    description: z.string().nullable(),
    enabled: z.boolean(),
    rolloutPercent: z.number().int().min(0).max(100).meta({ description: "The share of targeting keys the flag is on for: 100 when on for everyone, 0 when off (services evaluate it over OFREP, /ofrep/v1)" }),
    updatedAt: dateTime,
    lastChange: z
      .object({ enabled: z.boolean(), rolloutPercent: z.number().int().min(0).max(100), at: dateTime, by: personSchema.nullable(), reason: z.string().nullable(), releaseId: z.string().nullable() })
      .nullable(),
  })
  .register(apiSchemas, { id: "FeatureFlag" });

export const timelineEventSchema = z
  .object({
    id: z.string().meta({ description: "Ascending with time; pages go from the newest back" }),
    at: dateTime,
    type: z.string().meta({ description: "e.g. item.ticked, signoff.given, deploy.started" }),
    actor: personSchema.nullable().meta({ description: "Who did it; null for the system (a deploy run, the worker)" }),
    apiToken: z.object({ id: z.string(), name: z.string() }).nullable().meta({ description: "The API token the change was made with; null for the browser or the system" }),
    payload: z.record(z.string(), z.unknown()),
  })
  .register(apiSchemas, { id: "TimelineEvent" });

/** A page of a list, with the cursor of the next page (null on the last). */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable().meta({ description: "Pass it as `cursor` for the next page; null on the last" }) }).register(apiSchemas, { id });
}

/** A whole (short, bounded) list. */
export function listOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ data: z.array(item) }).register(apiSchemas, { id });
}
