// The run and step state machines as tables (written out here independently of lib/deploys/rules.ts), what
// a run holds in each state, and what each state offers to each role.
import { describe, expect, it } from "vitest";
import { roles } from "@/lib/auth/permissions";
import {
  canMoveRun,
  canMoveStep,
  isRunActive,
  releaseStatusAfterRun,
  releaseStatusDuringRun,
  runHoldsLock,
  runOffers,
  runStatuses,
  stepStatuses,
  type RunFacts,
} from "@/lib/deploys/rules";
import type { RunStatus, StepStatus } from "@/lib/generated/prisma/enums";

const expectedRunMoves: [RunStatus, RunStatus][] = [
  ["QUEUED", "RUNNING"],
  ["QUEUED", "CANCELLED"],
  ["QUEUED", "FAILED"],
  ["RUNNING", "QUEUED"],
  ["RUNNING", "WAITING"],
  ["RUNNING", "NEEDS_DECISION"],
  ["RUNNING", "SUCCEEDED"],
  ["RUNNING", "FAILED"],
  ["RUNNING", "CANCELLING"],
  ["RUNNING", "CANCELLED"],
  ["WAITING", "QUEUED"],
  ["WAITING", "CANCELLED"],
  ["NEEDS_DECISION", "QUEUED"],
  ["NEEDS_DECISION", "CANCELLED"],
  ["CANCELLING", "CANCELLED"],
  ["FAILED", "QUEUED"],
  ["FAILED", "CANCELLED"],
];

const expectedStepMoves: [StepStatus, StepStatus][] = [
  ["PENDING", "RUNNING"],
  ["PENDING", "CANCELLED"],
  ["RUNNING", "SUCCEEDED"],
  ["RUNNING", "FAILED"],
  ["RUNNING", "CANCELLED"],
  ["RUNNING", "SKIPPED"],
  ["RUNNING", "WAITING"],
  ["RUNNING", "INTERRUPTED"],
  ["WAITING", "SUCCEEDED"],
  ["WAITING", "CANCELLED"],
  ["INTERRUPTED", "PENDING"],
  ["INTERRUPTED", "SKIPPED"],
  ["FAILED", "PENDING"],
  ["FAILED", "SKIPPED"],
];

/** Every (from, to) pair of `statuses` is a test: `canMove` allows it exactly when the `expected` moves list it. */
function itAllowsOnlyTheMoves<S extends string>(statuses: readonly S[], expected: [S, S][], canMove: (from: S, to: S) => boolean) {
  const allowed = new Set(expected.map(([from, to]) => `${from}→${to}`));
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));
  it.each(pairs)("%s → %s is allowed only if the table says so", (from, to) => {
    expect(canMove(from, to)).toBe(allowed.has(`${from}→${to}`));
  });
}

describe("the run state machine", () => {
  itAllowsOnlyTheMoves(runStatuses, expectedRunMoves, canMoveRun);

  it("holds the deploy lock only while active; every finished state gives it up", () => {
    expect(runStatuses.filter(runHoldsLock)).toEqual(["QUEUED", "RUNNING", "WAITING", "NEEDS_DECISION", "CANCELLING"]);
    for (const finished of ["SUCCEEDED", "FAILED", "CANCELLED"] as const) expect(runHoldsLock(finished)).toBe(false);
  });

  it("moves its release on when it ends, by kind", () => {
    expect(releaseStatusDuringRun("DEPLOY")).toBe("DEPLOYING");
    expect(releaseStatusDuringRun("ROLLBACK")).toBe("ROLLING_BACK");
    expect(releaseStatusAfterRun("DEPLOY", "SUCCEEDED")).toBe("MONITORING");
    expect(releaseStatusAfterRun("ROLLBACK", "SUCCEEDED")).toBe("ROLLED_BACK");
    for (const kind of ["DEPLOY", "ROLLBACK"] as const) {
      expect(releaseStatusAfterRun(kind, "FAILED")).toBe("FAILED");
      expect(releaseStatusAfterRun(kind, "CANCELLED")).toBe("FAILED");
      expect(releaseStatusAfterRun(kind, "WAITING")).toBeNull();
    }
  });
});

describe("the step state machine", () => {
  itAllowsOnlyTheMoves(stepStatuses, expectedStepMoves, canMoveStep);
});

describe("what a run offers", () => {
  const user = (role: (typeof roles)[number]) => ({ id: `u-${role}`, role });
  const intents = (run: RunFacts, role: (typeof roles)[number] = "RELEASE_MANAGER") => runOffers(run, user(role)).map((o) => o.intent);
  const deploy = (status: RunStatus, extra: Partial<RunFacts> = {}): RunFacts => ({
    status,
    kind: "DEPLOY",
    releaseStatus: status === "FAILED" ? "FAILED" : "DEPLOYING",
    latest: true,
    hasStuckStep: false,
    ...extra,
  });

  it.each([
    ["QUEUED", ["cancel"]],
    ["RUNNING", ["cancel"]],
    ["WAITING", ["cancel"]],
    ["CANCELLING", []],
    ["SUCCEEDED", []],
    ["CANCELLED", []],
  ] as const)("a %s deploy offers %j", (status, expected) => {
    expect(intents(deploy(status))).toEqual(expected);
  });

  it("offers retry, skip, give up (cancel) and rollback on the newest failed or interrupted deploy", () => {
    expect(intents(deploy("FAILED", { hasStuckStep: true }))).toEqual(["retry", "skip", "cancel", "rollback"]);
    expect(intents(deploy("NEEDS_DECISION", { hasStuckStep: true }))).toEqual(["retry", "skip", "cancel", "rollback"]);
    // A rollback run is not itself rolled back.
    expect(intents({ ...deploy("FAILED", { hasStuckStep: true }), kind: "ROLLBACK" })).toEqual(["retry", "skip", "cancel"]);
  });

  it("offers nothing on a failed run whose release was cancelled since (the server would refuse each)", () => {
    expect(intents(deploy("FAILED", { hasStuckStep: true, releaseStatus: "CANCELLED" }))).toEqual([]);
  });

  it("offers nothing on an older failed run: a newer run owns the release", () => {
    expect(intents(deploy("FAILED", { hasStuckStep: true, latest: false }))).toEqual([]);
  });

  it("refuses viewers and engineering leads with the permission table's reason, and never hides the intent", () => {
    for (const role of ["VIEWER", "ENGINEERING_LEAD"] as const) {
      const offers = runOffers(deploy("FAILED", { hasStuckStep: true }), user(role));
      expect(offers.map((o) => o.intent)).toEqual(["retry", "skip", "cancel", "rollback"]);
      expect(offers.every((o) => !o.allowed && o.reason.length > 0)).toBe(true);
    }
    expect(runOffers(deploy("RUNNING"), user("ADMIN")).every((o) => o.allowed)).toBe(true);
  });

  it("counts as active exactly the states that hold the lock", () => {
    for (const status of runStatuses) expect(isRunActive(status)).toBe(runHoldsLock(status));
  });
});
