// The pure rules that tie a release's checklist to its deploy, its approvals and its sign-offs, as tables.
import { describe, expect, it } from "vitest";
import { approvalPolicyOf, approvalRefusal, describeApprovalPolicy } from "@/lib/deploys/approval-rules";
import type { ChecklistPhase, ItemState, Role } from "@/lib/generated/prisma/enums";
import { bindingLabel, deployItemEffect, isBoundTo, mayMarkNotApplicable, openReleaseDayItems, runEvidenceUrl, runKindForPhase } from "@/lib/releases/release-day";
import { attestedItems, checklistStateAtSigning, describeScope, isRestorable, type ScopeItem } from "@/lib/signoffs/scope";

describe("which run ticks which phase", () => {
  it.each([
    ["PRE_RELEASE", null],
    ["RELEASE_DAY", "DEPLOY"],
    ["POST_RELEASE", null],
    ["ROLLBACK", "ROLLBACK"],
  ] as const)("%s → %s", (phase, kind) => expect(runKindForPhase(phase)).toBe(kind));

  it.each([
    [{ phase: "RELEASE_DAY", stepName: "Run migrations" }, "DEPLOY", "Run migrations", true],
    [{ phase: "RELEASE_DAY", stepName: "Run migrations" }, "DEPLOY", " run MIGRATIONS ", true],
    [{ phase: "RELEASE_DAY", stepName: "Run migrations" }, "ROLLBACK", "Run migrations", false],
    [{ phase: "RELEASE_DAY", stepName: "Run migrations" }, "DEPLOY", "Restart services", false],
    [{ phase: "RELEASE_DAY", stepName: null }, "DEPLOY", "Run migrations", false],
    [{ phase: "ROLLBACK", stepName: "Roll back Docker images" }, "ROLLBACK", "Roll back Docker images", true],
    [{ phase: "PRE_RELEASE", stepName: "Run migrations" }, "DEPLOY", "Run migrations", false],
  ] as const)("%o bound to a %s step named %j: %s", (item, kind, name, expected) => expect(isBoundTo(item, kind, name)).toBe(expected));
});

describe("what a bound step's end does to its item", () => {
  const run = "deploy run r1";
  it.each<[ItemState, "SUCCEEDED" | "FAILED", string | null, ReturnType<typeof deployItemEffect>]>([
    ["OPEN", "SUCCEEDED", null, { kind: "tick" }],
    ["OPEN", "FAILED", "exit code 3", { kind: "note", note: "Step ‘Migrate’ failed in deploy run r1: exit code 3. Not ticked." }],
    ["OPEN", "FAILED", null, { kind: "note", note: "Step ‘Migrate’ failed in deploy run r1. Not ticked." }],
    ["DONE", "SUCCEEDED", null, { kind: "none" }],
    ["DONE", "FAILED", "boom", { kind: "none" }],
    ["NOT_APPLICABLE", "SUCCEEDED", null, { kind: "none" }],
  ])("%s item, step %s (%s)", (state, status, error, effect) => {
    expect(deployItemEffect({ state }, { name: "Migrate", status, error }, run)).toEqual(effect);
  });

  it("links the run page as evidence", () => expect(runEvidenceUrl("rel1", "run1")).toBe("/releases/rel1/deploys/run1"));

  it.each([
    [{ phase: "RELEASE_DAY", stepName: null, state: "OPEN", tickedByRunId: null }, null],
    [{ phase: "RELEASE_DAY", stepName: "Run migrations", state: "OPEN", tickedByRunId: null }, "Runs with deploy step ‘Run migrations’"],
    [{ phase: "RELEASE_DAY", stepName: "Run migrations", state: "DONE", tickedByRunId: "r1" }, "Ticked by Deploy · step ‘Run migrations’"],
    [{ phase: "RELEASE_DAY", stepName: "Run migrations", state: "DONE", tickedByRunId: null }, "Runs with deploy step ‘Run migrations’"],
    [{ phase: "ROLLBACK", stepName: "Roll back Docker images", state: "DONE", tickedByRunId: "r2" }, "Ticked by Rollback · step ‘Roll back Docker images’"],
  ] as const)("labels %o as %j", (item, label) => expect(bindingLabel(item)).toBe(label));
});

describe("release day before monitoring ends", () => {
  const item = (phase: ChecklistPhase, state: ItemState, required = true) => ({ phase, state, required });
  it.each([
    [[item("RELEASE_DAY", "OPEN"), item("RELEASE_DAY", "OPEN")], 2],
    [[item("RELEASE_DAY", "DONE"), item("RELEASE_DAY", "NOT_APPLICABLE")], 0],
    [[item("RELEASE_DAY", "OPEN", false)], 0],
    [[item("POST_RELEASE", "OPEN"), item("ROLLBACK", "OPEN")], 0],
  ])("%o → %i open", (items, open) => expect(openReleaseDayItems(items)).toBe(open));

  it.each([
    ["PRE_RELEASE", true, false],
    ["PRE_RELEASE", false, true],
    ["RELEASE_DAY", true, true],
    ["POST_RELEASE", true, false],
    ["ROLLBACK", true, false],
    ["ROLLBACK", false, true],
  ] as const)("N/A for a %s item (required %s): %s", (phase, required, allowed) => expect(mayMarkNotApplicable({ phase, required })).toBe(allowed));
});

