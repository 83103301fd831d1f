// What each audit event changes in the data pages show, from a small fixed vocabulary. The live client turns
// these into cache updates (each domain maps a word to its query keys); the event's notice carries the ids
// (releaseId, projectId, runId, stepId, itemId) that say whose release, run or item. No zod here: client
// components import this module.
import { auditTypes as t, isAuditEventType, type AuditEventType } from "./types";

export const auditAffects = [
  /** The release's own fields: status, title, dates, manager, pipelines. */
  "release",
  /** Several checklist items of the release (an aggregate: refetch). */
  "items",
  /** The one item the notice names (itemId): patch it. */
  "item",
  /** The release's timeline (every event with a releaseId appears there). */
  "timeline",
  /** The release's sign-offs. */
  "signoffs",
  /** The release's (and project's) list of runs. */
  "runs",
  /** The run the notice names (runId): its status and steps. */
  "run",
  /** The log of the step the notice names (stepId): a new attempt starts a new log. */
  "logs",
  /** The project's feature flags. */
  "flags",
  /** The project's deploy lock. */
  "lock",
  /** Lists of releases: /releases, a project's releases, the home page's current releases. */
  "releases-list",
  /** Projects as the home page lists them. */
  "projects",
  "templates",
  /** The "Deploying now" strip: active runs everywhere. */
  "deploying-now",
  "pipelines",
  "secrets",
  "users",
] as const;

export type AuditAffect = (typeof auditAffects)[number];

// Shared shapes, so that events that change the same things say so the same way.
const releaseChange = ["release", "timeline", "releases-list", "projects"] as const;
const itemChange = ["item", "timeline", "releases-list"] as const;
const signoffChange = ["signoffs", "timeline"] as const;
/** A run moved (its status, and the release's strip entry); its release's status moves by its own event. */
const runMove = ["run", "runs", "deploying-now", "timeline"] as const;
/** A run took or gave up the project's deploy lock. */
const runLock = [...runMove, "lock"] as const;
const stepMove = ["run", "deploying-now", "timeline"] as const;
/** Recorded for a repeated request that changed nothing (the action wrapper wants an event). */
const nothing = ["timeline"] as const;

export const auditEventAffects = {
  [t.authSignedIn]: [],
  [t.authSignInFailed]: [],

  [t.userCreated]: ["users"],
  [t.userRoleChanged]: ["users"],
  [t.userDisabled]: ["users"],
  [t.userEnabled]: ["users"],
  [t.userPasswordChanged]: ["users"],
  [t.userPasswordReset]: ["users"],

  [t.releaseCreated]: releaseChange,
  [t.releaseManagerAssigned]: releaseChange,
  [t.releaseEdited]: releaseChange,
  [t.releaseStatusChanged]: [...releaseChange, "deploying-now"],
  [t.releaseClosed]: releaseChange,
  [t.releaseMonitoringEndedOpen]: ["timeline"],
  [t.releaseBreakGlassOverdue]: [...releaseChange, "signoffs"],

  [t.itemTicked]: itemChange,
  [t.itemUnticked]: itemChange,
  [t.itemMarkedNotApplicable]: itemChange,
  [t.itemAnnotated]: ["item", "timeline"],
  [t.itemAutomationFailed]: ["item", "timeline"],
  [t.itemDeployFailed]: ["item", "timeline"],

  [t.signoffGiven]: signoffChange,
  [t.signoffRevoked]: signoffChange,
  [t.signoffStale]: signoffChange,
  [t.signoffRestored]: signoffChange,

  [t.deployBreakGlass]: [...releaseChange, "signoffs"],
  [t.deployStarted]: [...runLock, "release"],
  [t.deployStartRepeated]: nothing,
  [t.rollbackStarted]: [...runLock, "release"],
  [t.rollbackStartRepeated]: nothing,
  [t.deployCancelRequested]: runMove,
  [t.deployCancelRepeated]: nothing,
  [t.deployRequeued]: runMove,
  [t.deployResumed]: runMove,
  [t.deployNeedsDecision]: runMove,
  [t.deploySucceeded]: runLock,
  [t.deployFailed]: runLock,
  [t.deployCancelled]: runLock,
  [t.deployLockTakenOver]: ["lock", "deploying-now"],

  [t.stepStarted]: [...stepMove, "logs"],
  [t.stepSucceeded]: stepMove,
  [t.stepFailed]: stepMove,
  [t.stepSkipped]: stepMove,
  [t.stepCancelled]: stepMove,
  [t.stepWaiting]: stepMove,
  [t.stepInterrupted]: stepMove,
  // Retrying or skipping resumes the run: it takes the lock again (its release's move is its own event).
  [t.stepRetried]: [...stepMove, "runs", "lock"],
  [t.stepSkipRequested]: stepMove,
  [t.stepApproved]: [...stepMove, "runs"],

  [t.pipelineSaved]: ["pipelines"],
  [t.flagChanged]: ["flags", "timeline"],
  [t.flagUnchanged]: [],
  [t.flagRolloutSet]: ["flags", "timeline"],

  [t.templateImported]: ["templates"],
  [t.templateCreated]: ["templates"],
  [t.templateDuplicated]: ["templates"],
  [t.templateUpdated]: ["templates"],
  [t.templateArchived]: ["templates"],
  [t.templateDefaultChanged]: ["templates"],

  [t.projectCreated]: ["projects"],
  [t.projectUpdated]: ["projects", "releases-list"],
  [t.projectArchived]: ["projects", "releases-list"],
  [t.projectUnarchived]: ["projects", "releases-list"],
  [t.variableCreated]: ["projects"],
  [t.variableUpdated]: ["projects"],
  [t.variableDeleted]: ["projects"],
  [t.flagCreated]: ["flags"],
  [t.flagUpdated]: ["flags"],

  [t.tokenCreated]: [],
  [t.tokenRevoked]: [],
  [t.webhookSecretSet]: [],
  [t.webhookReplayed]: ["timeline"],
  [t.ciCheckReported]: [],

  [t.notificationChannelCreated]: [],
  [t.notificationChannelDisabled]: [],
  [t.notificationChannelEnabled]: [],
  [t.notificationChannelDeleted]: [],
  [t.notificationTestRequested]: [],
  [t.secretCreated]: ["secrets"],
  [t.secretUpdated]: ["secrets"],
  [t.secretDeleted]: ["secrets"],
} as const satisfies Record<AuditEventType, readonly AuditAffect[]>;

/**
 * What an event of `type` changes. A type the catalogue does not know (a newer web process during a rolling
 * upgrade, or an old row replayed) may have changed anything: everything.
 */
export function affectsOf(type: string): readonly AuditAffect[] {
  return isAuditEventType(type) ? auditEventAffects[type] : auditAffects;
}
