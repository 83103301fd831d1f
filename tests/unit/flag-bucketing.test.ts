// Sticky bucketing and OFREP's evaluation of a boolean flag (lib/flags/bucketing.ts, lib/flags/evaluate.ts).
import { describe, expect, it } from "vitest";
import { BUCKETS, bucketOf, inRollout } from "@/lib/flags/bucketing";
import { evaluateFlag } from "@/lib/flags/evaluate";
import { changePercentOf, describeRollout, rolloutColumns, rolloutOf } from "@/lib/flags/rollout";

const KEYS = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

describe("bucketing", () => {
  it("puts a targeting key in the same bucket every time, in 0..9999", () => {
    expect(bucketOf("new-checkout", "user-42")).toBe(bucketOf("new-checkout", "user-42"));
    for (const key of KEYS.slice(0, 1000)) {
      const bucket = bucketOf("new-checkout", key);
      expect(Number.isInteger(bucket) && bucket >= 0 && bucket < BUCKETS).toBe(true);
    }
  });

  it("is a fixed function of the two keys (the same in every process and release of Preflight)", () => {
    // Pinned: changing the hash would move users in and out of every running rollout.
    expect([bucketOf("new-checkout", "user-1"), bucketOf("new-checkout", "user-2"), bucketOf("other", "user-1")]).toEqual([9561, 4262, 3463]);
  });

  it("keeps every key that is in at 10 % in at 50 % (sticky as the rollout grows)", () => {
    const at10 = KEYS.filter((key) => inRollout(bucketOf("new-checkout", key), 10));
    const at50 = new Set(KEYS.filter((key) => inRollout(bucketOf("new-checkout", key), 50)));
    expect(at10.length).toBeGreaterThan(0);
    expect(at10.filter((key) => !at50.has(key))).toEqual([]);
  });

  it.each([1, 10, 25, 50, 90])("turns %i %% of 10,000 keys on, within ±3 %%", (percent) => {
    const on = KEYS.filter((key) => inRollout(bucketOf("new-checkout", key), percent)).length / KEYS.length;
    expect(Math.abs(on - percent / 100)).toBeLessThanOrEqual(0.03);
  });

  it("gives different flags different buckets for the same user (rollouts are independent)", () => {
    const same = KEYS.slice(0, 1000).filter((key) => bucketOf("a", key) === bucketOf("b", key)).length;
    expect(same).toBeLessThan(10);
  });

  it("has nobody in at 0 % and everybody in at 100 %", () => {
    expect(inRollout(0, 0)).toBe(false);
    expect(inRollout(BUCKETS - 1, 100)).toBe(true);
  });
});

describe("evaluating a boolean flag", () => {
  const flag = (enabled: boolean, rolloutPercent: number) => ({ key: "new-checkout", enabled, rolloutPercent });

  it("answers false, DISABLED, for a flag that is off, whatever its stored percentage", () => {
    expect(evaluateFlag(flag(false, 100), "u1")).toEqual({ ok: true, key: "new-checkout", value: false, variant: "off", reason: "DISABLED", metadata: { rolloutPercent: 0 } });
    expect(evaluateFlag(flag(false, 0), null)).toMatchObject({ ok: true, value: false, reason: "DISABLED" });
  });

  it("answers true, STATIC, at 100 %, without a targeting key", () => {
    expect(evaluateFlag(flag(true, 100), null)).toEqual({ ok: true, key: "new-checkout", value: true, variant: "on", reason: "STATIC", metadata: { rolloutPercent: 100 } });
  });

  it("splits by bucket between 0 and 100 %, and needs a targeting key there", () => {
    const answers = KEYS.slice(0, 2000).map((key) => evaluateFlag(flag(true, 30), key));
    expect(answers.every((a) => a.ok && a.reason === "SPLIT")).toBe(true);
    const on = answers.filter((a) => a.ok && a.value).length / answers.length;
    expect(Math.abs(on - 0.3)).toBeLessThanOrEqual(0.03);
    expect(evaluateFlag(flag(true, 30), null)).toMatchObject({ ok: false, errorCode: "TARGETING_KEY_MISSING" });
    expect(evaluateFlag(flag(true, 30), "")).toMatchObject({ ok: false, errorCode: "TARGETING_KEY_MISSING" });
  });
});

describe("a flag's rollout columns", () => {
  it("keeps on = 100 % and off = 0 % (rows from before percentages read the same)", () => {
    expect(rolloutOf({ enabled: true, rolloutPercent: 100 })).toBe(100);
    expect(rolloutOf({ enabled: false, rolloutPercent: 100 })).toBe(0);
    expect(rolloutOf({ enabled: true, rolloutPercent: 0 })).toBe(1);
    expect(rolloutColumns(0)).toEqual({ enabled: false, rolloutPercent: 0 });
    expect(rolloutColumns(25)).toEqual({ enabled: true, rolloutPercent: 25 });
    expect(changePercentOf({ enabled: true, rolloutPercent: null })).toBe(100);
    expect(changePercentOf({ enabled: false, rolloutPercent: null })).toBe(0);
    expect(changePercentOf({ enabled: true, rolloutPercent: 25 })).toBe(25);
    expect([0, 25, 100].map(describeRollout)).toEqual(["Off", "25 %", "On"]);
  });
});