describe("who may approve an approval step", () => {
  const starter = { id: "starter", role: "RELEASE_MANAGER" as Role };
  const lead = { id: "lead", role: "ENGINEERING_LEAD" as Role };
  const manager = { id: "other-manager", role: "RELEASE_MANAGER" as Role };
  const admin = { id: "admin", role: "ADMIN" as Role };
  const viewer = { id: "viewer", role: "VIEWER" as Role };
  const run = { startedById: "starter" };
  const leadStep = { name: "Post-deployment verification", policy: approvalPolicyOf({ approverRoles: ["ENGINEERING_LEAD"] }) };
  const legacyStep = { name: "Check", policy: approvalPolicyOf({ instructions: "old pipeline" }) };
  const soloStep = { name: "Check", policy: approvalPolicyOf({ fourEyes: false }) };

  it.each([
    ["lead on a lead step", lead, leadStep, null],
    ["manager on a lead step", manager, leadStep, "Only an engineering lead can approve “Post-deployment verification”"],
    ["admin on a lead step", admin, leadStep, "Only an engineering lead can approve “Post-deployment verification”"],
    ["another manager on an old pipeline's step", manager, legacyStep, null],
    ["an admin on an old pipeline's step", admin, legacyStep, null],
    ["a lead on an old pipeline's step", lead, legacyStep, "Only a release manager or an admin can approve “Check”"],
    ["the run's starter (four-eyes by default)", starter, legacyStep, "You started this deploy, so someone else must approve it"],
    ["the run's starter where four-eyes is off", starter, soloStep, null],
    ["a viewer", viewer, legacyStep, "Only a release manager or an admin can approve “Check”"],
  ] as const)("%s", (_label, actor, step, refusal) => expect(approvalRefusal(actor, step, run)).toBe(refusal));

  it("reads defaults from a stored configuration, ignoring what it does not know", () => {
    expect(approvalPolicyOf(null)).toEqual({ approverRoles: ["RELEASE_MANAGER", "ADMIN"], fourEyes: true });
    expect(approvalPolicyOf({ approverRoles: ["VIEWER", "nonsense"], fourEyes: "yes" })).toEqual({ approverRoles: ["RELEASE_MANAGER", "ADMIN"], fourEyes: true });
    expect(describeApprovalPolicy(approvalPolicyOf({ approverRoles: ["ENGINEERING_LEAD"] }))).toBe("Approved by an engineering lead, not the person who started the run");
    expect(describeApprovalPolicy(approvalPolicyOf({ fourEyes: false }))).toBe("Approved by a release manager or an admin (the person who started the run may approve)");
  });
});

describe("what a sign-off attests", () => {
  const items: (ScopeItem & { state: ItemState })[] = [
    { id: "tests", phase: "PRE_RELEASE", required: true, title: "All tests passing", sectionTitle: "Code Preparation", state: "DONE" },
    { id: "lint", phase: "PRE_RELEASE", required: true, title: "Linting clean", sectionTitle: "Code Preparation", state: "DONE" },
    { id: "migrate", phase: "PRE_RELEASE", required: true, title: "Test migration locally", sectionTitle: "Database", state: "DONE" },
    { id: "create", phase: "PRE_RELEASE", required: false, title: "Create database migration if schema changes", sectionTitle: "Database", state: "DONE" },
    { id: "rollback", phase: "PRE_RELEASE", required: true, title: "Test rollback", sectionTitle: "Database", state: "OPEN" },
    { id: "health", phase: "RELEASE_DAY", required: true, title: "Health endpoints responding", sectionTitle: "Database", state: "DONE" },
  ];
  it.each([
    [[], ["tests", "lint", "migrate", "rollback"]],
    [["Database"], ["migrate", "rollback"]],
    [["database "], ["migrate", "rollback"]],
    [["Create database migration if schema changes"], ["create"]],
    [["Testing", "All tests passing"], ["tests"]],
    [["Nothing like this"], []],
  ])("scope %j attests %j", (scope, ids) => expect(attestedItems(scope, items).map((i) => i.id)).toEqual(ids));

  it("records the attested items done at signing", () => {
    expect(checklistStateAtSigning(["Database"], items)).toEqual(["migrate"]);
    expect(checklistStateAtSigning([], items)).toEqual(["tests", "lint", "migrate"]);
  });

  it.each([
    [["a", "b"], ["a", "b", "c"], true],
    [["a", "b"], ["a"], false],
    [[], [], true],
    ["not a list", ["a"], true],
  ])("recorded %j, done %j: restorable %s", (recorded, done, expected) => expect(isRestorable(recorded, new Set(done))).toBe(expected));

  it.each([
    [[], "every required pre-release item"],
    [["Database"], "“Database”"],
    [["Testing", "All tests passing", "Linting clean"], "“Testing”, “All tests passing” and “Linting clean”"],
  ])("describes %j as %s", (scope, text) => expect(describeScope(scope)).toBe(text));
});
