// Wording of the deploy UI (durations, countdowns, clock times) and the read-only pipeline summary,
// which must never show a secret environment value.
import { describe, expect, it } from "vitest";
import { elapsedMs, formatClock, formatDuration, formatElapsed, formatRemaining } from "@/lib/deploys/format";
import { summarisePipelineSteps } from "@/lib/deploys/pipeline-summary";
import { demoDeploySteps } from "@/lib/seed/demo-pipelines";

const MIN = 60_000;
const HOUR = 60 * MIN;

describe("deploy wording", () => {
  it("formats step durations at every scale", () => {
    expect(formatDuration(40)).toBe("< 0.1 s");
    expect(formatDuration(1234)).toBe("1.2 s");
    expect(formatDuration(12_900)).toBe("12 s");
    expect(formatDuration(3 * MIN + 5_000)).toBe("3 min 5 s");
    expect(formatDuration(4 * MIN)).toBe("4 min");
    expect(formatDuration(2 * HOUR + 5 * MIN)).toBe("2 h 5 min");
  });

  it("counts down the monitoring window", () => {
    expect(formatRemaining(23 * HOUR + 12 * MIN + 30_000)).toBe("23 h 12 min left");
    expect(formatRemaining(5 * MIN)).toBe("5 min left");
    expect(formatRemaining(30_000)).toBe("less than a minute left");
  });

  it("says how long a worker has been silent", () => {
    expect(formatElapsed(2 * MIN + 10_000)).toBe("2 min");
    expect(formatElapsed(20_000)).toBe("20 s");
    expect(formatElapsed(3 * HOUR)).toBe("3 h");
  });

  it("shows clock times in UTC, with the day only when it is not today", () => {
    const at = "2026-11-25T09:14:03Z";
    expect(formatClock(at, null)).toBe("09:14 UTC");
    expect(formatClock(at, Date.parse("2026-11-25T23:00:00Z"))).toBe("09:14 UTC");
    expect(formatClock(at, Date.parse("2026-11-26T08:00:00Z"))).toBe("25 Nov, 09:14 UTC");
  });

  it("measures a running step up to now and a finished one up to its end", () => {
    expect(elapsedMs(null, null, 5)).toBeNull();
    expect(elapsedMs("2026-11-25T09:00:00Z", null, Date.parse("2026-11-25T09:00:02Z"))).toBe(2000);
    expect(elapsedMs("2026-11-25T09:00:00Z", "2026-11-25T09:00:01.5Z", null)).toBe(1500);
    expect(elapsedMs("2026-11-25T09:00:00Z", null, null)).toBeNull();
  });
});

describe("the read-only pipeline summary", () => {
  it("describes each demo step and marks the one that is not safe to re-run", () => {
    const summary = summarisePipelineSteps(demoDeploySteps);
    expect(summary.map((s) => s.name)).toEqual(demoDeploySteps.map((s) => s.name));
    expect(summary.filter((s) => !s.idempotent).map((s) => s.name)).toEqual(["Run migrations"]);
    expect(summary[4]?.details).toEqual(["GET ${PREFLIGHT_URL}/api/health", 'Expects 200 with status = "ok", 5 retries']);
  });

  it("never shows a secret environment value", () => {
    const summary = summarisePipelineSteps([
      { kind: "SHELL", name: "Deploy", config: { command: "deploy.sh", env: [{ name: "TOKEN", value: "s3cr3t-value", secret: true }, { name: "REGION", value: "eu-1" }] } },
    ]);
    const text = JSON.stringify(summary);
    expect(text).not.toContain("s3cr3t-value");
    expect(summary[0]?.details).toContain("Environment: TOKEN=***, REGION=eu-1");
  });

  it("never shows a token in a URL's query or userinfo, and shows project secrets by name only", () => {
    const summary = summarisePipelineSteps([
      { kind: "HTTP", name: "Ping", config: { url: "https://deploy:hunter2@ci.example.com/hook?token=abc123&v=${VERSION}#key=xyz789" } },
      { kind: "NOTIFY", name: "Tell", config: { url: "${secret:SLACK_HOOK}", message: "Deployed" } },
      { kind: "FLAG", name: "Flag", config: { flagKey: "f", enabled: true, applyUrl: "https://flags.example.com/apply?api_key=k3y" } },
    ]);
    const text = JSON.stringify(summary);
    for (const leaked of ["hunter2", "abc123", "xyz789", "k3y"]) expect(text).not.toContain(leaked);
    expect(summary[0]?.details[0]).toBe("GET https://***@ci.example.com/hook?token=***&v=${VERSION}#key=***");
    expect(summary[1]?.details).toEqual(["Posts “Deployed” to ${secret:SLACK_HOOK}"]);
    expect(summary[2]?.details).toContain("POST https://flags.example.com/apply?api_key=***");
  });

  it("lists an invalid stored pipeline by name, flagged", () => {
    expect(summarisePipelineSteps([{ name: "Broken", kind: "DANCE" }])).toEqual([
      { name: "Broken", kind: null, idempotent: false, details: ["This step is not valid any more: an admin must fix the pipeline."] },
    ]);
  });
});
