// The timeline's sentence for every audit event type, as people read it on the release page.
import { describe, expect, it } from "vitest";
import { parseAuditEvent, type AuditPayloads } from "@/lib/audit/events/payloads";
import { describeAuditEvent, type DescribeContext } from "@/lib/audit/events/sentences";
import { allAuditTypes, auditTypes as t, type AuditEventType } from "@/lib/audit/events/types";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { releaseStatuses, transitions } from "@/lib/releases/rules";

const rae = { id: "u-rae", name: "Rae Manager" };
const lee = { id: "u-lee", name: "Lee Lead" };
const people = new Map([
  ["u-ada", "Ada Admin"],
  ["u-rae", "Rae Manager"],
]);

function describe_(type: string, payload: unknown, actor: DescribeContext["actor"] = rae) {
  return describeAuditEvent(parseAuditEvent(type, payload), { actor, people });
}

const item = { itemId: "i1", title: "All tests passing: `pytest`", phase: "PRE_RELEASE" } as const;
const step = { runId: "r1", stepId: "s1", step: "Run migrations" };
const template = { sections: 4, items: 45, requiredItems: 40, signoffs: 3 };

interface Case<T extends AuditEventType> {
  payload: AuditPayloads[T];
  actor?: DescribeContext["actor"];
  sentence: string;
}

