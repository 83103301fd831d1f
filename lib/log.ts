// The one logger of the server processes (web, worker): pino, one JSON object per line in production
// (NODE_ENV=production or output that is not a terminal), a short human format in a terminal;
// PREFLIGHT_LOG_FORMAT=json|pretty decides instead, PREFLIGHT_LOG_LEVEL sets the level (default info).
// Every line carries the context it was written in: the web request's id, the worker's run and step
// (runWithLogContext). Secrets are redacted: Authorization and Cookie headers, password/token/secret
// fields, and the query, fragment and userinfo of anything logged as a URL (lib/secrets/redact-url.ts).
// CLI scripts (npm start's banner, user:create) print plain text for people, not through this logger.
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";
import { redactUrl } from "@/lib/secrets/redact-url";

export interface LogContext {
  requestId?: string;
  runId?: string;
  stepId?: string;
}

export type LogFormat = "json" | "pretty";

const REDACTED = "***";

/** Field paths never written as they are. */
const REDACT_PATHS = [
  "authorization",
  "cookie",
  "password",
  "token",
  "secret",
  "*.authorization",
  "*.cookie",
  "*.password",
  "*.token",
  "*.secret",
  "headers.authorization",
  "headers.cookie",
  "headers[\"set-cookie\"]",
  "*.headers.authorization",
  "*.headers.cookie",
];

/** Fields that hold URLs: logged without query values, fragment or userinfo. */
const URL_FIELDS = ["url", "href", "callbackUrl", "location"] as const;

export function logFormat(env: Record<string, string | undefined> = process.env, isTty = Boolean(process.stdout.isTTY)): LogFormat {
  if (env.PREFLIGHT_LOG_FORMAT === "json" || env.PREFLIGHT_LOG_FORMAT === "pretty") return env.PREFLIGHT_LOG_FORMAT;
  return env.NODE_ENV === "production" || !isTty ? "json" : "pretty";
}

const PRETTY_SKIP = new Set(["level", "time", "pid", "hostname", "msg", "process"]);

/** One JSON line from pino → "12:03:04 INFO  worker  message key=value …". */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === "number" ? new Date(entry.time).toTimeString().slice(0, 8) : "";
  const level = String(entry.level).toUpperCase();
  const fields = Object.entries(entry)
    .filter(([key]) => !PRETTY_SKIP.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const head = [time, level.padEnd(5), typeof entry.process === "string" ? entry.process : "", String(entry.msg ?? "")].filter(Boolean).join(" ");
  return `${[head, ...fields].join(" ")}\n`;
}

export interface CreateLoggerOptions {
  format?: LogFormat;
  level?: string;
  /** Where lines go (tests capture them); standard output by default. */
  destination?: { write(line: string): unknown };
  context?: AsyncLocalStorage<LogContext>;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const context = options.context ?? logContext;
  const format = options.format ?? logFormat();
  const out = options.destination ?? process.stdout;
  const destination = format === "pretty" ? { write: (line: string) => out.write(prettyLine(line)) } : out;
  return pino(
    {
      level: options.level ?? process.env.PREFLIGHT_LOG_LEVEL ?? "info",
      base: { pid: process.pid },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.epochTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: {
        ...Object.fromEntries(URL_FIELDS.map((field) => [field, (value: unknown) => (typeof value === "string" ? redactUrl(value) : value)])),
        err: pino.stdSerializers.err,
      },
      mixin: () => ({ process: processName, ...context.getStore() }),
    },
    destination as pino.DestinationStream,
  );
}

let processName = process.env.PREFLIGHT_PROCESS_NAME ?? "preflight";

// One context store and logger per process, shared by every bundle of the web app that imports this module.
const globalForLog = globalThis as unknown as { preflightLog?: { logger: Logger; context: AsyncLocalStorage<LogContext> } };
const shared = (globalForLog.preflightLog ??= (() => {
  const context = new AsyncLocalStorage<LogContext>();
  return { context, logger: createLogger({ context }) };
})());

export const logContext: AsyncLocalStorage<LogContext> = shared.context;
export const log: Logger = shared.logger;

/** Names this process on every line ("web", "worker"). */
export function setLogProcess(name: string): void {
  processName = name;
}

/** Runs `fn` with `context` added to every line it logs (nested contexts add to the outer one). */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...context }, fn);
}

/** Adds to the current context in place, e.g. the step a run has moved on to. */
export function addLogContext(context: LogContext): void {
  const store = logContext.getStore();
  if (store) Object.assign(store, context);
}

/**
 * An error as a log field: name, first line of the message and the stack frames. Enough to debug, without
 * the rest of the message, where Prisma puts the query's arguments (password hashes…).
 */
export function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trim().startsWith("at ")).slice(0, 10);
  return [`${error.name}: ${(error.message.split("\n")[0] ?? "").slice(0, 300)}`, ...frames].join("\n");
}
