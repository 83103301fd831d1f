// The payload of every audit event type, as a zod schema: what recordAuditEvent accepts (a wrong payload is a
// type error, and a parse error in development and tests) and what the timeline reads back. Payloads carry
// the names a reader needs (the step, flag, item, requirement), not only ids: the timeline is drawn from the
// log alone, and a renamed or deleted thing keeps the name it had.
//
// Server-side only in practice: client components import the types (erased) and ./sentences, never this.
import { z } from "zod";
import { ChecklistPhase, PipelineKind, ReleaseStatus, Role, RunKind } from "@/lib/generated/prisma/enums";
import { auditTypes as t, isAuditEventType, type AuditEventType } from "./types";

const text = z.string();
const id = z.string().min(1);
const role = z.enum(Role);
const releaseStatus = z.enum(ReleaseStatus);
const runKind = z.enum(RunKind);
/** Who or what a deploy-made change is attributed to. */
const runBy = z.enum(["deploy", "rollback"]);
/** An integration that ticks automated items (lib/integrations). */
const integration = z.enum(["github", "ci"]);
/** A date as it is stored in JSON: an ISO string, or null for "none". */
const isoDate = z.string().nullable();
/** A flag's rollout percentage (lib/flags/rollout.ts). */
const percent = z.number().int().min(0).max(100);
const change = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });

const item = {
  itemId: id,
  title: text,
  phase: z.enum(ChecklistPhase),
  /** The item holds the incident note of a rolled-back release. */
  incidentNote: z.boolean().optional(),
};

const user = { userId: id, email: text };
const run = { runId: id };
const step = { runId: id, stepId: id, step: text };
const signoff = { signoffId: id, requirement: text };
const channel = { channelId: id, name: text, kind: z.enum(["SLACK", "WEBHOOK"]) };
const templateCounts = { sections: z.number().int(), items: z.number().int(), requiredItems: z.number().int(), signoffs: z.number().int() };

