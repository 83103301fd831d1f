// The environment, read and validated here and nowhere else. Each process validates its schema once at
// start (scripts/start.ts checks all of them before anything runs, the web server in instrumentation.ts,
// the worker in lib/worker/main.ts): a missing or malformed variable stops it with a message naming the
// variable, instead of failing later in some unrelated place. Server code only: client code needs no env.
// One exception: lib/log.ts reads its level and format itself, because it must work before this validation
// to report what is wrong.
import { z } from "zod";
import { outboundPolicy } from "@/lib/deploys/outbound-guard";
import { DEFAULT_OUTPUT_LIMITS } from "@/lib/deploys/output-limits";
import { parseTrustedProxies, type TrustedProxies } from "@/lib/http/trusted-proxies";
import { metricsConfigFromEnv, type MetricsListenerConfig } from "@/lib/metrics/listener";
import { parseSecretsKey } from "@/lib/secrets/crypto";

/** An empty variable counts as unset (`DATABASE_URL=` forces the embedded database, for example). */
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);
const optional = z.preprocess(unsetIfEmpty, z.string().trim().min(1).optional());

function wholeNumber(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: `${name} must be a whole number` })
      .int(`${name} must be a whole number`)
      .min(min, `${name} must be at least ${min}`)
      .max(max, `${name} must be at most ${max}`)
      .default(fallback),
  );
}

/** A duration written in seconds, read as milliseconds. */
function seconds(name: string, fallback: number) {
  return z.preprocess(unsetIfEmpty, z.coerce.number({ error: `${name} must be a number of seconds` }).positive(`${name} must be more than 0`).default(fallback)).transform((s) => s * 1000);
}

function trueOrFalse(name: string, fallback: boolean) {
  return z.preprocess(unsetIfEmpty, z.enum(["true", "false"], { error: `${name} is true or false` }).optional()).transform((v) => (v === undefined ? fallback : v === "true"));
}

const port = (name: string, fallback: number) => wholeNumber(name, fallback, 1, 65_535);

const databaseUrl = z
  .string({ error: "DATABASE_URL is not set (npm start sets it for the embedded database)" })
  .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// connection string");

const publicUrl = z.preprocess(unsetIfEmpty, z.url("NEXTAUTH_URL must be a URL such as https://preflight.example.com").optional());

// What both the web server and the worker read (lib/db.ts, the queue, the event bus, project secrets).
const commonShape = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: databaseUrl,
  PREFLIGHT_DB_POOL_SIZE: wholeNumber("PREFLIGHT_DB_POOL_SIZE", 10, 1, 100),
  NEXTAUTH_URL: publicUrl,
  PORT: port("PORT", 3000),
  // 32 bytes as hex or base64; unset is allowed until a project has a secret (lib/secrets/store.ts).
  PREFLIGHT_SECRETS_KEY: z.preprocess(unsetIfEmpty, z.string().optional()).transform((raw, ctx) => {
    if (raw === undefined) return null;
    try {
      return parseSecretsKey(raw);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  }),
  // How long the sign-offs missing at a break-glass deploy stay due before they are overdue (1 h to 30 days).
  PREFLIGHT_BREAK_GLASS_SIGNOFF_HOURS: wholeNumber("PREFLIGHT_BREAK_GLASS_SIGNOFF_HOURS", 24, 1, 720),
  // Where deploy steps and notifications may send requests (lib/deploys/outbound-guard.ts).
  PREFLIGHT_OUTBOUND_ALLOW: z
    .preprocess((v) => v ?? "", z.string())
    .superRefine((raw, ctx) => {
      try {
        outboundPolicy(undefined, raw);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error instanceof Error ? error.message : String(error)).replace(/^PREFLIGHT_OUTBOUND_ALLOW: /, "") });
      }
    }),
};

const authShape = {
  NEXTAUTH_SECRET: z.string({ error: "NEXTAUTH_SECRET is not set" }).min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  GITHUB_ID: optional,
  GITHUB_SECRET: optional,
  OIDC_ISSUER: z.preprocess(unsetIfEmpty, z.url("OIDC_ISSUER must be a URL such as https://login.example.com/realms/main").optional()),
  OIDC_CLIENT_ID: optional,
  OIDC_CLIENT_SECRET: optional,
  OIDC_NAME: optional,
  // Opting out of the verified-email rule for a provider (see docs/SECURITY.md for the risk).
  GITHUB_ALLOW_UNVERIFIED_EMAIL: trueOrFalse("GITHUB_ALLOW_UNVERIFIED_EMAIL", false),
  OIDC_ALLOW_UNVERIFIED_EMAIL: trueOrFalse("OIDC_ALLOW_UNVERIFIED_EMAIL", false),
};

