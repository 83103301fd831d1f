import { describe, expect, it } from "vitest";
import { launchEnvSchema, parseEnv, webEnvSchema, workerEnvSchema } from "@/lib/env";

const base = { DATABASE_URL: "postgresql://app@db/preflight", NEXTAUTH_SECRET: "x".repeat(32) };

describe("the web server's environment", () => {
  it("starts with defaults when only the database and the session secret are set", () => {
    const parsed = parseEnv(webEnvSchema, base);
    expect(parsed).toMatchObject({ ok: true, env: { PREFLIGHT_SSE_MAX_PER_USER: 12, PREFLIGHT_DB_POOL_SIZE: 10, PORT: 3000, PREFLIGHT_SECRETS_KEY: null } });
  });

  it("names each wrong variable", () => {
    const parsed = parseEnv(webEnvSchema, {
      ...base,
      PREFLIGHT_SSE_MAX_PER_USER: "abc",
      PREFLIGHT_TRUSTED_PROXIES: "proxy.internal",
      PREFLIGHT_SECRETS_KEY: "too-short",
      NEXTAUTH_URL: "preflight.example.com",
      // The web server checks notification channels' addresses against it, like the worker.
      PREFLIGHT_OUTBOUND_ALLOW: "10.0.0.0/99",
    });
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.split(":")[0])).toEqual([
      "NEXTAUTH_URL",
      "PREFLIGHT_SECRETS_KEY",
      "PREFLIGHT_OUTBOUND_ALLOW",
      "PREFLIGHT_TRUSTED_PROXIES",
      "PREFLIGHT_SSE_MAX_PER_USER",
    ]);
    expect(parsed.ok ? [] : parsed.problems).toContain("PREFLIGHT_SSE_MAX_PER_USER: PREFLIGHT_SSE_MAX_PER_USER must be a whole number");
  });

  it("refuses a missing database and a short session secret", () => {
    const parsed = parseEnv(webEnvSchema, { NEXTAUTH_SECRET: "short" });
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      "DATABASE_URL: DATABASE_URL is not set (npm start sets it for the embedded database)",
      "NEXTAUTH_SECRET: NEXTAUTH_SECRET must be at least 32 characters",
    ]);
  });
});

describe("the worker's environment", () => {
  it("reads durations in seconds as milliseconds, and the output limits", () => {
    const parsed = parseEnv(workerEnvSchema, { DATABASE_URL: base.DATABASE_URL, PREFLIGHT_RUN_HEARTBEAT_SECONDS: "0.5", PREFLIGHT_STEP_LOG_MAX_LINES: "500", PREFLIGHT_ALLOW_SHELL: "false" });
    expect(parsed).toMatchObject({ ok: true, env: { PREFLIGHT_RUN_HEARTBEAT_SECONDS: 500, PREFLIGHT_DRAIN_SECONDS: 15_000, PREFLIGHT_STEP_LOG_MAX_LINES: 500, PREFLIGHT_LOG_LINE_MAX_BYTES: 8000, PREFLIGHT_ALLOW_SHELL: false } });
  });

  it("refuses malformed limits, flags and allow-lists, naming them", () => {
    const parsed = parseEnv(workerEnvSchema, {
      DATABASE_URL: base.DATABASE_URL,
      PREFLIGHT_STEP_LOG_MAX_BYTES: "lots",
      PREFLIGHT_ALLOW_SHELL: "no",
      PREFLIGHT_OUTBOUND_ALLOW: "example.com, 10.0.0.0/99",
      PREFLIGHT_WORKER_CONCURRENCY: "0",
    });
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      "PREFLIGHT_OUTBOUND_ALLOW: “10.0.0.0/99” is not a host name, an IP address or a CIDR",
      "PREFLIGHT_WORKER_CONCURRENCY: PREFLIGHT_WORKER_CONCURRENCY must be at least 1",
      "PREFLIGHT_ALLOW_SHELL: PREFLIGHT_ALLOW_SHELL is true or false",
      "PREFLIGHT_STEP_LOG_MAX_BYTES: PREFLIGHT_STEP_LOG_MAX_BYTES must be a whole number",
    ]);
  });
});

describe("the launcher's environment", () => {
  it("counts an empty DATABASE_URL as unset (the embedded database) and checks ports", () => {
    expect(parseEnv(launchEnvSchema, { DATABASE_URL: "" })).toMatchObject({ ok: true, env: { DATABASE_URL: undefined, PREFLIGHT_PG_PORT: 54329 } });
    const parsed = parseEnv(launchEnvSchema, { PORT: "80000", DATABASE_URL: "mysql://x" });
    expect(parsed.ok ? [] : parsed.problems).toEqual(["DATABASE_URL: DATABASE_URL must be a postgresql:// connection string", "PORT: PORT must be at most 65535"]);
  });
});
