// The release lifecycle as a table: every (from, to) pair, every guard with its sentence, and what may be
// edited in which status. The expectations are written out here rather than derived from rules.ts, so a
// change to the rules has to be a deliberate change to this file too.
import { describe, expect, it } from "vitest";
import type { ChecklistPhase, ItemState, ReleaseStatus } from "@/lib/generated/prisma/enums";
import {
  breakGlassDueAt,
  checkBreakGlassDeploy,
  describeDelay,
  checkItemEditable,
  checkTransition,
  editablePhases,
  monitoringEndsAt,
  openRequiredItems,
  readinessBlockers,
  releaseStatuses,
  statusAfterItemChange,
  transitions,
  type ChecklistItemFacts,
  type ReleaseFacts,
  type SignoffFacts,
} from "@/lib/releases/rules";
import { SIGNOFF_OPEN_STATUSES, signoffWindowRefusal } from "@/lib/signoffs/rules";

const HOUR = 60 * 60 * 1000;
const NOW = new Date("2026-03-10T12:00:00Z");

const statuses: ReleaseStatus[] = ["DRAFT", "PREPARING", "READY", "DEPLOYING", "MONITORING", "RELEASED", "FAILED", "ROLLING_BACK", "ROLLED_BACK", "CANCELLED"];
const phases: ChecklistPhase[] = ["PRE_RELEASE", "RELEASE_DAY", "POST_RELEASE", "ROLLBACK"];
const itemStates: ItemState[] = ["OPEN", "DONE", "NOT_APPLICABLE"];

/** How each status reads in a sentence. */
const inSentence: Record<ReleaseStatus, string> = {
  DRAFT: "draft",
  PREPARING: "preparing",
  READY: "ready",
  DEPLOYING: "deploying",
  MONITORING: "monitoring",
  RELEASED: "released",
  FAILED: "failed",
  ROLLING_BACK: "rolling back",
  ROLLED_BACK: "rolled back",
  CANCELLED: "cancelled",
};

const phaseInSentence: Record<ChecklistPhase, string> = {
  PRE_RELEASE: "Pre-release",
  RELEASE_DAY: "Release day",
  POST_RELEASE: "Post-release",
  ROLLBACK: "Emergency rollback",
};

/** The lifecycle, written out independently of rules.ts. */
const expectedTransitions: Record<ReleaseStatus, ReleaseStatus[]> = {
  DRAFT: ["PREPARING", "CANCELLED"],
  PREPARING: ["READY", "CANCELLED"],
  READY: ["PREPARING", "DEPLOYING", "CANCELLED"],
  DEPLOYING: ["MONITORING", "FAILED", "ROLLING_BACK"],
  MONITORING: ["RELEASED", "ROLLING_BACK"],
  RELEASED: ["ROLLING_BACK"],
  FAILED: ["DEPLOYING", "ROLLING_BACK", "CANCELLED"],
  ROLLING_BACK: ["ROLLED_BACK", "FAILED"],
  ROLLED_BACK: [],
  CANCELLED: [],
};

const expectedEditable: Record<ReleaseStatus, ChecklistPhase[]> = {
  DRAFT: ["PRE_RELEASE"],
  PREPARING: ["PRE_RELEASE"],
  READY: ["PRE_RELEASE", "RELEASE_DAY"],
  DEPLOYING: ["RELEASE_DAY", "ROLLBACK"],
  MONITORING: ["RELEASE_DAY", "POST_RELEASE", "ROLLBACK"],
  RELEASED: ["POST_RELEASE", "ROLLBACK"],
  FAILED: ["RELEASE_DAY", "ROLLBACK"],
  ROLLING_BACK: ["ROLLBACK"],
  ROLLED_BACK: ["ROLLBACK"],
  CANCELLED: [],
};

const item = (phase: ChecklistPhase, state: ItemState = "OPEN", required = true): ChecklistItemFacts => ({ phase, state, required });
const items = (n: number, phase: ChecklistPhase, state: ItemState = "OPEN", required = true) => Array.from({ length: n }, () => item(phase, state, required));
const signoffs = (satisfied: number, missing = 0): SignoffFacts[] => [
  ...Array.from({ length: satisfied }, (_, i) => ({ title: `Signed ${i}`, satisfied: true })),
  ...Array.from({ length: missing }, (_, i) => ({ title: `Missing ${i}`, satisfied: false })),
];