// One (or more) case per type: a type missing here fails the completeness test below.
const cases: { [T in AuditEventType]: Case<T>[] } = {
  [t.authSignedIn]: [
    { payload: { method: "password", ip: "10.0.0.1" }, sentence: "Rae Manager signed in" },
    { payload: { method: "github", bound: true }, sentence: "Rae Manager signed in with github" },
  ],
  [t.authSignInFailed]: [{ payload: { email: "x@example.com", ip: "10.0.0.1", reason: "bad_password" }, actor: null, sentence: "A sign-in as x@example.com failed (bad password)" }],
  [t.userCreated]: [
    { payload: { userId: "u2", email: "new@example.com", role: "VIEWER" }, sentence: "Rae Manager created the account new@example.com (viewer)" },
    { payload: { userId: "u2", email: "new@example.com", role: "ADMIN", by: "cli" }, actor: null, sentence: "An operator (command line) created the account new@example.com (admin)" },
  ],
  [t.userRoleChanged]: [{ payload: { userId: "u2", email: "v@example.com", from: "VIEWER", to: "ENGINEERING_LEAD" }, sentence: "Rae Manager changed the role of v@example.com from viewer to engineering lead" }],
  [t.userDisabled]: [{ payload: { userId: "u2", email: "v@example.com" }, sentence: "Rae Manager disabled the account v@example.com" }],
  [t.userEnabled]: [{ payload: { userId: "u2", email: "v@example.com" }, sentence: "Rae Manager enabled the account v@example.com" }],
  [t.userPasswordChanged]: [{ payload: { userId: "u-rae" }, sentence: "Rae Manager changed their password" }],
  [t.userPasswordReset]: [{ payload: { userId: "u2", email: "v@example.com" }, sentence: "Rae Manager reset the password of v@example.com" }],

  [t.releaseCreated]: [{ payload: { version: "0.6.0", title: "Phase 2", template: "Default" }, sentence: "Rae Manager created the release 0.6.0 from “Default”" }],
  [t.releaseManagerAssigned]: [
    { payload: { releaseManagerId: "u-ada" }, sentence: "Rae Manager made Ada Admin the release manager" },
    { payload: { releaseManagerId: "u-rae" }, sentence: "Rae Manager is the release manager" },
    { payload: { releaseManagerId: "u-gone" }, sentence: "Rae Manager made another person the release manager" },
  ],
  [t.releaseEdited]: [
    { payload: { changes: { title: { from: "Old", to: "New" } } }, sentence: "Rae Manager changed the title" },
    {
      payload: { changes: { title: { from: "Old", to: "New" }, plannedAt: { from: "2026-11-27T00:00:00.000Z", to: null }, releaseManagerId: { from: "u-rae", to: "u-ada" } } },
      sentence: "Rae Manager changed the title, the planned date and the release manager",
    },
  ],
  [t.releaseStatusChanged]: [
    { payload: { from: "PREPARING", to: "READY" }, sentence: "Rae Manager marked the release ready" },
    { payload: { from: "READY", to: "DEPLOYING", cause: "Deploy started" }, sentence: "Rae Manager moved the release to deploying: Deploy started" },
    { payload: { from: "DEPLOYING", to: "MONITORING", cause: "Every step succeeded" }, actor: null, sentence: "The release moved from deploying to monitoring: Every step succeeded" },
    { payload: { from: "READY", to: "PREPARING", cause: "“Test rollback” was unticked" }, sentence: "The release went from ready back to preparing: “Test rollback” was unticked" },
    { payload: { from: "READY", to: "PREPARING" }, sentence: "Rae Manager reopened the release" },
    { payload: { from: "DRAFT", to: "RELEASED", note: "Imported" }, sentence: "Rae Manager moved the release from draft to released" },
    { payload: { from: "PREPARING", to: "CANCELLED", reason: "Superseded" }, sentence: "Rae Manager cancelled the release" },
  ],
  [t.releaseMonitoringEndedOpen]: [
    { payload: { openItems: 2, items: ["Check **errors**", "Tell support"], windowEndedAt: "2026-12-02T10:00:00.000Z" }, actor: null, sentence: "The monitoring window ended with 2 required items still open" },
  ],
  [t.releaseBreakGlassOverdue]: [
    {
      payload: { dueAt: "2026-12-03T10:00:00.000Z", missing: [{ requirement: "Lead **review**", role: "ENGINEERING_LEAD" }] },
      actor: null,
      sentence: "The sign-off missing at the break-glass deploy is overdue",
    },
    {
      payload: { dueAt: "2026-12-03T10:00:00.000Z", missing: [{ requirement: "Review", role: "ENGINEERING_LEAD" }, { requirement: "QA", role: "RELEASE_MANAGER" }] },
      actor: null,
      sentence: "The sign-offs missing at the break-glass deploy are overdue",
    },
  ],
  [t.releaseClosed]: [{ payload: { status: "ROLLED_BACK", incidentNote: "DB overload", item: "Document incident" }, sentence: "Rae Manager closed the release" }],

  [t.itemTicked]: [
    {
      payload: { itemId: "i9", title: "Tests passing in CI", phase: "PRE_RELEASE", source: "github", deliveryId: "d1", evidenceUrl: "https://github.com/acme/app/actions/runs/1" },
      actor: null,
      sentence: "GitHub ticked “Tests passing in CI”",
    },
    { payload: { ...item, note: "green" }, sentence: "Rae Manager ticked “All tests passing: pytest”" },
    {
      payload: { itemId: "i2", title: "Database migrations applied", phase: "RELEASE_DAY", by: "deploy", runId: "r1", step: "Run migrations", evidenceUrl: "/releases/x/deploys/r1" },
      actor: null,
      sentence: "Deploy ticked “Database migrations applied” · step ‘Run migrations’ succeeded",
    },
    {
      payload: { itemId: "i3", title: "Images rolled back", phase: "ROLLBACK", by: "rollback", runId: "r2", step: "Roll back images" },
      actor: null,
      sentence: "Rollback ticked “Images rolled back” · step ‘Roll back images’ succeeded",
    },
  ],
  [t.itemUnticked]: [{ payload: { ...item, reason: "Failed again" }, sentence: "Rae Manager unticked “All tests passing: pytest”" }],
  [t.itemMarkedNotApplicable]: [{ payload: { ...item, reason: "Minor change" }, sentence: "Rae Manager marked “All tests passing: pytest” not applicable" }],
  [t.itemAnnotated]: [
    { payload: { ...item, note: "see CI" }, sentence: "Rae Manager updated the note on “All tests passing: pytest”" },
    { payload: item, sentence: "Rae Manager cleared the note on “All tests passing: pytest”" },
    { payload: { itemId: "i9", title: "Document incident", phase: "ROLLBACK", incidentNote: true, note: "DB overload" }, sentence: "Rae Manager edited the incident note on “Document incident”" },
  ],
  [t.itemDeployFailed]: [
    {
      payload: { itemId: "i2", title: "Migrations applied", phase: "RELEASE_DAY", by: "deploy", runId: "r1", step: "Migrate", evidenceUrl: "/releases/x/deploys/r1", note: "Step failed" },
      actor: null,
      sentence: "Deploy step ‘Migrate’ failed: “Migrations applied” stays open",
    },
  ],

  [t.signoffGiven]: [
    { payload: { signoffId: "so1", requirement: "Migration tested", comment: "ok" }, actor: lee, sentence: "Lee Lead signed off “Migration tested”" },
    {
      payload: { signoffId: "so1", requirement: "Migration tested", afterBreakGlassAt: "2026-12-02T10:00:00.000Z", minutesAfterDeploy: 185 },
      actor: lee,
      sentence: "Lee Lead signed off “Migration tested” after the break-glass deploy, 3 h later",
    },
    {
      payload: { signoffId: "so1", requirement: "Migration tested", afterBreakGlassAt: "2026-12-02T10:00:00.000Z", minutesAfterDeploy: 40, overdue: true },
      actor: lee,
      sentence: "Lee Lead signed off “Migration tested” after the break-glass deploy, 40 min later (overdue)",
    },
  ],
  [t.signoffRevoked]: [{ payload: { signoffId: "so1", requirement: "Migration tested", reason: "Wrong build" }, actor: lee, sentence: "Lee Lead revoked the sign-off “Migration tested”" }],
  [t.signoffStale]: [
    {
      payload: { signoffId: "so1", requirement: "Migration tested", itemId: "i1", reason: "“Test rollback” was unticked after signing" },
      sentence: "The sign-off “Migration tested” became stale: “Test rollback” was unticked after signing",
    },
  ],
  [t.signoffRestored]: [
    {
      payload: { signoffId: "so1", requirement: "Migration tested", itemId: "i1", reason: "“Test rollback” was ticked again before the sign-off was renewed" },
      sentence: "The sign-off “Migration tested” holds again: “Test rollback” was ticked again before the sign-off was renewed",
    },
  ],

  [t.deployBreakGlass]: [
    {
      payload: { reason: "Outage fix, lead away", missingSignoffs: ["Lead review"], signoffsDueAt: "2026-12-03T10:00:00.000Z" },
      actor: { id: "u-ada", name: "Ada Admin" },
      sentence: "Ada Admin deployed with break-glass, without the sign-off “Lead review”",
    },
    {
      payload: { reason: "Outage", missingSignoffs: ["Lead review", "QA"], signoffsDueAt: "2026-12-03T10:00:00.000Z" },
      actor: { id: "u-ada", name: "Ada Admin" },
      sentence: "Ada Admin deployed with break-glass, without 2 sign-offs “Lead review”, “QA”",
    },
  ],
  [t.deployStarted]: [
    { payload: { runId: "r1", pipelineVersion: 3 }, sentence: "Rae Manager started the deploy (pipeline version 3)" },
    { payload: { runId: "r1", pipelineVersion: 1, manual: true }, sentence: "Rae Manager started a manual deploy" },
  ],
  [t.deployStartRepeated]: [{ payload: { runId: "r1" }, sentence: "Rae Manager asked to start the deploy again: the run already started goes on" }],
  [t.rollbackStarted]: [
    { payload: { runId: "r2", reason: "Errors spiking", flagsDisabledFirst: ["NEW_CHECKOUT"] }, sentence: "Rae Manager started a rollback" },
    {
      payload: { runId: "r2", reason: "Errors spiking", flagsDisabledFirst: [], skipped: ["Downgrade"], overridden: ["The last backup is too old."], overrideReason: "No writes since" },
      sentence: "Rae Manager started a rollback, overriding its failed checks",
    },
  ],
  [t.rollbackStartRepeated]: [{ payload: { runId: "r2" }, sentence: "Rae Manager asked to start the rollback again: the run already started goes on" }],
  [t.deployCancelRequested]: [
    { payload: { runId: "r1", kind: "DEPLOY", reason: "Wrong build" }, sentence: "Rae Manager asked to cancel the deploy" },
    { payload: { runId: "r2", kind: "ROLLBACK" }, sentence: "Rae Manager asked to cancel the rollback" },
  ],
  [t.deployCancelRepeated]: [{ payload: { runId: "r1", kind: "DEPLOY" }, sentence: "Rae Manager asked again to cancel the deploy" }],
  [t.deployRequeued]: [{ payload: { runId: "r1", cause: "Its queue job was lost; sent again", lostJob: true }, actor: null, sentence: "The run went back to the queue: Its queue job was lost; sent again" }],
  [t.deployResumed]: [{ payload: { runId: "r1", automatically: true, rerunStep: "Pull the new version" }, actor: null, sentence: "The run resumed by itself, running step ‘Pull the new version’ again" }],
  [t.deployNeedsDecision]: [{ payload: { ...step, reason: "A step that is not safe to re-run was interrupted" }, actor: null, sentence: "The run waits for a decision on step ‘Run migrations’" }],
  [t.deploySucceeded]: [
    { payload: { runId: "r1", kind: "DEPLOY", cause: "Every step succeeded" }, actor: null, sentence: "The deploy succeeded" },
    { payload: { runId: "r2", kind: "ROLLBACK", cause: "Every step succeeded" }, actor: null, sentence: "The rollback succeeded" },
  ],
  [t.deployFailed]: [{ payload: { runId: "r1", kind: "DEPLOY", cause: "Step failed: exit code 1" }, actor: null, sentence: "The deploy failed" }],
  [t.deployCancelled]: [
    { payload: { runId: "r1", kind: "DEPLOY", cause: "Deploy cancelled", reason: "Wrong build" }, sentence: "Rae Manager cancelled the deploy" },
    { payload: { runId: "r2", kind: "ROLLBACK", cause: "Deploy cancelled" }, actor: null, sentence: "The rollback was cancelled" },
  ],
  [t.deployLockTakenOver]: [{ payload: { runId: "r1", from: "Lee Lead", reason: "Lee is away" }, sentence: "Rae Manager took over the deploy lock from Lee Lead" }],

  [t.stepStarted]: [
    { payload: { ...step, attempt: 1 }, actor: null, sentence: "Step ‘Run migrations’ started" },
    { payload: { ...step, attempt: 2 }, actor: null, sentence: "Step ‘Run migrations’ started (attempt 2)" },
  ],
  [t.stepSucceeded]: [{ payload: step, actor: null, sentence: "Step ‘Run migrations’ succeeded" }],
  [t.stepFailed]: [{ payload: { ...step, error: "exit code 1" }, actor: null, sentence: "Step ‘Run migrations’ failed" }],
  [t.stepSkipped]: [
    { payload: { ...step, reason: "Done by hand" }, sentence: "Rae Manager skipped step ‘Run migrations’" },
    { payload: { ...step, step: "Soak", reason: "Skipped by Rae" }, actor: null, sentence: "Step ‘Soak’ was skipped" },
  ],
  [t.stepCancelled]: [{ payload: { ...step, error: "Cancelled" }, actor: null, sentence: "Step ‘Run migrations’ was cancelled" }],
  [t.stepWaiting]: [{ payload: { ...step, step: "Post-deployment verification" }, actor: null, sentence: "Step ‘Post-deployment verification’ is waiting for approval" }],
  [t.stepInterrupted]: [
    { payload: { ...step, idempotent: false, lastHeartbeat: "2026-11-28T09:00:00.000Z" }, actor: null, sentence: "Step ‘Run migrations’ was interrupted: its worker stopped responding" },
  ],
  [t.stepRetried]: [{ payload: step, sentence: "Rae Manager retried step ‘Run migrations’" }],
  [t.stepSkipRequested]: [{ payload: { ...step, step: "Soak", reason: "Looks fine" }, sentence: "Rae Manager asked to skip the wait ‘Soak’" }],
  [t.stepApproved]: [{ payload: { ...step, step: "Post-deployment verification", comment: "Dashboards green" }, actor: lee, sentence: "Lee Lead approved step ‘Post-deployment verification’" }],

  [t.pipelineSaved]: [{ payload: { kind: "DEPLOY", version: 2, steps: 7 }, sentence: "Rae Manager saved version 2 of the deploy pipeline (7 steps)" }],
  [t.flagChanged]: [
    { payload: { flag: "NEW_CHECKOUT", enabled: false, from: true, reason: "Errors" }, sentence: "Rae Manager turned the flag NEW_CHECKOUT off" },
    { payload: { flag: "NEW_CHECKOUT", enabled: true, from: null, runId: "r1" }, actor: null, sentence: "A pipeline step turned the flag NEW_CHECKOUT on" },
    { payload: { flag: "NEW_CHECKOUT", enabled: false, from: true, fromPercent: 25 }, sentence: "Rae Manager turned the flag NEW_CHECKOUT off (it was on for 25 %)" },
  ],
  [t.flagUnchanged]: [
    { payload: { flag: "NEW_CHECKOUT", enabled: true }, sentence: "Rae Manager turned the flag NEW_CHECKOUT on, as it already was" },
    { payload: { flag: "NEW_CHECKOUT", enabled: true, percent: 25 }, sentence: "Rae Manager set the flag NEW_CHECKOUT to 25 %, as it already was" },
  ],
  [t.flagRolloutSet]: [
    { payload: { flag: "NEW_CHECKOUT", percent: 50, from: 10, reason: "Error rate flat" }, sentence: "Rae Manager set the flag NEW_CHECKOUT to 50 % (from 10 %)" },
    { payload: { flag: "NEW_CHECKOUT", percent: 0, from: 50 }, sentence: "Rae Manager set the flag NEW_CHECKOUT to 0 % (from 50 %)" },
  ],

  [t.templateImported]: [{ payload: { templateId: "t1", name: "Mobile", ...template, warnings: 2 }, sentence: "Rae Manager imported the template “Mobile” (45 items, 2 warnings)" }],
  [t.templateCreated]: [{ payload: { templateId: "t1", name: "Mobile" }, sentence: "Rae Manager created the template “Mobile”" }],
  [t.templateDuplicated]: [{ payload: { templateId: "t2", name: "Mobile 2", sourceTemplateId: "t1", sourceName: "Mobile", ...template }, sentence: "Rae Manager duplicated “Mobile” as “Mobile 2”" }],
  [t.templateUpdated]: [
    { payload: { templateId: "t1", name: "Mobile", ...template, approvalFields: 2, monitoringWindowHours: 24 }, sentence: "Rae Manager saved the template “Mobile”" },
    { payload: { templateId: "t1", name: "iOS", previousName: "Mobile", ...template, approvalFields: 2, monitoringWindowHours: 24 }, sentence: "Rae Manager saved the template “iOS” (renamed from “Mobile”)" },
  ],
  [t.templateArchived]: [{ payload: { templateId: "t1", name: "Mobile" }, sentence: "Rae Manager archived the template “Mobile”" }],
  [t.templateDefaultChanged]: [{ payload: { templateId: "t1", name: "Mobile", previousTemplateIds: ["t0"], previousNames: ["Default"] }, sentence: "Rae Manager made “Mobile” the default template" }],

  [t.projectCreated]: [
    { payload: { slug: "billing", name: "Billing" }, sentence: "Rae Manager created the project “Billing” (billing)" },
    { payload: { slug: "billing", name: "Billing", baselineVersion: "2.3.0" }, sentence: "Rae Manager created the project “Billing” (billing)" },
  ],
  [t.projectUpdated]: [
    {
      payload: { changes: { name: { from: "Billing", to: "Billing API" }, repositoryUrl: { from: null, to: "https://github.com/acme/billing" } } },
      sentence: "Rae Manager changed the project's name, repository URL",
    },
    { payload: { changes: { baselineVersion: { from: null, to: "2.3.0" } } }, sentence: "Rae Manager changed the project's version running now" },
  ],
  [t.projectArchived]: [{ payload: { name: "Billing" }, sentence: "Rae Manager archived the project “Billing”" }],
  [t.projectUnarchived]: [{ payload: { name: "Billing" }, sentence: "Rae Manager unarchived the project “Billing”" }],
  [t.variableCreated]: [{ payload: { name: "IMAGE", value: "ghcr.io/acme/billing" }, sentence: "Rae Manager added the variable IMAGE" }],
  [t.variableUpdated]: [{ payload: { name: "IMAGE", value: "b", from: "a" }, sentence: "Rae Manager changed the variable IMAGE" }],
  [t.variableDeleted]: [{ payload: { name: "IMAGE", value: "b" }, sentence: "Rae Manager deleted the variable IMAGE" }],
  [t.flagCreated]: [{ payload: { flag: "NEW_CHECKOUT", default: "off" }, sentence: "Rae Manager added the flag NEW_CHECKOUT (off by default)" }],
  [t.flagUpdated]: [{ payload: { flag: "NEW_CHECKOUT", changes: { default: { from: "off", to: "on" } } }, sentence: "Rae Manager changed the flag NEW_CHECKOUT's default" }],
  [t.tokenCreated]: [
    { payload: { tokenId: "t1", name: "CI", prefix: "pf_abc", scopes: ["read", "write"], userId: "u-rae", expiresAt: null }, sentence: "Rae Manager created the API token “CI” (read, write)" },
    { payload: { tokenId: "t2", name: "flags", prefix: "pf_def", scopes: ["flags:read"], project: "gateway", expiresAt: null, by: "cli" }, actor: null, sentence: "An operator (command line) created the API token “flags” for the project gateway (flags:read)" },
  ],
  [t.itemAutomationFailed]: [
    {
      payload: { itemId: "i9", title: "Tests passing in CI", phase: "PRE_RELEASE", source: "github", deliveryId: "d1", evidenceUrl: "https://github.com/x", note: "GitHub: workflow ci.yml concluded “failure”" },
      actor: null,
      sentence: "GitHub reported a failure for “Tests passing in CI”; it stays open",
    },
  ],
  [t.webhookSecretSet]: [
    { payload: { source: "github", project: "gateway", replaced: false }, sentence: "Rae Manager set the GitHub webhook secret" },
    { payload: { source: "github", project: "gateway", replaced: true }, sentence: "Rae Manager replaced the GitHub webhook secret" },
  ],
  [t.ciCheckReported]: [
    {
      payload: { name: "integration-tests", tag: "v1.0.0", conclusion: "success", url: "https://ci.example.com/1", outcome: "Release 1.0.0: ticked “Integration tests”." },
      sentence: "Rae Manager reported the CI check integration-tests on v1.0.0: success",
    },
  ],
  [t.webhookReplayed]: [
    { payload: { source: "github", webhookDeliveryId: "w1", deliveryId: "72d3162e", event: "workflow_run", outcome: "Release 1.0.0: ticked “Tests”." }, sentence: "Rae Manager replayed the GitHub delivery 72d3162e (workflow_run)" },
  ],
  [t.tokenRevoked]: [{ payload: { tokenId: "t1", name: "CI", prefix: "pf_abc" }, sentence: "Rae Manager revoked the API token “CI”" }],
  [t.notificationChannelCreated]: [
    { payload: { channelId: "c1", name: "#releases", kind: "SLACK", events: ["deploy_failed"] }, sentence: "Rae Manager added the Slack notification channel “#releases”" },
    { payload: { channelId: "c1", name: "Ops", kind: "WEBHOOK", events: [] }, sentence: "Rae Manager added the webhook notification channel “Ops”" },
  ],
  [t.notificationChannelDisabled]: [{ payload: { channelId: "c1", name: "#releases", kind: "SLACK" }, sentence: "Rae Manager turned off the notification channel “#releases”" }],
  [t.notificationChannelEnabled]: [{ payload: { channelId: "c1", name: "#releases", kind: "SLACK" }, sentence: "Rae Manager turned on the notification channel “#releases”" }],
  [t.notificationChannelDeleted]: [{ payload: { channelId: "c1", name: "#releases", kind: "SLACK" }, sentence: "Rae Manager deleted the notification channel “#releases”" }],
  [t.notificationTestRequested]: [{ payload: { channelId: "c1", name: "#releases", kind: "SLACK", deliveryId: "d1" }, sentence: "Rae Manager sent a test message to “#releases”" }],
  [t.secretCreated]: [{ payload: { name: "DEPLOY_TOKEN" }, sentence: "Rae Manager added the secret DEPLOY_TOKEN" }],
  [t.secretUpdated]: [{ payload: { name: "DEPLOY_TOKEN" }, sentence: "Rae Manager changed the secret DEPLOY_TOKEN" }],
  [t.secretDeleted]: [{ payload: { name: "DEPLOY_TOKEN" }, sentence: "Rae Manager deleted the secret DEPLOY_TOKEN" }],
};

