// One plain sentence per audit event ("Rae Manager ticked “All tests passing”"), naming the item, step, flag
// or requirement involved, with what people typed (reasons, notes, comments) as separate details. A pure
// function of the typed payload and names; everything is returned as strings and rendered as text, never as
// HTML. No zod here: the release page's timeline (a client component) uses it.
import { roleLabels } from "@/lib/auth/permissions";
import { runKindLabels } from "@/lib/deploys/format";
import { formatDate } from "@/lib/format";
import { integrationLabels } from "@/lib/integrations/automation";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { inlineMarkdownToText } from "@/lib/markdown/inline";
import { describeDelay, releaseStatusLabels } from "@/lib/releases/rules";
import type { AuditPayloads, ParsedAuditEvent, UnknownAuditEvent } from "./payloads";
import { auditTypes as t, type AuditEventType } from "./types";

export type TimelineTone = "neutral" | "info" | "success" | "warning" | "danger";

export interface TimelineDetail {
  label: string;
  text: string;
  /** An http(s) link (evidence): rendered as a link when it is one. */
  url?: boolean;
}

export interface DescribedEvent {
  sentence: string;
  details: TimelineDetail[];
  tone: TimelineTone;
}

export interface DescribeContext {
  /** Who recorded the event; null for Preflight itself (the worker, a sweep, a pipeline step). */
  actor: { id: string; name: string } | null;
  /** Names of people by id, for events that store an id (a new release manager). */
  people?: ReadonlyMap<string, string>;
}

interface Names {
  /** The actor's name, or "Preflight". */
  actor: string;
  actorId: string | null;
  person: (id: string) => string;
}

type Sentence<T extends AuditEventType> = (payload: AuditPayloads[T], names: Names) => DescribedEvent;

const quote = (title: string) => `“${title}”`;
/** An item's or requirement's title as a reader sees it (no Markdown syntax), quoted. */
const titled = (title: string) => quote(inlineMarkdownToText(title));
/** A pipeline step's name. */
const stepName = (name: string) => `‘${name}’`;
const lower = (label: string) => label.toLowerCase();
const kindOf = (kind: keyof typeof runKindLabels) => lower(runKindLabels[kind]);

/** Details from optional texts, in order, skipping the empty ones. */
function details(...entries: [label: string, text: string | undefined, url?: boolean][]): TimelineDetail[] {
  return entries.flatMap(([label, text, url]) => (text && text.trim() !== "" ? [url ? { label, text, url } : { label, text }] : []));
}

/** A changed field's name as a reader says it ("repositoryUrl" → "repository URL"). */
const fieldLabels: Record<string, string> = { repositoryUrl: "repository URL", defaultTemplate: "default template", default: "default", baselineVersion: "version running now", backupMaxAgeHours: "oldest backup a rollback accepts" };
const fieldLabel = (field: string) => fieldLabels[field] ?? field;
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const said = (sentence: string, tone: TimelineTone, extra: TimelineDetail[] = []): DescribedEvent => ({ sentence, details: extra, tone });

// ---------------------------------------------------------------- release status

/** What a person did when they moved the release to `to` themselves. */
const statusVerbs: Partial<Record<ReleaseStatus, string>> = {
  PREPARING: "started preparing the release",
  READY: "marked the release ready",
  DEPLOYING: "started the release",
  MONITORING: "marked the release deployed",
  RELEASED: "closed the release",
  FAILED: "marked the release failed",
  ROLLING_BACK: "started a rollback",
  ROLLED_BACK: "marked the release rolled back",
  CANCELLED: "cancelled the release",
};

function statusTone(to: ReleaseStatus): TimelineTone {
  if (to === "FAILED" || to === "CANCELLED") return "danger";
  if (to === "ROLLING_BACK" || to === "ROLLED_BACK") return "warning";
  return to === "RELEASED" ? "success" : "info";
}