/** A release that meets every guard: everything done, every sign-off in, monitoring long over. */
function settledFacts(status: ReleaseStatus, overrides: Partial<ReleaseFacts> = {}): ReleaseFacts {
  return {
    status,
    items: phases.flatMap((phase) => [item(phase, "DONE"), item(phase, "NOT_APPLICABLE", false)]),
    signoffs: signoffs(5),
    monitoringAt: new Date(NOW.getTime() - 48 * HOUR),
    monitoringWindowHours: 24,
    ...overrides,
  };
}

/** A release that meets no guard: everything open, every sign-off missing, monitoring just started. */
function blockedFacts(status: ReleaseStatus): ReleaseFacts {
  return {
    status,
    items: phases.flatMap((phase) => items(2, phase)),
    signoffs: signoffs(0, 5),
    monitoringAt: new Date(NOW.getTime() - HOUR),
    monitoringWindowHours: 24,
  };
}

describe("the transition table", () => {
  it("is the documented lifecycle", () => {
    expect(releaseStatuses).toEqual(statuses);
    expect(transitions).toEqual(expectedTransitions);
  });

  it("lists no transition from a status to itself, and nothing out of the terminal statuses but a rollback of a released one", () => {
    for (const from of statuses) expect(transitions[from]).not.toContain(from);
    expect(transitions.ROLLED_BACK).toEqual([]);
    expect(transitions.CANCELLED).toEqual([]);
  });

  describe.each(statuses)("from %s", (from) => {
    it.each(statuses)(`to %s is allowed or refused exactly per the table`, (to) => {
      const verdict = checkTransition(settledFacts(from), { to, reason: "Planned maintenance", now: NOW });
      if (expectedTransitions[from].includes(to)) {
        expect(verdict).toEqual({ allowed: true });
      } else {
        expect(verdict).toEqual({ allowed: false, reason: `A ${inSentence[from]} release cannot become ${inSentence[to]}`, blockers: [] });
      }
    });

    it.each(statuses.filter((to) => !expectedTransitions[from].includes(to)))("to %s is refused by the table before any guard", (to) => {
      // Even with every guard failing, the sentence is about the missing transition.
      const verdict = checkTransition(blockedFacts(from), { to, now: NOW });
      expect(verdict).toEqual({ allowed: false, reason: `A ${inSentence[from]} release cannot become ${inSentence[to]}`, blockers: [] });
    });
  });

  it("words a few refusals exactly", () => {
    expect(checkTransition(settledFacts("DRAFT"), { to: "RELEASED", now: NOW })).toMatchObject({ reason: "A draft release cannot become released" });
    expect(checkTransition(settledFacts("ROLLED_BACK"), { to: "DEPLOYING", now: NOW })).toMatchObject({ reason: "A rolled back release cannot become deploying" });
    expect(checkTransition(settledFacts("CANCELLED"), { to: "PREPARING", now: NOW })).toMatchObject({ reason: "A cancelled release cannot become preparing" });
    expect(checkTransition(settledFacts("MONITORING"), { to: "ROLLED_BACK", now: NOW })).toMatchObject({ reason: "A monitoring release cannot become rolled back" });
  });

  it.each([
    ["DRAFT", "PREPARING"],
    ["READY", "PREPARING"],
    ["DEPLOYING", "MONITORING"],
    ["DEPLOYING", "FAILED"],
    ["DEPLOYING", "ROLLING_BACK"],
    ["MONITORING", "ROLLING_BACK"],
    ["RELEASED", "ROLLING_BACK"],
    ["FAILED", "ROLLING_BACK"],
    ["ROLLING_BACK", "ROLLED_BACK"],
    ["ROLLING_BACK", "FAILED"],
  ] as const)("%s → %s has no guard", (from, to) => {
    expect(checkTransition(blockedFacts(from), { to, now: NOW })).toEqual({ allowed: true });
  });
});