const rows = allAuditTypes.flatMap((type) => (cases[type] as Case<typeof type>[]).map((c) => [type, c] as const));

describe("the timeline sentence of every audit event type", () => {
  it("has a case here for every type of the catalogue", () => {
    expect(Object.keys(cases).sort()).toEqual([...allAuditTypes].sort());
    expect(allAuditTypes.every((type) => cases[type].length > 0)).toBe(true);
  });

  it.each(rows)("%s: %o", (type, c) => {
    const event = parseAuditEvent(type, c.payload);
    expect(event.known, "the sample payload parses").toBe(true);
    expect(describeAuditEvent(event, { actor: c.actor === undefined ? rae : c.actor, people }).sentence).toBe(c.sentence);
  });
});

describe("the details beside a sentence", () => {
  it("keep what people typed as text, with evidence as a link", () => {
    expect(describe_(t.itemTicked, { ...item, note: "green", evidenceUrl: "https://ci/1" }).details).toEqual([
      { label: "Note", text: "green" },
      { label: "Evidence", text: "https://ci/1", url: true },
    ]);
    const note = "<script>window.__xss = 1</script>";
    expect(describe_(t.itemAnnotated, { ...item, note }).details).toEqual([{ label: "Note", text: note }]);
  });

  it("give reasons, comments, errors and the incident note", () => {
    expect(describe_(t.itemUnticked, { ...item, reason: "Failed again" }).details).toEqual([{ label: "Reason", text: "Failed again" }]);
    expect(describe_(t.signoffGiven, { signoffId: "so1", requirement: "R", comment: "ok" }).details).toEqual([{ label: "Comment", text: "ok" }]);
    expect(describe_(t.stepApproved, { ...step, comment: "Dashboards green" }).details).toEqual([{ label: "Comment", text: "Dashboards green" }]);
    expect(describe_(t.stepFailed, { ...step, error: "exit code 1" }, null)).toMatchObject({ tone: "danger", details: [{ label: "Error", text: "exit code 1" }] });
    expect(describe_(t.releaseClosed, { status: "ROLLED_BACK", incidentNote: "DB overload" }).details).toEqual([{ label: "Incident note", text: "DB overload" }]);
    expect(describe_(t.rollbackStarted, { runId: "r", reason: "Errors", flagsDisabledFirst: ["A", "B"] }).details).toEqual([
      { label: "Reason", text: "Errors" },
      { label: "Flags turned off first", text: "A, B" },
    ]);
    expect(describe_(t.releaseStatusChanged, { from: "PREPARING", to: "CANCELLED", reason: "Superseded" })).toMatchObject({
      details: [{ label: "Reason", text: "Superseded" }],
      tone: "danger",
    });
  });

  it("name the people and dates of an edit", () => {
    const edited = describe_(t.releaseEdited, {
      changes: { title: { from: "Old", to: "New" }, plannedAt: { from: "2026-11-27T00:00:00.000Z", to: null }, releaseManagerId: { from: "u-rae", to: "u-ada" } },
    });
    expect(edited.details).toEqual([
      { label: "Title", text: "“Old” → “New”" },
      { label: "Planned date", text: "27 Nov 2026 → none" },
      { label: "Release manager", text: "Rae Manager → Ada Admin" },
    ]);
  });
});