const describeStatusChange: Sentence<typeof t.releaseStatusChanged> = ({ from, to, cause, reason, note }, names) => {
  const fromLabel = lower(releaseStatusLabels[from]);
  const toLabel = lower(releaseStatusLabels[to]);
  const extra = details(["Reason", reason], ["Note", note]);
  // Only ready → preparing (an untick, a revoked sign-off) goes back; every other move is forward, whatever the
  // labels say ("rolling back" → "rolled back" is not "back back", a run starting is never "back to deploying").
  const goesBack = from === "READY" && to === "PREPARING";
  if (cause) {
    if (goesBack) return said(`The release went from ${fromLabel} back to ${toLabel}: ${cause}`, "warning", extra);
    const sentence = names.actorId ? `${names.actor} moved the release to ${toLabel}: ${cause}` : `The release moved from ${fromLabel} to ${toLabel}: ${cause}`;
    return said(sentence, statusTone(to), extra);
  }
  const verb = goesBack ? "reopened the release" : to === "RELEASED" && from !== "MONITORING" ? null : statusVerbs[to];
  return said(verb ? `${names.actor} ${verb}` : `${names.actor} moved the release from ${fromLabel} to ${toLabel}`, statusTone(to), extra);
};

// ---------------------------------------------------------------- the catalogue's sentences

function describeDate(value: string | null): string {
  if (value === null) return "none";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "none" : formatDate(date);
}

const byRun = (by: "deploy" | "rollback") => (by === "deploy" ? "Deploy" : "Rollback");