describe("the readiness gate (READY, and DEPLOYING)", () => {
  const preparing = (facts: Partial<ReleaseFacts>) => settledFacts("PREPARING", facts);

  it("names open required pre-release items and missing sign-offs in one sentence", () => {
    const facts = preparing({ items: [...items(2, "PRE_RELEASE"), item("PRE_RELEASE", "DONE")], signoffs: signoffs(4, 1) });
    expect(checkTransition(facts, { to: "READY", now: NOW })).toEqual({
      allowed: false,
      reason: "2 required pre-release items and 1 sign-off remaining",
      blockers: ["2 required pre-release items", "1 sign-off"],
    });
  });

  it.each([
    [1, 0, "1 required pre-release item remaining"],
    [3, 0, "3 required pre-release items remaining"],
    [0, 1, "1 sign-off remaining"],
    [0, 5, "5 sign-offs remaining"],
    [1, 1, "1 required pre-release item and 1 sign-off remaining"],
    [17, 5, "17 required pre-release items and 5 sign-offs remaining"],
  ])("%i open items and %i missing sign-offs: “%s”", (open, missing, sentence) => {
    const facts = preparing({ items: [...items(open, "PRE_RELEASE"), item("PRE_RELEASE", "DONE")], signoffs: signoffs(5 - missing, missing) });
    const verdict = checkTransition(facts, { to: "READY", now: NOW });
    expect(verdict).toMatchObject({ allowed: false, reason: sentence });
    expect(readinessBlockers(facts)).toEqual(verdict.allowed ? [] : verdict.blockers);
  });

  it("counts items marked not applicable as settled", () => {
    const facts = preparing({ items: [item("PRE_RELEASE", "DONE"), item("PRE_RELEASE", "NOT_APPLICABLE"), item("PRE_RELEASE", "NOT_APPLICABLE", false)] });
    expect(checkTransition(facts, { to: "READY", now: NOW })).toEqual({ allowed: true });
  });

  it("is not blocked by open optional items", () => {
    const facts = preparing({ items: [item("PRE_RELEASE", "DONE"), ...items(4, "PRE_RELEASE", "OPEN", false)] });
    expect(checkTransition(facts, { to: "READY", now: NOW })).toEqual({ allowed: true });
  });

  it("is not blocked by open required items of the other phases", () => {
    const facts = preparing({ items: [item("PRE_RELEASE", "DONE"), ...items(2, "RELEASE_DAY"), ...items(2, "POST_RELEASE"), ...items(2, "ROLLBACK")] });
    expect(checkTransition(facts, { to: "READY", now: NOW })).toEqual({ allowed: true });
  });

  it("has no sign-off blocker when the template asks for none, and nothing to block an empty checklist", () => {
    expect(checkTransition(preparing({ items: [], signoffs: [] }), { to: "READY", now: NOW })).toEqual({ allowed: true });
  });

  it("does not let a reason override it", () => {
    const facts = preparing({ items: items(1, "PRE_RELEASE") });
    expect(checkTransition(facts, { to: "READY", reason: "Trust me", now: NOW })).toMatchObject({ allowed: false, reason: "1 required pre-release item remaining" });
  });

  it.each(["READY", "FAILED"] as const)("applies to DEPLOYING from %s with the same sentence", (from) => {
    const blocked = settledFacts(from, { items: [...items(2, "PRE_RELEASE"), item("PRE_RELEASE", "DONE")], signoffs: signoffs(4, 1) });
    expect(checkTransition(blocked, { to: "DEPLOYING", now: NOW })).toEqual({
      allowed: false,
      reason: "2 required pre-release items and 1 sign-off remaining",
      blockers: ["2 required pre-release items", "1 sign-off"],
    });
    expect(checkTransition(settledFacts(from), { to: "DEPLOYING", now: NOW })).toEqual({ allowed: true });
  });
});