export const auditPayloadSchemas = {
  [t.authSignedIn]: z.object({ method: text, ip: text.optional(), bound: z.boolean().optional() }),
  [t.authSignInFailed]: z.object({ email: text.nullable(), ip: text.optional(), provider: text.optional(), reason: text }),

  [t.userCreated]: z.object({ ...user, role, by: z.enum(["cli", "seed"]).optional() }),
  [t.userRoleChanged]: z.object({ ...user, from: role, to: role }),
  [t.userDisabled]: z.object(user),
  [t.userEnabled]: z.object(user),
  [t.userPasswordChanged]: z.object({ userId: id }),
  [t.userPasswordReset]: z.object(user),

  [t.releaseCreated]: z.object({ version: text, title: text, template: text }),
  [t.releaseManagerAssigned]: z.object({ releaseManagerId: id }),
  [t.releaseEdited]: z.object({
    changes: z.object({ title: change(text).optional(), plannedAt: change(isoDate).optional(), releaseManagerId: change(id).optional() }),
  }),
  [t.releaseStatusChanged]: z.object({
    from: releaseStatus,
    to: releaseStatus,
    /** A person's reason (cancel, close early). */
    reason: text.optional(),
    /** What moved the release, in words, when it was not the person's own choice ("Deploy started"). */
    cause: text.optional(),
    note: text.optional(),
  }),
  [t.releaseClosed]: z.object({ status: releaseStatus, incidentNote: text.optional(), item: text.optional() }),
  [t.releaseBreakGlassOverdue]: z.object({ dueAt: text, missing: z.array(z.object({ requirement: text, role })) }),
  [t.releaseMonitoringEndedOpen]: z.object({ openItems: z.number().int(), items: z.array(text), windowEndedAt: text }),

  [t.itemTicked]: z.object({
    ...item,
    note: text.optional(),
    evidenceUrl: text.optional(),
    // Ticked by a pipeline step: the run and the step (no person).
    by: runBy.optional(),
    runId: id.optional(),
    step: text.optional(),
    // Ticked by an integration's event (no person): which one, and the delivery that carried it.
    source: integration.optional(),
    deliveryId: id.optional(),
  }),
  [t.itemUnticked]: z.object({ ...item, reason: text }),
  [t.itemMarkedNotApplicable]: z.object({ ...item, reason: text }),
  [t.itemAnnotated]: z.object({ ...item, note: text.optional(), evidenceUrl: text.optional() }),
  [t.itemDeployFailed]: z.object({ ...item, by: runBy, runId: id, step: text, evidenceUrl: text, note: text }),
  [t.itemAutomationFailed]: z.object({ ...item, source: integration, deliveryId: id, evidenceUrl: text, note: text }),

  [t.signoffGiven]: z.object({
    ...signoff,
    comment: text.optional(),
    // Given after the release's break-glass deploy: when that deploy was, and whether it came past the due time.
    afterBreakGlassAt: text.optional(),
    minutesAfterDeploy: z.number().int().optional(),
    overdue: z.boolean().optional(),
  }),
  [t.signoffRevoked]: z.object({ ...signoff, reason: text }),
  [t.signoffStale]: z.object({ ...signoff, itemId: id, reason: text }),
  [t.signoffRestored]: z.object({ ...signoff, itemId: id, reason: text }),

  [t.deployBreakGlass]: z.object({ reason: text, missingSignoffs: z.array(text), signoffsDueAt: text }),
  [t.deployStarted]: z.object({ ...run, pipelineVersion: z.number().int(), manual: z.boolean().optional() }),
  [t.deployStartRepeated]: z.object(run),
  [t.rollbackStarted]: z.object({
    ...run,
    reason: text,
    flagsDisabledFirst: z.array(text),
    // The steps created as skipped (the database downgrade of a release that ran no migrations).
    skipped: z.array(text).optional(),
    // The preflight checks that failed, and why the rollback went on anyway.
    overridden: z.array(text).optional(),
    overrideReason: text.optional(),
  }),
  [t.rollbackStartRepeated]: z.object(run),
  [t.deployCancelRequested]: z.object({ ...run, kind: runKind, reason: text.optional() }),
  [t.deployCancelRepeated]: z.object({ ...run, kind: runKind, reason: text.optional() }),
  [t.deployRequeued]: z.object({ ...run, cause: text, lostJob: z.boolean().optional() }),
  [t.deployResumed]: z.object({ ...run, automatically: z.boolean(), rerunStep: text.optional() }),
  [t.deployNeedsDecision]: z.object({ ...step, reason: text }),
  [t.deploySucceeded]: z.object({ ...run, kind: runKind, cause: text, reason: text.optional() }),
  [t.deployFailed]: z.object({ ...run, kind: runKind, cause: text, reason: text.optional() }),
  [t.deployCancelled]: z.object({ ...run, kind: runKind, cause: text, reason: text.optional() }),
  [t.deployLockTakenOver]: z.object({ ...run, from: text, reason: text }),

  [t.stepStarted]: z.object({ ...step, attempt: z.number().int() }),
  [t.stepSucceeded]: z.object(step),
  [t.stepFailed]: z.object({ ...step, error: text }),
  [t.stepSkipped]: z.object({ ...step, reason: text }),
  [t.stepCancelled]: z.object({ ...step, error: text.optional() }),
  [t.stepWaiting]: z.object(step),
  [t.stepInterrupted]: z.object({ ...step, idempotent: z.boolean(), lastHeartbeat: text }),
  [t.stepRetried]: z.object(step),
  [t.stepSkipRequested]: z.object({ ...step, reason: text }),
  [t.stepApproved]: z.object({ ...step, comment: text.optional() }),

  [t.pipelineSaved]: z.object({ kind: z.enum(PipelineKind), version: z.number().int(), steps: z.number().int() }),
  [t.flagChanged]: z.object({
    flag: text,
    enabled: z.boolean(),
    /** The value before; null when a deploy step created the flag. */
    from: z.boolean().nullable(),
    reason: text.optional(),
    /** Set by a pipeline step of this run. */
    runId: id.optional(),
    /** The rollout percentage before, when it was neither 0 nor 100 (a toggle ends a percentage rollout). */
    fromPercent: percent.optional(),
  }),
  [t.flagUnchanged]: z.object({ flag: text, enabled: z.boolean(), percent: percent.optional() }),
  /** A rollout percentage set (the release's flag panel, the API); the event carries the release when set from one. */
  [t.flagRolloutSet]: z.object({ flag: text, percent, from: percent, reason: text.optional() }),

  [t.templateImported]: z.object({ templateId: id, name: text, ...templateCounts, warnings: z.number().int(), by: z.enum(["cli"]).optional() }),
  [t.templateCreated]: z.object({ templateId: id, name: text }),
  [t.templateDuplicated]: z.object({ templateId: id, name: text, sourceTemplateId: id, sourceName: text, ...templateCounts }),
  [t.templateUpdated]: z.object({
    templateId: id,
    name: text,
    previousName: text.optional(),
    ...templateCounts,
    approvalFields: z.number().int(),
    monitoringWindowHours: z.number(),
    /** Saved by a Markdown import of a new version (`npm run template:import`). */
    warnings: z.number().int().optional(),
    by: z.enum(["cli"]).optional(),
  }),
  [t.templateArchived]: z.object({ templateId: id, name: text }),
  [t.templateDefaultChanged]: z.object({ templateId: id, name: text, previousTemplateIds: z.array(id), previousNames: z.array(text) }),

  [t.projectCreated]: z.object({ slug: text, name: text, createdBy: text.optional(), defaultTemplateId: id.optional(), baselineVersion: text.optional() }),
  [t.projectUpdated]: z.object({ changes: z.record(z.string(), change(text.nullable())), defaultTemplateId: id.optional() }),
  [t.projectArchived]: z.object({ name: text }),
  [t.projectUnarchived]: z.object({ name: text }),
  // Variables are not secret (secrets are): their values are part of the record.
  [t.variableCreated]: z.object({ name: text, value: text }),
  [t.variableUpdated]: z.object({ name: text, value: text, from: text }),
  [t.variableDeleted]: z.object({ name: text, value: text }),
  [t.flagCreated]: z.object({ flag: text, default: z.enum(["on", "off"]), description: text.optional() }),
  [t.flagUpdated]: z.object({ flag: text, changes: z.record(z.string(), change(text.nullable())) }),

  [t.tokenCreated]: z.object({
    tokenId: id,
    name: text,
    prefix: text,
    scopes: z.array(text),
    /** The user the token acts as, or the project whose flags it reads. */
    userId: id.optional(),
    project: text.optional(),
    expiresAt: isoDate,
    by: z.enum(["cli"]).optional(),
  }),
  [t.tokenRevoked]: z.object({ tokenId: id, name: text, prefix: text, userId: id.optional() }),

  [t.webhookSecretSet]: z.object({ source: integration, project: text, replaced: z.boolean() }),
  [t.ciCheckReported]: z.object({ name: text, tag: text, conclusion: text, url: text, outcome: text }),
  [t.webhookReplayed]: z.object({ source: integration, webhookDeliveryId: id, deliveryId: text, event: text, outcome: text }),

  [t.secretCreated]: z.object({ name: text }),
  [t.secretUpdated]: z.object({ name: text }),
  [t.secretDeleted]: z.object({ name: text }),

  // Never the URL or the signing secret: the channel's name, kind and events only.
  [t.notificationChannelCreated]: z.object({ ...channel, events: z.array(text) }),
  [t.notificationChannelDisabled]: z.object(channel),
  [t.notificationChannelEnabled]: z.object(channel),
  [t.notificationChannelDeleted]: z.object(channel),
  [t.notificationTestRequested]: z.object({ ...channel, deliveryId: id }),
} satisfies Record<AuditEventType, z.ZodType>;

