import { describe, expect, it } from "vitest";
import { parseStepOutputs, reportedMigrations, STEP_OUTPUT_LIMITS } from "@/lib/deploys/step-outputs";

describe("a step's $PREFLIGHT_OUTPUT", () => {
  it("reads key=value lines, the last value of a key winning, and ignores the rest", () => {
    expect(parseStepOutputs("migrations=1\r\nnot a line\n=x\n9bad=1\nmigrations = 3 \nnote=a=b\n")).toEqual({ migrations: "3", note: "a=b" });
  });

  it("bounds how many keys and how long a value it keeps", () => {
    const many = Array.from({ length: 80 }, (_, i) => `k${i}=${"v".repeat(2_000)}`).join("\n");
    const outputs = parseStepOutputs(many);
    expect(Object.keys(outputs)).toHaveLength(STEP_OUTPUT_LIMITS.keys);
    expect(outputs.k0).toHaveLength(STEP_OUTPUT_LIMITS.valueChars);
  });

  it("reads a migration count only when it is one", () => {
    expect(reportedMigrations({ migrations: "0" })).toBe(0);
    expect(reportedMigrations({ migrations: "12" })).toBe(12);
    for (const outputs of [null, {}, { migrations: "some" }, { migrations: "-1" }, { migrations: 3 }, "migrations=1"]) expect(reportedMigrations(outputs)).toBeNull();
  });
});