type AuthFields = { GITHUB_ID?: string; GITHUB_SECRET?: string; OIDC_ISSUER?: string; OIDC_CLIENT_ID?: string; OIDC_CLIENT_SECRET?: string };

/** A half-configured sign-in provider is refused at start with the missing variable named. */
function checkProviders(env: AuthFields, ctx: z.RefinementCtx) {
  if (!!env.GITHUB_ID !== !!env.GITHUB_SECRET) {
    ctx.addIssue({ code: "custom", path: [env.GITHUB_ID ? "GITHUB_SECRET" : "GITHUB_ID"], message: "GitHub sign-in needs both GITHUB_ID and GITHUB_SECRET" });
  }
  const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    const missing = (["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const).filter((k) => !env[k]);
    ctx.addIssue({ code: "custom", path: [missing[0]!], message: `OIDC sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (missing: ${missing.join(", ")})` });
  }
}

const trustedProxies = z.preprocess(unsetIfEmpty, z.string().optional()).transform((raw, ctx): TrustedProxies => {
  const parsed = parseTrustedProxies(raw);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.problem.replace(/^PREFLIGHT_TRUSTED_PROXIES: /, "") });
  return z.NEVER;
});

/** The sign-in settings alone (tests check them without a database). */
export const authEnvSchema = z.object(authShape).superRefine(checkProviders);

/** The web server (Next.js): pages, actions, route handlers, proxy.ts. */
export const webEnvSchema = z
  .object({
    ...commonShape,
    ...authShape,
    HOST: z.preprocess(unsetIfEmpty, z.string().default("127.0.0.1")),
    PREFLIGHT_TRUSTED_PROXIES: trustedProxies,
    PREFLIGHT_SSE_MAX_PER_USER: wholeNumber("PREFLIGHT_SSE_MAX_PER_USER", 12, 1, 1000),
    // Requests per minute per API token (lib/api/rate-limit.ts).
    PREFLIGHT_API_RATE_LIMIT: wholeNumber("PREFLIGHT_API_RATE_LIMIT", 120, 1, 1_000_000),
    // OFREP evaluations per minute per project token: an OpenFeature server provider asks once per evaluation.
    PREFLIGHT_OFREP_RATE_LIMIT: wholeNumber("PREFLIGHT_OFREP_RATE_LIMIT", 6_000, 1, 10_000_000),
  })
  .superRefine(checkProviders);

/** The worker (lib/worker/main.ts): runs deploy steps. */
export const workerEnvSchema = z.object({
  ...commonShape,
  PREFLIGHT_WORKER_CONCURRENCY: wholeNumber("PREFLIGHT_WORKER_CONCURRENCY", 4, 1, 64),
  PREFLIGHT_RUN_HEARTBEAT_SECONDS: seconds("PREFLIGHT_RUN_HEARTBEAT_SECONDS", 2),
  PREFLIGHT_HEARTBEAT_STALE_SECONDS: seconds("PREFLIGHT_HEARTBEAT_STALE_SECONDS", 15),
  PREFLIGHT_KILL_GRACE_SECONDS: seconds("PREFLIGHT_KILL_GRACE_SECONDS", 5),
  PREFLIGHT_DRAIN_SECONDS: seconds("PREFLIGHT_DRAIN_SECONDS", 15),
  // Set by npm start (scripts/start.ts): wait for its message, sent once the database is migrated.
  PREFLIGHT_START_GATE: z.preprocess(unsetIfEmpty, z.enum(["ipc"]).optional()),
  PREFLIGHT_ALLOW_SHELL: trueOrFalse("PREFLIGHT_ALLOW_SHELL", true),
  PREFLIGHT_LOG_LINE_MAX_BYTES: wholeNumber("PREFLIGHT_LOG_LINE_MAX_BYTES", DEFAULT_OUTPUT_LIMITS.maxLineBytes, 80),
  PREFLIGHT_STEP_LOG_MAX_LINES: wholeNumber("PREFLIGHT_STEP_LOG_MAX_LINES", DEFAULT_OUTPUT_LIMITS.maxLinesPerStep, 10),
  PREFLIGHT_STEP_LOG_MAX_BYTES: wholeNumber("PREFLIGHT_STEP_LOG_MAX_BYTES", DEFAULT_OUTPUT_LIMITS.maxBytesPerStep, 10_000),
  // Notifications out: the delay before the second attempt (doubled for each later one) and the attempts in all.
  PREFLIGHT_NOTIFY_RETRY_BASE_MS: wholeNumber("PREFLIGHT_NOTIFY_RETRY_BASE_MS", 5_000, 1, 3_600_000),
  PREFLIGHT_NOTIFY_MAX_ATTEMPTS: wholeNumber("PREFLIGHT_NOTIFY_MAX_ATTEMPTS", 6, 1, 20),
});