describe("RELEASED (closing monitoring)", () => {
  const monitoring = (facts: Partial<ReleaseFacts>) => settledFacts("MONITORING", facts);
  const startedHoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

  it("is allowed once required post-release items are settled and the window has passed", () => {
    expect(checkTransition(monitoring({ monitoringAt: startedHoursAgo(25) }), { to: "RELEASED", now: NOW })).toEqual({ allowed: true });
  });

  it("needs the required post-release items, whatever the reason", () => {
    const facts = monitoring({ items: [...items(2, "POST_RELEASE"), item("POST_RELEASE", "DONE")], monitoringAt: startedHoursAgo(25) });
    expect(checkTransition(facts, { to: "RELEASED", now: NOW })).toEqual({
      allowed: false,
      reason: "2 required post-release items remaining",
      blockers: ["2 required post-release items"],
    });
    expect(checkTransition(facts, { to: "RELEASED", reason: "Closing early", now: NOW })).toMatchObject({ allowed: false, reason: "2 required post-release items remaining" });
    expect(checkTransition(monitoring({ items: items(1, "POST_RELEASE"), monitoringAt: startedHoursAgo(25) }), { to: "RELEASED", now: NOW })).toMatchObject({
      reason: "1 required post-release item remaining",
    });
  });

  it("settles post-release items by N/A, and is not blocked by optional, pre-release or rollback open items", () => {
    const facts = monitoring({
      items: [
        item("POST_RELEASE", "NOT_APPLICABLE"),
        item("POST_RELEASE", "OPEN", false),
        ...items(2, "RELEASE_DAY", "DONE"),
        item("RELEASE_DAY", "NOT_APPLICABLE"),
        item("RELEASE_DAY", "OPEN", false),
        ...items(3, "PRE_RELEASE"),
        ...items(3, "ROLLBACK"),
      ],
      monitoringAt: startedHoursAgo(25),
    });
    expect(checkTransition(facts, { to: "RELEASED", now: NOW })).toEqual({ allowed: true });
  });

  it("needs release day settled: required release-day items ticked (by the deploy or a person) or N/A", () => {
    const facts = monitoring({ items: [...items(3, "RELEASE_DAY"), ...items(2, "RELEASE_DAY", "DONE")], monitoringAt: startedHoursAgo(25) });
    expect(checkTransition(facts, { to: "RELEASED", now: NOW })).toEqual({
      allowed: false,
      reason: "3 required release-day items remaining",
      blockers: ["3 required release-day items"],
    });
    // A reason closes the window early, never release day.
    expect(checkTransition(facts, { to: "RELEASED", reason: "Quiet", now: NOW })).toMatchObject({ allowed: false, reason: "3 required release-day items remaining" });
  });

  it("needs a reason while the monitoring window is open", () => {
    const facts = monitoring({ monitoringAt: startedHoursAgo(1) });
    const refused = {
      allowed: false,
      reason: "the monitoring window (give a reason to close it early) remaining",
      blockers: ["the monitoring window (give a reason to close it early)"],
    };
    expect(checkTransition(facts, { to: "RELEASED", now: NOW })).toEqual(refused);
    expect(checkTransition(facts, { to: "RELEASED", reason: "", now: NOW })).toEqual(refused);
    expect(checkTransition(facts, { to: "RELEASED", reason: "   ", now: NOW })).toEqual(refused);
    expect(checkTransition(facts, { to: "RELEASED", reason: "Error rates flat for 6 hours", now: NOW })).toEqual({ allowed: true });
  });

  it("names both blockers together", () => {
    const facts = monitoring({ items: items(1, "POST_RELEASE"), monitoringAt: startedHoursAgo(1) });
    expect(checkTransition(facts, { to: "RELEASED", now: NOW })).toEqual({
      allowed: false,
      reason: "1 required post-release item and the monitoring window (give a reason to close it early) remaining",
      blockers: ["1 required post-release item", "the monitoring window (give a reason to close it early)"],
    });
  });

  it("uses the release's window length, 24 hours when unset, and ends the window exactly at its end", () => {
    const twoHours = monitoring({ monitoringAt: startedHoursAgo(2), monitoringWindowHours: 2 });
    expect(checkTransition(twoHours, { to: "RELEASED", now: NOW })).toEqual({ allowed: true });
    expect(checkTransition(twoHours, { to: "RELEASED", now: new Date(NOW.getTime() - 1) })).toMatchObject({ allowed: false });

    const defaultWindow = monitoring({ monitoringAt: startedHoursAgo(23), monitoringWindowHours: undefined });
    expect(checkTransition(defaultWindow, { to: "RELEASED", now: NOW })).toMatchObject({ allowed: false });
    expect(checkTransition(defaultWindow, { to: "RELEASED", now: new Date(NOW.getTime() + HOUR) })).toEqual({ allowed: true });
  });

  it("has no window to wait for when monitoring never started", () => {
    expect(checkTransition(monitoring({ monitoringAt: null }), { to: "RELEASED", now: NOW })).toEqual({ allowed: true });
    expect(checkTransition(monitoring({ monitoringAt: undefined }), { to: "RELEASED", now: NOW })).toEqual({ allowed: true });
  });
});

describe("CANCELLED", () => {
  it.each(["DRAFT", "PREPARING", "READY", "FAILED"] as const)("from %s needs a reason, and nothing else", (from) => {
    const refused = { allowed: false, reason: "Say why the release is cancelled", blockers: [] };
    expect(checkTransition(blockedFacts(from), { to: "CANCELLED", now: NOW })).toEqual(refused);
    expect(checkTransition(blockedFacts(from), { to: "CANCELLED", reason: "", now: NOW })).toEqual(refused);
    expect(checkTransition(blockedFacts(from), { to: "CANCELLED", reason: " \n\t ", now: NOW })).toEqual(refused);
    expect(checkTransition(blockedFacts(from), { to: "CANCELLED", reason: "Superseded by 0.6.1", now: NOW })).toEqual({ allowed: true });
  });
});

