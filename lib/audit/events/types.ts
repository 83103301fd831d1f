// The names of every audit event Preflight records, spelled once. Call sites name a type through this map
// (`auditTypes.itemTicked`), never as a string literal (tests/unit/audit-catalogue.test.ts checks the sources).
// The strings are what the audit log stores: renaming one leaves old rows behind under the old name, so add
// a type instead. No zod here: client components import this module.
export const auditTypes = {
  authSignedIn: "auth.signed_in",
  authSignInFailed: "auth.sign_in_failed",

  userCreated: "user.created",
  userRoleChanged: "user.role_changed",
  userDisabled: "user.disabled",
  userEnabled: "user.enabled",
  userPasswordChanged: "user.password_changed",
  userPasswordReset: "user.password_reset",

  releaseCreated: "release.created",
  releaseManagerAssigned: "release.manager_assigned",
  releaseEdited: "release.edited",
  releaseStatusChanged: "release.status_changed",
  releaseClosed: "release.closed",
  // The monitoring window passed with required items still open (recorded once by the worker's sweep).
  releaseMonitoringEndedOpen: "release.monitoring_ended_open",
  // The sign-offs missing at a break-glass deploy were still missing when due (recorded once by the worker's sweep).
  releaseBreakGlassOverdue: "release.break_glass_overdue",

  itemTicked: "item.ticked",
  itemUnticked: "item.unticked",
  itemMarkedNotApplicable: "item.marked_not_applicable",
  itemAnnotated: "item.annotated",
  itemDeployFailed: "item.deploy_failed",
  // An outside event (a GitHub workflow run that failed) noted an automated item instead of ticking it.
  itemAutomationFailed: "item.automation_failed",

  signoffGiven: "signoff.given",
  signoffRevoked: "signoff.revoked",
  signoffStale: "signoff.stale",
  signoffRestored: "signoff.restored",

  deployStarted: "deploy.started",
  // An admin deployed without every sign-off, with a reason (the deploy itself is the deploy.started after it).
  deployBreakGlass: "deploy.break_glass_started",
  deployStartRepeated: "deploy.start_repeated",
  rollbackStarted: "rollback.started",
  rollbackStartRepeated: "rollback.start_repeated",
  deployCancelRequested: "deploy.cancel_requested",
  deployCancelRepeated: "deploy.cancel_repeated",
  deployRequeued: "deploy.requeued",
  deployResumed: "deploy.resumed",
  deployNeedsDecision: "deploy.needs_decision",
  // A run's end, whatever its kind (the payload says deploy or rollback).
  deploySucceeded: "deploy.succeeded",
  deployFailed: "deploy.failed",
  deployCancelled: "deploy.cancelled",
  deployLockTakenOver: "deploy.lock_taken_over",

  stepStarted: "deploy.step_started",
  stepSucceeded: "deploy.step_succeeded",
  stepFailed: "deploy.step_failed",
  stepSkipped: "deploy.step_skipped",
  stepCancelled: "deploy.step_cancelled",
  stepWaiting: "deploy.step_waiting",
  stepInterrupted: "deploy.step_interrupted",
  stepRetried: "deploy.step_retried",
  stepSkipRequested: "deploy.step_skip_requested",
  stepApproved: "deploy.step_approved",

  pipelineSaved: "pipeline.saved",
  flagChanged: "flag.changed",
  flagUnchanged: "flag.unchanged",
  flagRolloutSet: "flag.rollout_set",

  templateImported: "template.imported",
  templateCreated: "template.created",
  templateDuplicated: "template.duplicated",
  templateUpdated: "template.updated",
  templateArchived: "template.archived",
  templateDefaultChanged: "template.default_changed",

  projectCreated: "project.created",
  projectUpdated: "project.updated",
  projectArchived: "project.archived",
  projectUnarchived: "project.unarchived",
  variableCreated: "variable.created",
  variableUpdated: "variable.updated",
  variableDeleted: "variable.deleted",
  flagCreated: "flag.created",
  flagUpdated: "flag.updated",

  tokenCreated: "token.created",
  tokenRevoked: "token.revoked",

  webhookSecretSet: "webhook.secret_set",
  webhookReplayed: "webhook.replayed",
  ciCheckReported: "ci.check_reported",

  secretCreated: "secret.created",
  secretUpdated: "secret.updated",
  secretDeleted: "secret.deleted",

  notificationChannelCreated: "notification.channel_created",
  notificationChannelDisabled: "notification.channel_disabled",
  notificationChannelEnabled: "notification.channel_enabled",
  notificationChannelDeleted: "notification.channel_deleted",
  notificationTestRequested: "notification.test_requested",
} as const;

export type AuditEventType = (typeof auditTypes)[keyof typeof auditTypes];

export const allAuditTypes: readonly AuditEventType[] = Object.values(auditTypes);

const known = new Set<string>(allAuditTypes);

/** Whether `type` is in the catalogue (rows written by older versions may hold types it no longer has). */
export function isAuditEventType(type: string): type is AuditEventType {
  return known.has(type);
}

/** The event a run's end records, by the run's final status. */
export const runEndTypes = {
  SUCCEEDED: auditTypes.deploySucceeded,
  FAILED: auditTypes.deployFailed,
  CANCELLED: auditTypes.deployCancelled,
} as const;