describe("a release's status change", () => {
  const label = (status: ReleaseStatus) => status.toLowerCase().replace("_", " ");
  const moves = releaseStatuses.flatMap((from) => transitions[from].map((to) => [from, to] as const));
  const variants = moves.flatMap(([from, to]) =>
    [rae, null].flatMap((actor) => [undefined, "Because"].map((cause) => ({ from, to, actor, cause }))),
  );

  it.each(variants)("$from → $to by $actor.name, cause $cause: never “back back”, and “back” only when it goes back", ({ from, to, actor, cause }) => {
    const { sentence } = describe_(t.releaseStatusChanged, { from, to, ...(cause ? { cause } : {}) }, actor);
    expect(sentence).not.toMatch(/back back/);
    // "rolled back"/"rolling back" are statuses; "back to" and "back" as a direction only for ready → preparing.
    const direction = sentence.replace(/roll(ed|ing) back/g, "");
    expect(/\bback\b/.test(direction)).toBe(from === "READY" && to === "PREPARING" && cause !== undefined);
    if (cause) expect(sentence).toContain(label(to));
  });
});

describe("rows the catalogue cannot read", () => {
  it("say the type plainly, with a reason or note when there is one", () => {
    expect(describe_("release.incident_note_saved", { note: "DB overload" }, rae)).toEqual({
      sentence: "Rae Manager: release incident note saved",
      details: [{ label: "Note", text: "DB overload" }],
      tone: "neutral",
    });
    expect(describe_("webhook.received", null, null).sentence).toBe("Preflight: webhook received");
  });

  it("treat a known type whose payload no longer parses as unknown, not as an error", () => {
    expect(parseAuditEvent(t.stepSucceeded, { runId: "r1", stepId: "s1" }).known).toBe(false);
    expect(describe_(t.stepSucceeded, { runId: "r1", stepId: "s1" }, null).sentence).toBe("Preflight: deploy step succeeded");
    expect(describe_(t.itemTicked, { truncated: true, keys: ["itemId"] }).sentence).toBe("Rae Manager: item ticked");
  });
});