/** Every type's payload, as recorded and as read back. */
export type AuditPayloads = { [T in AuditEventType]: z.output<(typeof auditPayloadSchemas)[T]> };
export type AuditPayload<T extends AuditEventType> = AuditPayloads[T];

/** One event of the catalogue: its type and the payload that type carries. */
export type KnownAuditEventOf<T extends AuditEventType> = { known: true; type: T; payload: AuditPayloads[T] };
export type KnownAuditEvent = { [T in AuditEventType]: KnownAuditEventOf<T> }[AuditEventType];
/**
 * A row the catalogue cannot read: a type it does not have (written by an older or newer version), or a
 * payload that no longer parses. Shown with a generic sentence, never dropped.
 */
export type UnknownAuditEvent = { known: false; type: string; payload: Record<string, unknown> };
export type ParsedAuditEvent = KnownAuditEvent | UnknownAuditEvent;

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Reads a stored row's type and payload against the catalogue. Never throws. */
export function parseAuditEvent(type: string, payload: unknown): ParsedAuditEvent {
  if (!isAuditEventType(type)) return { known: false, type, payload: asRecord(payload) };
  const parsed = auditPayloadSchemas[type].safeParse(payload);
  if (!parsed.success) return { known: false, type, payload: asRecord(payload) };
  return { known: true, type, payload: parsed.data } as KnownAuditEvent;
}

/** Why `payload` is not a valid payload of `type`, or null when it is. */
export function auditPayloadProblem(type: AuditEventType, payload: unknown): string | null {
  const parsed = auditPayloadSchemas[type].safeParse(payload);
  return parsed.success ? null : z.prettifyError(parsed.error);
}