const sentences: { [T in AuditEventType]: Sentence<T> } = {
  [t.authSignedIn]: ({ method }, n) => said(`${n.actor} signed in${method === "password" ? "" : ` with ${method}`}`, "neutral"),
  [t.authSignInFailed]: ({ email, provider, reason }) =>
    said(`A sign-in as ${email ?? "an unknown account"}${provider ? ` with ${provider}` : ""} failed (${reason.replaceAll("_", " ")})`, "warning"),

  [t.userCreated]: ({ email, role, by }, n) => {
    const who = by === "seed" ? "The demo seed" : by === "cli" ? "An operator (command line)" : n.actor;
    return said(`${who} created the account ${email} (${lower(roleLabels[role])})`, "info");
  },
  [t.userRoleChanged]: ({ email, from, to }, n) => said(`${n.actor} changed the role of ${email} from ${lower(roleLabels[from])} to ${lower(roleLabels[to])}`, "neutral"),
  [t.userDisabled]: ({ email }, n) => said(`${n.actor} disabled the account ${email}`, "warning"),
  [t.userEnabled]: ({ email }, n) => said(`${n.actor} enabled the account ${email}`, "info"),
  [t.userPasswordChanged]: (_payload, n) => said(`${n.actor} changed their password`, "neutral"),
  [t.userPasswordReset]: ({ email }, n) => said(`${n.actor} reset the password of ${email}`, "warning"),

  [t.releaseCreated]: ({ version, template }, n) => said(`${n.actor} created the release ${version} from ${quote(template)}`, "info"),
  [t.releaseManagerAssigned]: ({ releaseManagerId }, n) =>
    said(releaseManagerId === n.actorId ? `${n.actor} is the release manager` : `${n.actor} made ${n.person(releaseManagerId)} the release manager`, "neutral"),
  [t.releaseEdited]: ({ changes }, n) => {
    const what: string[] = [];
    const extra: TimelineDetail[] = [];
    if (changes.title) {
      what.push("the title");
      extra.push({ label: "Title", text: `${quote(changes.title.from)} → ${quote(changes.title.to)}` });
    }
    if (changes.plannedAt) {
      what.push("the planned date");
      extra.push({ label: "Planned date", text: `${describeDate(changes.plannedAt.from)} → ${describeDate(changes.plannedAt.to)}` });
    }
    if (changes.releaseManagerId) {
      what.push("the release manager");
      extra.push({ label: "Release manager", text: `${n.person(changes.releaseManagerId.from)} → ${n.person(changes.releaseManagerId.to)}` });
    }
    const list = what.length <= 1 ? (what[0] ?? "the release") : `${what.slice(0, -1).join(", ")} and ${what.at(-1)}`;
    return said(`${n.actor} changed ${list}`, "neutral", extra);
  },
  [t.releaseStatusChanged]: describeStatusChange,
  // The incident note as it stood when closing locked it.
  [t.releaseMonitoringEndedOpen]: ({ openItems, items }) =>
    said(`The monitoring window ended with ${openItems} required item${openItems === 1 ? "" : "s"} still open`, "warning", details(["Open items", items.map(inlineMarkdownToText).join(", ")])),
  [t.releaseBreakGlassOverdue]: ({ missing }) =>
    said(
      `The sign-off${missing.length === 1 ? "" : "s"} missing at the break-glass deploy ${missing.length === 1 ? "is" : "are"} overdue`,
      "danger",
      details(["Still missing", missing.map((m) => `${inlineMarkdownToText(m.requirement)} (${lower(roleLabels[m.role])})`).join(", ")]),
    ),
  [t.releaseClosed]: ({ incidentNote }, n) => said(`${n.actor} closed the release`, "neutral", details(["Incident note", incidentNote])),

  [t.itemTicked]: ({ title, note, evidenceUrl, by, step, source }, n) => {
    const extra = details(["Note", note], ["Evidence", evidenceUrl, true]);
    // Ticked by a pipeline step (no person): the deploy (or rollback) is the actor, the run the evidence.
    if (!n.actorId && by && step) return said(`${byRun(by)} ticked ${titled(title)} · step ${stepName(step)} succeeded`, "success", extra);
    if (!n.actorId && source) return said(`${integrationLabels[source]} ticked ${titled(title)}`, "success", extra);
    return said(`${n.actor} ticked ${titled(title)}`, "success", extra);
  },
  [t.itemUnticked]: ({ title, reason }, n) => said(`${n.actor} unticked ${titled(title)}`, "warning", details(["Reason", reason])),
  [t.itemMarkedNotApplicable]: ({ title, reason }, n) => said(`${n.actor} marked ${titled(title)} not applicable`, "neutral", details(["Reason", reason])),
  [t.itemAnnotated]: ({ title, note, evidenceUrl, incidentNote }, n) => {
    const extra = details([incidentNote ? "Incident note" : "Note", note], ["Evidence", evidenceUrl, true]);
    const cleared = extra.length === 0;
    if (incidentNote) return said(`${n.actor} ${cleared ? "cleared" : "edited"} the incident note on ${titled(title)}`, "neutral", extra);
    return said(`${n.actor} ${cleared ? "cleared the note on" : "updated the note on"} ${titled(title)}`, "neutral", extra);
  },
  [t.itemAutomationFailed]: ({ title, source, note, evidenceUrl }) =>
    said(`${integrationLabels[source]} reported a failure for ${titled(title)}; it stays open`, "danger", details(["Note", note], ["Evidence", evidenceUrl, true])),
  [t.itemDeployFailed]: ({ title, by, step, note, evidenceUrl }) =>
    said(`${byRun(by)} step ${stepName(step)} failed: ${titled(title)} stays open`, "danger", details(["Note", note], ["Run", evidenceUrl, true])),

  [t.signoffGiven]: ({ requirement, comment, afterBreakGlassAt, minutesAfterDeploy, overdue }, n) =>
    afterBreakGlassAt
      ? said(
          `${n.actor} signed off ${titled(requirement)} after the break-glass deploy, ${describeDelay(0, (minutesAfterDeploy ?? 0) * 60_000)}${overdue ? " (overdue)" : ""}`,
          overdue ? "warning" : "success",
          details(["Comment", comment]),
        )
      : said(`${n.actor} signed off ${titled(requirement)}`, "success", details(["Comment", comment])),
  [t.signoffRevoked]: ({ requirement, reason }, n) => said(`${n.actor} revoked the sign-off ${titled(requirement)}`, "warning", details(["Reason", reason])),
  [t.signoffStale]: ({ requirement, reason }) => said(`The sign-off ${titled(requirement)} became stale: ${reason}`, "warning"),
  [t.signoffRestored]: ({ requirement, reason }) => said(`The sign-off ${titled(requirement)} holds again: ${reason}`, "success"),

  [t.deployBreakGlass]: ({ reason, missingSignoffs }, n) =>
    said(
      `${n.actor} deployed with break-glass, without ${missingSignoffs.length === 1 ? "the sign-off" : `${missingSignoffs.length} sign-offs`} ${missingSignoffs.map(titled).join(", ")}`,
      "danger",
      details(["Reason", reason]),
    ),
  [t.deployStarted]: ({ pipelineVersion, manual }, n) =>
    said(manual ? `${n.actor} started a manual deploy` : `${n.actor} started the deploy (pipeline version ${pipelineVersion})`, "info"),
  [t.deployStartRepeated]: (_p, n) => said(`${n.actor} asked to start the deploy again: the run already started goes on`, "neutral"),
  [t.rollbackStarted]: ({ reason, flagsDisabledFirst, skipped, overridden, overrideReason }, n) =>
    said(
      `${n.actor} started a rollback${overridden?.length ? ", overriding its failed checks" : ""}`,
      "warning",
      details(
        ["Reason", reason],
        ["Flags turned off first", flagsDisabledFirst.join(", ")],
        ["Skipped", skipped?.join(", ")],
        ["Checks overridden", overridden?.join(" ")],
        ["Override reason", overrideReason],
      ),
    ),
  [t.rollbackStartRepeated]: (_p, n) => said(`${n.actor} asked to start the rollback again: the run already started goes on`, "neutral"),
  [t.deployCancelRequested]: ({ kind, reason }, n) => said(`${n.actor} asked to cancel the ${kindOf(kind)}`, "warning", details(["Reason", reason])),
  [t.deployCancelRepeated]: ({ kind, reason }, n) => said(`${n.actor} asked again to cancel the ${kindOf(kind)}`, "neutral", details(["Reason", reason])),
  [t.deployRequeued]: ({ cause }) => said(`The run went back to the queue: ${cause}`, "warning"),
  [t.deployResumed]: ({ automatically, rerunStep }, n) =>
    said(`${automatically ? "The run resumed by itself" : `${n.actor} resumed the run`}${rerunStep ? `, running step ${stepName(rerunStep)} again` : ""}`, "info"),
  [t.deployNeedsDecision]: ({ step, reason }) => said(`The run waits for a decision on step ${stepName(step)}`, "danger", details(["Why", reason])),
  [t.deploySucceeded]: ({ kind }) => said(`The ${kindOf(kind)} succeeded`, "success"),
  [t.deployFailed]: ({ kind, cause }) => said(`The ${kindOf(kind)} failed`, "danger", details(["Cause", cause])),
  [t.deployCancelled]: ({ kind, reason }, n) =>
    said(n.actorId ? `${n.actor} cancelled the ${kindOf(kind)}` : `The ${kindOf(kind)} was cancelled`, "danger", details(["Reason", reason])),
  [t.deployLockTakenOver]: ({ from, reason }, n) => said(`${n.actor} took over the deploy lock from ${from}`, "warning", details(["Reason", reason])),

  [t.stepStarted]: ({ step, attempt }) => said(`Step ${stepName(step)} started${attempt > 1 ? ` (attempt ${attempt})` : ""}`, "neutral"),
  [t.stepSucceeded]: ({ step }) => said(`Step ${stepName(step)} succeeded`, "success"),
  [t.stepFailed]: ({ step, error }) => said(`Step ${stepName(step)} failed`, "danger", details(["Error", error])),
  [t.stepSkipped]: ({ step, reason }, n) =>
    said(n.actorId ? `${n.actor} skipped step ${stepName(step)}` : `Step ${stepName(step)} was skipped`, "warning", details(["Reason", reason])),
  [t.stepCancelled]: ({ step }) => said(`Step ${stepName(step)} was cancelled`, "warning"),
  [t.stepWaiting]: ({ step }) => said(`Step ${stepName(step)} is waiting for approval`, "info"),
  [t.stepInterrupted]: ({ step, idempotent }) =>
    said(`Step ${stepName(step)} was interrupted: its worker stopped responding${idempotent ? " (safe to re-run)" : ""}`, "danger"),
  [t.stepRetried]: ({ step }, n) => said(`${n.actor} retried step ${stepName(step)}`, "info"),
  [t.stepSkipRequested]: ({ step, reason }, n) => said(`${n.actor} asked to skip the wait ${stepName(step)}`, "warning", details(["Reason", reason])),
  [t.stepApproved]: ({ step, comment }, n) => said(`${n.actor} approved step ${stepName(step)}`, "success", details(["Comment", comment])),

  [t.pipelineSaved]: ({ kind, version, steps }, n) =>
    said(`${n.actor} saved version ${version} of the ${kindOf(kind)} pipeline (${steps} step${steps === 1 ? "" : "s"})`, "neutral"),
  [t.flagChanged]: ({ flag, enabled, reason, runId, fromPercent }, n) => {
    const who = !n.actorId && runId ? "A pipeline step" : n.actor;
    const was = fromPercent === undefined ? "" : ` (it was on for ${fromPercent} %)`;
    return said(`${who} turned the flag ${flag} ${enabled ? "on" : "off"}${was}`, enabled ? "info" : "warning", details(["Reason", reason]));
  },
  [t.flagUnchanged]: ({ flag, enabled, percent }, n) =>
    percent === undefined
      ? said(`${n.actor} turned the flag ${flag} ${enabled ? "on" : "off"}, as it already was`, "neutral")
      : said(`${n.actor} set the flag ${flag} to ${percent} %, as it already was`, "neutral"),
  [t.flagRolloutSet]: ({ flag, percent, from, reason }, n) =>
    said(`${n.actor} set the flag ${flag} to ${percent} % (from ${from} %)`, percent < from ? "warning" : "info", details(["Reason", reason])),

  [t.templateImported]: ({ name, items, warnings }, n) =>
    said(`${n.actor} imported the template ${quote(name)} (${items} items${warnings ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : ""})`, "info"),
  [t.templateCreated]: ({ name }, n) => said(`${n.actor} created the template ${quote(name)}`, "info"),
  [t.templateDuplicated]: ({ name, sourceName }, n) => said(`${n.actor} duplicated ${quote(sourceName)} as ${quote(name)}`, "info"),
  [t.templateUpdated]: ({ name, previousName }, n) =>
    said(previousName ? `${n.actor} saved the template ${quote(name)} (renamed from ${quote(previousName)})` : `${n.actor} saved the template ${quote(name)}`, "neutral"),
  [t.templateArchived]: ({ name }, n) => said(`${n.actor} archived the template ${quote(name)}`, "warning"),
  [t.templateDefaultChanged]: ({ name }, n) => said(`${n.actor} made ${quote(name)} the default template`, "neutral"),

  [t.projectCreated]: ({ name, slug, baselineVersion }, n) =>
    said(`${n.actor} created the project ${quote(name)} (${slug})`, "info", baselineVersion ? details(["Version running now", baselineVersion]) : []),
  [t.projectUpdated]: ({ changes }, n) =>
    said(
      `${n.actor} changed the project's ${Object.keys(changes).map(fieldLabel).join(", ")}`,
      "neutral",
      Object.entries(changes).map(([field, { from, to }]) => ({ label: capitalize(fieldLabel(field)), text: `${from ?? "none"} → ${to ?? "none"}` })),
    ),
  [t.projectArchived]: ({ name }, n) => said(`${n.actor} archived the project ${quote(name)}`, "warning"),
  [t.projectUnarchived]: ({ name }, n) => said(`${n.actor} unarchived the project ${quote(name)}`, "info"),
  [t.variableCreated]: ({ name, value }, n) => said(`${n.actor} added the variable ${name}`, "neutral", details(["Value", value])),
  [t.variableUpdated]: ({ name, value, from }, n) => said(`${n.actor} changed the variable ${name}`, "neutral", details(["Value", `${from} → ${value}`])),
  [t.variableDeleted]: ({ name }, n) => said(`${n.actor} deleted the variable ${name}`, "warning"),
  [t.flagCreated]: ({ flag, default: initial }, n) => said(`${n.actor} added the flag ${flag} (${initial} by default)`, "info"),
  [t.flagUpdated]: ({ flag, changes }, n) =>
    said(
      `${n.actor} changed the flag ${flag}'s ${Object.keys(changes).map(fieldLabel).join(", ")}`,
      "neutral",
      Object.entries(changes).map(([field, { from, to }]) => ({ label: capitalize(fieldLabel(field)), text: `${from ?? "none"} → ${to ?? "none"}` })),
    ),

  [t.tokenCreated]: ({ name, scopes, project, by }, n) =>
    said(`${by === "cli" ? "An operator (command line)" : n.actor} created the API token ${quote(name)}${project ? ` for the project ${project}` : ""} (${scopes.join(", ")})`, "neutral"),
  [t.tokenRevoked]: ({ name }, n) => said(`${n.actor} revoked the API token ${quote(name)}`, "warning"),

  [t.webhookSecretSet]: ({ source, replaced }, n) =>
    said(`${n.actor} ${replaced ? "replaced" : "set"} the ${integrationLabels[source]} webhook secret`, replaced ? "warning" : "neutral"),
  [t.ciCheckReported]: ({ name, tag, conclusion, outcome }, n) =>
    said(`${n.actor} reported the CI check ${name} on ${tag}: ${conclusion}`, conclusion === "success" ? "success" : "warning", details(["Outcome", outcome])),
  [t.webhookReplayed]: ({ source, event, deliveryId, outcome }, n) =>
    said(`${n.actor} replayed the ${integrationLabels[source]} delivery ${deliveryId} (${event})`, "neutral", details(["Outcome", outcome])),

  [t.notificationChannelCreated]: ({ name, kind }, n) => said(`${n.actor} added the ${kind === "SLACK" ? "Slack" : "webhook"} notification channel “${name}”`, "neutral"),
  [t.notificationChannelDisabled]: ({ name }, n) => said(`${n.actor} turned off the notification channel “${name}”`, "warning"),
  [t.notificationChannelEnabled]: ({ name }, n) => said(`${n.actor} turned on the notification channel “${name}”`, "neutral"),
  [t.notificationChannelDeleted]: ({ name }, n) => said(`${n.actor} deleted the notification channel “${name}”`, "warning"),
  [t.notificationTestRequested]: ({ name }, n) => said(`${n.actor} sent a test message to “${name}”`, "neutral"),
  [t.secretCreated]: ({ name }, n) => said(`${n.actor} added the secret ${name}`, "neutral"),
  [t.secretUpdated]: ({ name }, n) => said(`${n.actor} changed the secret ${name}`, "neutral"),
  [t.secretDeleted]: ({ name }, n) => said(`${n.actor} deleted the secret ${name}`, "warning"),
};

function describeKnown<T extends AuditEventType>(type: T, payload: AuditPayloads[T], names: Names): DescribedEvent {
  return sentences[type](payload, names);
}

/** A type the catalogue does not have, or a payload that no longer parses (an old row): said plainly. */
function describeUnknown(event: UnknownAuditEvent, names: Names): DescribedEvent {
  const string = (key: string) => {
    const value = event.payload[key];
    return typeof value === "string" ? value : undefined;
  };
  const what = event.type.replace(/[._]+/g, " ").trim() || "an event";
  return said(`${names.actor}: ${what}`, "neutral", details(["Reason", string("reason")], ["Note", string("note")]));
}

/** The timeline's sentence for one event. */
export function describeAuditEvent(event: ParsedAuditEvent, context: DescribeContext): DescribedEvent {
  const names: Names = {
    actor: context.actor?.name ?? "Preflight",
    actorId: context.actor?.id ?? null,
    person: (id) => context.people?.get(id) ?? "another person",
  };
  return event.known ? describeKnown(event.type, event.payload as AuditPayloads[typeof event.type], names) : describeUnknown(event, names);
}