describe("openRequiredItems and readinessBlockers", () => {
  it("counts only open required items of the phase", () => {
    const list = [item("PRE_RELEASE"), item("PRE_RELEASE", "DONE"), item("PRE_RELEASE", "NOT_APPLICABLE"), item("PRE_RELEASE", "OPEN", false), item("RELEASE_DAY")];
    expect(openRequiredItems(list, "PRE_RELEASE")).toBe(1);
    expect(openRequiredItems(list, "RELEASE_DAY")).toBe(1);
    expect(openRequiredItems(list, "POST_RELEASE")).toBe(0);
  });

  it("is empty when nothing blocks", () => {
    expect(readinessBlockers(settledFacts("PREPARING"))).toEqual([]);
  });
});

describe("monitoringEndsAt", () => {
  it("is null before monitoring starts", () => {
    expect(monitoringEndsAt({ monitoringAt: null, monitoringWindowHours: 24 })).toBeNull();
    expect(monitoringEndsAt({})).toBeNull();
  });

  it("is the start plus the window, 24 hours by default", () => {
    const start = new Date("2026-03-10T08:30:00Z");
    expect(monitoringEndsAt({ monitoringAt: start, monitoringWindowHours: 24 })).toEqual(new Date("2026-03-11T08:30:00Z"));
    expect(monitoringEndsAt({ monitoringAt: start })).toEqual(new Date("2026-03-11T08:30:00Z"));
    expect(monitoringEndsAt({ monitoringAt: start, monitoringWindowHours: 1 })).toEqual(new Date("2026-03-10T09:30:00Z"));
    expect(monitoringEndsAt({ monitoringAt: start, monitoringWindowHours: 72 })).toEqual(new Date("2026-03-13T08:30:00Z"));
    expect(monitoringEndsAt({ monitoringAt: start, monitoringWindowHours: 0 })).toEqual(start);
  });
});

describe("checkItemEditable", () => {
  it("is the documented table", () => {
    expect(editablePhases).toEqual(expectedEditable);
  });

  const cases = statuses.flatMap((status) => phases.map((phase) => [status, phase] as const));
  it.each(cases)("%s × %s", (status, phase) => {
    const verdict = checkItemEditable(status, phase);
    if (expectedEditable[status].includes(phase)) {
      expect(verdict).toEqual({ allowed: true });
    } else if (status === "CANCELLED") {
      expect(verdict).toEqual({ allowed: false, reason: "This release is cancelled: its checklist is closed", blockers: [] });
    } else {
      expect(verdict).toEqual({ allowed: false, reason: `${phaseInSentence[phase]} items cannot be changed while the release is ${inSentence[status]}`, blockers: [] });
    }
  });

  it("words a few refusals exactly", () => {
    expect(checkItemEditable("PREPARING", "POST_RELEASE")).toMatchObject({ reason: "Post-release items cannot be changed while the release is preparing" });
    expect(checkItemEditable("DEPLOYING", "PRE_RELEASE")).toMatchObject({ reason: "Pre-release items cannot be changed while the release is deploying" });
    expect(checkItemEditable("ROLLED_BACK", "RELEASE_DAY")).toMatchObject({ reason: "Release day items cannot be changed while the release is rolled back" });
    expect(checkItemEditable("DRAFT", "ROLLBACK")).toMatchObject({ reason: "Emergency rollback items cannot be changed while the release is draft" });
  });
});

describe("statusAfterItemChange", () => {
  it("sends a READY release back to PREPARING when a required pre-release item is unticked", () => {
    expect(statusAfterItemChange("READY", item("PRE_RELEASE", "DONE"), "OPEN")).toBe("PREPARING");
  });

  const cases = statuses.flatMap((status) =>
    phases.flatMap((phase) => [true, false].flatMap((required) => itemStates.flatMap((from) => itemStates.map((to) => [status, phase, required, from, to] as const)))),
  );
  it("leaves the status alone in every other case", () => {
    let changed = 0;
    for (const [status, phase, required, from, to] of cases) {
      const next = statusAfterItemChange(status, item(phase, from, required), to);
      if (status === "READY" && phase === "PRE_RELEASE" && required && to === "OPEN") {
        expect(next, `${status} ${phase} required ${from}→${to}`).toBe("PREPARING");
        changed += 1;
      } else {
        expect(next, `${status} ${phase} ${required ? "required" : "optional"} ${from}→${to}`).toBe(status);
      }
    }
    expect(changed).toBe(itemStates.length);
    expect(cases).toHaveLength(statuses.length * phases.length * 2 * 9);
  });

  it.each([
    ["PREPARING", "PRE_RELEASE", true, "OPEN"],
    ["READY", "PRE_RELEASE", false, "OPEN"],
    ["READY", "RELEASE_DAY", true, "OPEN"],
    ["READY", "PRE_RELEASE", true, "DONE"],
    ["READY", "PRE_RELEASE", true, "NOT_APPLICABLE"],
    ["DEPLOYING", "RELEASE_DAY", true, "OPEN"],
  ] as const)("%s, %s item (required: %s) → %s: unchanged", (status, phase, required, next) => {
    expect(statusAfterItemChange(status, item(phase, "DONE", required), next)).toBe(status);
  });
});