/**
 * The launcher (npm start) and the database tools (db:migrate, db:seed, user:create): where the database is
 * and where local data lives. Nothing here is required, so the worker may read the data folder from it too.
 */
export const launchEnvSchema = z.object({
  DATABASE_URL: z.preprocess(unsetIfEmpty, databaseUrl.optional()),
  MIGRATION_DATABASE_URL: z.preprocess(unsetIfEmpty, databaseUrl.optional()),
  PREFLIGHT_DATA_DIR: optional,
  PREFLIGHT_PG_PORT: port("PREFLIGHT_PG_PORT", 54329),
  PORT: port("PORT", 3000),
  HOST: z.preprocess(unsetIfEmpty, z.string().default("127.0.0.1")),
  NEXTAUTH_URL: publicUrl,
  PREFLIGHT_SKIP_BUILD: z.preprocess(unsetIfEmpty, z.enum(["1", "0"], { error: "PREFLIGHT_SKIP_BUILD is 1 or 0" }).optional()).transform((v) => v === "1"),
  PREFLIGHT_DEMO_PASSWORD: optional,
  // "none": the embedded database starts empty, like an installation on DATABASE_URL (no demo seed).
  PREFLIGHT_SEED: z.preprocess(unsetIfEmpty, z.enum(["demo", "none"], { error: "PREFLIGHT_SEED is demo (the default) or none" }).default("demo")),
});

export const commonEnvSchema = z.object(commonShape);

export type CommonEnv = z.infer<typeof commonEnvSchema>;
export type WebEnv = z.infer<typeof webEnvSchema>;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;
export type LaunchEnv = z.infer<typeof launchEnvSchema>;
export type AuthEnv = z.infer<typeof authEnvSchema>;

type Source = Record<string, string | undefined>;
export type ParsedEnv<T> = { ok: true; env: T } | { ok: false; problems: string[] };

/** Validates `source` against a schema: the values, or one line per problem, each starting with the variable. */
export function parseEnv<T>(schema: z.ZodType<T>, source: Source): ParsedEnv<T> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return { ok: true, env: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
}

export class InvalidEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "InvalidEnvError";
  }
}

const cache = new Map<z.ZodType, unknown>();

function read<T>(schema: z.ZodType<T>): T {
  if (cache.has(schema)) return cache.get(schema) as T;
  const parsed = parseEnv(schema, process.env);
  if (!parsed.ok) throw new InvalidEnvError(parsed.problems);
  cache.set(schema, parsed.env);
  return parsed.env;
}

/** The part both processes share; code that runs in the web server and in the worker reads this. */
export const getEnv = (): CommonEnv => read(commonEnvSchema);
export const getWebEnv = (): WebEnv => read(webEnvSchema);
export const getWorkerEnv = (): WorkerEnv => read(workerEnvSchema);
export const getLaunchEnv = (): LaunchEnv => read(launchEnvSchema);

/** Preflight's public address without a trailing slash: NEXTAUTH_URL, else this machine's port. */
export function publicUrlOf(env: Pick<CommonEnv, "NEXTAUTH_URL" | "PORT">): string {
  return (env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
}

/** Preflight's public address, as the web server and the worker both see it (links, ${PREFLIGHT_URL}, webhooks). */
export const getPublicUrl = (): string => publicUrlOf(getEnv());

/**
 * The /metrics listener of this process (PREFLIGHT_METRICS_PORT for the web server, PREFLIGHT_WORKER_METRICS_PORT
 * for the worker, with PREFLIGHT_METRICS_HOST and PREFLIGHT_METRICS_TOKEN): null when it has no port.
 */
export function getMetricsConfig(processName: "web" | "worker"): MetricsListenerConfig | null {
  const parsed = metricsConfigFromEnv(process.env, processName);
  if (!parsed.ok) throw new InvalidEnvError([parsed.problem]);
  return parsed.config;
}

/** Forgets what was read, so the next call reads process.env again. For tests that change a variable. */
export function forgetEnv(): void {
  cache.clear();
}

/** Where the process tells the operator what is wrong and stops (the worker and the launcher). */
export function exitOnInvalidEnv<T>(label: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof InvalidEnvError)) throw error;
    console.error(`[${label}] ${error.message}`);
    process.exit(2);
  }
}