describe("sign-off window (lib/signoffs/rules.ts)", () => {
  it("is open while the release is being prepared", () => {
    expect(SIGNOFF_OPEN_STATUSES).toEqual(["DRAFT", "PREPARING", "READY"]);
  });

  it.each(statuses)("%s", (status) => {
    if (["DRAFT", "PREPARING", "READY"].includes(status)) {
      expect(signoffWindowRefusal(status, "sign")).toBeNull();
      expect(signoffWindowRefusal(status, "revoke")).toBeNull();
    } else {
      expect(signoffWindowRefusal(status, "sign")).toBe(`Sign-offs are closed: the release is ${inSentence[status]}.`);
      if (status === "CANCELLED") {
        // A release cancelled while preparing never deployed: the sentence must not say it did.
        expect(signoffWindowRefusal(status, "revoke")).toBe("A sign-off cannot be revoked: the release is cancelled.");
      } else {
        expect(signoffWindowRefusal(status, "revoke")).toBe(`A sign-off cannot be revoked once the release has started deploying (it is ${inSentence[status]}).`);
      }
    }
  });
});

describe("the break-glass gate", () => {
  it("bypasses only missing sign-offs, from preparing, ready or failed", () => {
    for (const status of ["PREPARING", "READY", "FAILED"] as const) {
      expect(checkBreakGlassDeploy(settledFacts(status, { signoffs: signoffs(1, 2) }))).toEqual({ allowed: true, missing: ["Missing 0", "Missing 1"] });
    }
  });

  it("refuses other statuses, open required pre-release items, and a release with nothing to bypass", () => {
    for (const status of statuses.filter((s) => !["PREPARING", "READY", "FAILED"].includes(s))) {
      expect(checkBreakGlassDeploy(settledFacts(status, { signoffs: signoffs(0, 1) }))).toEqual({ allowed: false, reason: `A ${inSentence[status]} release cannot be deployed` });
    }
    const open = settledFacts("PREPARING", { signoffs: signoffs(0, 1), items: [item("PRE_RELEASE"), item("PRE_RELEASE", "OPEN", false)] });
    expect(checkBreakGlassDeploy(open)).toEqual({ allowed: false, reason: "1 required pre-release item remaining: a break-glass deploy bypasses only missing sign-offs" });
    expect(checkBreakGlassDeploy(settledFacts("READY"))).toEqual({ allowed: false, reason: "Every sign-off is in: start an ordinary deploy instead" });
  });

  it("makes the sign-offs due a set time after the deploy, and says how long after it something came", () => {
    expect(breakGlassDueAt(NOW, 24)).toEqual(new Date(NOW.getTime() + 24 * HOUR));
    expect(describeDelay(0, 40 * 60_000)).toBe("40 min later");
    expect(describeDelay(0, 3 * HOUR + 10 * 60_000)).toBe("3 h later");
    expect(describeDelay(0, 50 * HOUR)).toBe("2 days later");
  });

  it("keeps sign-offs owed after a break-glass deploy open once the release deployed, but not after a cancel", () => {
    expect(signoffWindowRefusal("MONITORING", "sign", { dueAfterDeploy: true })).toBeNull();
    expect(signoffWindowRefusal("RELEASED", "sign", { dueAfterDeploy: true })).toBeNull();
    expect(signoffWindowRefusal("CANCELLED", "sign", { dueAfterDeploy: true })).toBe("Sign-offs are closed: the release is cancelled.");
    expect(signoffWindowRefusal("MONITORING", "revoke", { dueAfterDeploy: true })).toMatch(/cannot be revoked/);
  });
});
