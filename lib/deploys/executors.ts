// How each kind of deploy step runs. Executors only talk to the outside world and report lines and an
// outcome; the engine (engine.ts) owns every database write about runs and steps.
import { spawn } from "node:child_process";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { dataDir, projectRoot } from "@/lib/db/local";
import type { LogStream } from "@/lib/generated/prisma/enums";
import { createMasker } from "@/lib/secrets/mask";
import { redactUrl } from "@/lib/secrets/redact-url";
import { guardedFetch, OutboundRefusedError, outboundPolicy } from "./outbound-guard";
import { interpolate, secretNamesIn, UnknownSecretError, UnknownVariableError, type HttpStep, type PipelineStep, type ShellStep } from "./pipeline-schema";
import type { OutputPressure } from "./log-writer";
import { DEFAULT_OUTPUT_LIMITS } from "./output-limits";
import { readOutput } from "./read-output";
import { runProbe, systemClock, type ProbeCheck, type ProbeClock } from "./probes";
import { parseStepOutputs, STEP_OUTPUT_LIMITS } from "./step-outputs";

export type StepOutcome =
  | { status: "SUCCEEDED"; exitCode?: number; outputs?: Record<string, string> }
  | { status: "FAILED"; error: string; exitCode?: number; outputs?: Record<string, string> }
  | { status: "CANCELLED"; error: string }
  | { status: "SKIPPED"; reason: string }
  | { status: "WAITING" };

export interface StepContext {
  variables: Record<string, string>;
  /** Aborted when the run is being cancelled (or the worker must stop the step). */
  signal: AbortSignal;
  log: (stream: LogStream, line: string) => void;
  /** Set when the release manager skipped a running wait step. */
  skipRequested: () => string | null;
  /** Applies a FLAG step to Preflight's own records; returns the previous value. */
  setFlag: (flagKey: string, enabled: boolean) => Promise<boolean | null>;
  killGraceMs: number;
  allowShell: boolean;
  /** PREFLIGHT_OUTBOUND_ALLOW: private destinations HTTP, notify and flag steps may reach (none when not given). */
  outboundAllow?: string;
  /** UTF-8 bytes kept of one output line (the rest is cut while it streams). */
  maxLineBytes?: number;
  /** The log writer's backlog: a command's pipes are paused while it is saturated. */
  outputPressure?: OutputPressure;
  /** The project's secrets by name, decrypted (read once per step, so that a changed secret applies at once). */
  loadSecrets?: () => Promise<Record<string, string>>;
  /** Stores one check of a PROBE step (the engine writes a ProbeResult); checks are only logged without it. */
  recordProbeResult?: (check: ProbeCheck) => Promise<void>;
  /** The time PROBE steps wait by; the system clock when not given (tests give their own). */
  clock?: ProbeClock;
}

/** What the step kinds get: the context with the secrets loaded, and a log that masks them. */
interface RunContext extends StepContext {
  secrets: Record<string, string>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

function maskSecrets(text: string, secrets: string[]): string {
  return secrets.reduce((masked, secret) => (secret ? masked.split(secret).join("***") : masked), text);
}

// Process groups of the commands this worker is running, so that a worker that must stop before its step
// finishes does not leave them running (recovery would start the step again beside them).
const runningGroups = new Set<number>();

/** Ends every command this worker started that is still running (the worker is shutting down). */
export function killRunningCommands(signal: NodeJS.Signals): number {
  for (const pgid of runningGroups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      runningGroups.delete(pgid);
    }
  }
  return runningGroups.size;
}

/** Runs a shell step with $PREFLIGHT_OUTPUT, a file of its own for what it reports (lib/deploys/step-outputs.ts). */
async function runShell(step: ShellStep, ctx: RunContext): Promise<StepOutcome> {
  if (!ctx.allowShell) return runCommand(step, ctx, undefined);
  const folder = await mkdtemp(path.join(os.tmpdir(), "preflight-output-"));
  const file = path.join(folder, "output");
  try {
    await writeFile(file, "", { mode: 0o600 });
    const outcome = await runCommand(step, ctx, file);
    if (outcome.status !== "SUCCEEDED" && outcome.status !== "FAILED") return outcome;
    const outputs = parseStepOutputs(await readStart(file, STEP_OUTPUT_LIMITS.bytes));
    return Object.keys(outputs).length > 0 ? { ...outcome, outputs } : outcome;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The first `bytes` of a file, as text ("" when it is gone: the command may have removed it). */
async function readStart(file: string, bytes: number): Promise<string> {
  const handle = await open(file, "r").catch(() => null);
  if (!handle) return "";
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}

async function runCommand(step: ShellStep, ctx: RunContext, outputFile: string | undefined): Promise<StepOutcome> {
  if (!ctx.allowShell) return { status: "FAILED", error: "Shell steps are switched off on this installation (PREFLIGHT_ALLOW_SHELL=false)" };
  const { config } = step;
  // Preflight's own folders hold its database passwords and session secret: commands never start there.
  const cwd = path.resolve(config.cwd ?? os.tmpdir());
  if ([dataDir(), projectRoot].some((dir) => cwd === dir || cwd.startsWith(`${dir}${path.sep}`))) {
    return { status: "FAILED", error: "A command's working folder cannot be inside Preflight's own folder or data folder" };
  }
  const secrets = config.env.filter((e) => e.secret).map((e) => interpolate(e.value, ctx.variables));
  // Only what the step needs: Preflight's own secrets (DATABASE_URL, NEXTAUTH_SECRET…) never reach commands.
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: process.env.LANG ?? "C.UTF-8", ...ctx.variables };
  for (const variable of config.env) env[variable.name] = interpolate(variable.value, ctx.variables, ctx.secrets);
  if (outputFile) env.PREFLIGHT_OUTPUT = outputFile;
  const [program, ...args] = config.argv ? config.argv.map((a) => interpolate(a, ctx.variables)) : ["sh", "-c", interpolate(config.command!, ctx.variables)];

  ctx.log("SYSTEM", `$ ${maskSecrets(config.argv ? config.argv.join(" ") : config.command!, secrets)}`);
  // Its own process group, so that cancel reaches the command's children too.
  // Without a configured folder, commands start in the system's temporary folder, not in Preflight's own
  // (where its data and secrets live).
  const child = spawn(program!, args, { cwd, env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid) runningGroups.add(child.pid);
  readOutput(
    [
      { stream: "STDOUT", pipe: child.stdout },
      { stream: "STDERR", pipe: child.stderr },
    ],
    (stream, line) => ctx.log(stream, maskSecrets(line, secrets)),
    { maxLineBytes: ctx.maxLineBytes ?? DEFAULT_OUTPUT_LIMITS.maxLineBytes, pressure: ctx.outputPressure },
  );

  let stopReason: "cancelled" | "timeout" | null = null;
  // The step ends when its output closes, i.e. when the whole group is gone, not when `sh` itself exits.
  let closed = false;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = (reason: "cancelled" | "timeout") => {
    if (stopReason || closed) return;
    stopReason = reason;
    ctx.log("SYSTEM", reason === "timeout" ? `Timed out after ${config.timeoutSeconds} s: sending TERM` : "Cancelled: sending TERM");
    killGroup("SIGTERM");
    setTimeout(() => {
      // Not child.exitCode: the shell may have died of the TERM while a child that ignores it lives on.
      if (!closed) {
        ctx.log("SYSTEM", `Still running after ${ctx.killGraceMs / 1000} s: sending KILL`);
        killGroup("SIGKILL");
      }
    }, ctx.killGraceMs).unref();
  };
  const onAbort = () => stop("cancelled");
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();
  const timeout = setTimeout(() => stop("timeout"), config.timeoutSeconds * 1000);

  const { code, signal, spawnError } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, spawnError: error }));
    child.once("close", (code, signal) => {
      closed = true;
      resolve({ code, signal });
    });
  });
  clearTimeout(timeout);
  if (child.pid) runningGroups.delete(child.pid);
  ctx.signal.removeEventListener("abort", onAbort);

  if (spawnError) return { status: "FAILED", error: `Could not start ${program}: ${spawnError.message}` };
  if (stopReason === "cancelled") return { status: "CANCELLED", error: `Cancelled (process ended by ${signal ?? `exit ${code}`})` };
  if (stopReason === "timeout") return { status: "FAILED", error: `Timed out after ${config.timeoutSeconds} s`, exitCode: code ?? undefined };
  if (code === 0) return { status: "SUCCEEDED", exitCode: 0 };
  return { status: "FAILED", error: signal ? `Ended by ${signal}` : `Exited with code ${code}`, exitCode: code ?? undefined };
}

function valueAt(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((current, key) => (current && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined), value);
}

// How much of a response is read: enough for an expectJson check, a little for the log, else nothing.
const JSON_BODY_CAP = 64 * 1024;
const LOGGED_BODY_CAP = 1024;

async function runHttp(step: HttpStep, ctx: RunContext): Promise<StepOutcome> {
  const { config } = step;
  const resolve = (text: string) => interpolate(text, ctx.variables, ctx.secrets);
  const url = resolve(config.url);
  const headers = Object.fromEntries(Object.entries(config.headers).map(([name, value]) => [name, resolve(value)]));
  const body = config.body ? resolve(config.body) : undefined;
  // Logged as written, secrets by name, without userinfo or literal query values (tokens live there).
  const shown = interpolate(redactUrl(config.url), ctx.variables);
  const policy = outboundPolicy(ctx.variables.PREFLIGHT_URL, ctx.outboundAllow ?? "");
  const maxBodyBytes = config.expectJson ? JSON_BODY_CAP : config.logResponseBody ? LOGGED_BODY_CAP : 0;
  let lastError = "";
  for (let attempt = 1; attempt <= config.retries + 1; attempt++) {
    if (ctx.signal.aborted) return { status: "CANCELLED", error: "Cancelled" };
    const started = performance.now();
    try {
      const response = await guardedFetch(
        url,
        { method: config.method, headers, body, maxBodyBytes, signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(config.timeoutSeconds * 1000)]) },
        policy,
      );
      const text = response.body;
      const ms = Math.round(performance.now() - started);
      // Only the redirect target's origin: its path may carry a secret in a form the masker cannot recognise
      // (a webhook token after an http → https redirect, or URL-encoded).
      const via = response.redirects > 0 ? ` (after ${response.redirects} redirect${response.redirects === 1 ? "" : "s"} to ${new URL(response.url).origin})` : "";
      ctx.log("SYSTEM", `${config.method} ${shown} → ${response.status}${via} in ${ms} ms (attempt ${attempt} of ${config.retries + 1})`);
      if (config.logResponseBody && text) {
        const logged = text.slice(0, LOGGED_BODY_CAP);
        ctx.log("STDOUT", logged.length < text.length || response.truncated ? `${logged}…` : logged);
      }
      if (response.status !== config.expectStatus) {
        lastError = `Expected HTTP ${config.expectStatus}, got ${response.status}`;
      } else if (config.expectJson) {
        let actual: unknown;
        try {
          actual = response.truncated ? undefined : valueAt(JSON.parse(text), config.expectJson.path);
        } catch {
          actual = undefined;
        }
        if (actual === config.expectJson.equals) return { status: "SUCCEEDED" };
        lastError = response.truncated
          ? `Expected ${config.expectJson.path} = ${JSON.stringify(config.expectJson.equals)}, but the response is larger than ${JSON_BODY_CAP / 1024} KB`
          : `Expected ${config.expectJson.path} = ${JSON.stringify(config.expectJson.equals)}, got ${JSON.stringify(actual)}`;
      } else {
        return { status: "SUCCEEDED" };
      }
    } catch (error) {
      if (ctx.signal.aborted) return { status: "CANCELLED", error: "Cancelled" };
      lastError = error instanceof Error ? error.message : String(error);
      ctx.log("STDERR", `${config.method} ${shown} failed: ${lastError} (attempt ${attempt} of ${config.retries + 1})`);
      // A refusal is the installation's rule, not a hiccup: retrying cannot change it.
      if (error instanceof OutboundRefusedError) return { status: "FAILED", error: lastError };
    }
    if (attempt <= config.retries) {
      const delay = config.backoffSeconds * 1000 * 2 ** (attempt - 1);
      ctx.log("SYSTEM", `${lastError}; retrying in ${(delay / 1000).toFixed(1)} s`);
      await sleep(delay, ctx.signal);
    }
  }
  return { status: "FAILED", error: lastError };
}

async function runWait(seconds: number, ctx: StepContext): Promise<StepOutcome> {
  ctx.log("SYSTEM", `Waiting ${seconds} s`);
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (ctx.signal.aborted) return { status: "CANCELLED", error: "Cancelled while waiting" };
    const skipped = ctx.skipRequested();
    if (skipped) return { status: "SKIPPED", reason: skipped };
    await sleep(Math.min(500, until - Date.now()), ctx.signal);
  }
  return { status: "SUCCEEDED" };
}

/**
 * Runs one step. Its secrets are loaded first and every name it refers to must exist; every line it logs
 * and the error it ends with are masked: project secrets, and shell environment values marked secret.
 */
export async function executeStep(step: PipelineStep, plain: StepContext): Promise<StepOutcome> {
  const secrets = plain.loadSecrets ? await plain.loadSecrets() : {};
  const masked = [...Object.values(secrets)];
  const ctx: RunContext = { ...plain, secrets };
  try {
    const missing = secretNamesIn(step.config).find((name) => !Object.hasOwn(secrets, name));
    if (missing !== undefined) throw new UnknownSecretError(missing);
    if (step.kind === "SHELL") for (const variable of step.config.env) if (variable.secret) masked.push(interpolate(variable.value, ctx.variables, secrets));
    const mask = createMasker(masked);
    ctx.log = (stream, line) => plain.log(stream, mask(line));
    const record = plain.recordProbeResult;
    // A stored check's message is shown like a log line: masked the same way.
    if (record) ctx.recordProbeResult = (check) => record({ ...check, message: mask(check.message) });
    const outcome = await runStep(step, ctx);
    return "error" in outcome ? { ...outcome, error: mask(outcome.error) } : outcome;
  } catch (error) {
    // Unknown secrets or variables, a malformed PREFLIGHT_OUTBOUND_ALLOW: a clear failure of this step.
    if (error instanceof UnknownSecretError || error instanceof UnknownVariableError || error instanceof OutboundRefusedError) return { status: "FAILED", error: createMasker(masked)(error.message) };
    throw error;
  }
}

async function runStep(step: PipelineStep, ctx: RunContext): Promise<StepOutcome> {
  switch (step.kind) {
    case "SHELL":
      return runShell(step, ctx);
    case "HTTP":
      return runHttp(step, ctx);
    case "WAIT":
      return runWait(step.config.seconds, ctx);
    case "APPROVAL":
      ctx.log("SYSTEM", `Waiting for approval${step.config.instructions ? `: ${step.config.instructions}` : ""}`);
      return { status: "WAITING" };
    case "FLAG": {
      const previous = await ctx.setFlag(step.config.flagKey, step.config.enabled);
      ctx.log("SYSTEM", `Flag ${step.config.flagKey}: ${previous === null ? "created" : previous ? "on" : "off"} → ${step.config.enabled ? "on" : "off"}`);
      if (step.config.applyCommand) {
        return runShell(
          { kind: "SHELL", name: step.name, idempotent: step.idempotent, config: { command: step.config.applyCommand, env: [], timeoutSeconds: 600 } },
          { ...ctx, variables: { ...ctx.variables, FLAG_KEY: step.config.flagKey, FLAG_ENABLED: String(step.config.enabled) } },
        );
      }
      if (step.config.applyUrl) return postJson(step.name, step.config.applyUrl, { flag: step.config.flagKey, enabled: step.config.enabled }, ctx);
      return { status: "SUCCEEDED" };
    }
    case "NOTIFY":
      return postJson(step.name, step.config.url, { text: interpolate(step.config.message, ctx.variables) }, ctx);
    case "PROBE":
      return runProbe(step, {
        variables: ctx.variables,
        secrets: ctx.secrets,
        signal: ctx.signal,
        log: ctx.log,
        policy: outboundPolicy(ctx.variables.PREFLIGHT_URL, ctx.outboundAllow ?? ""),
        clock: ctx.clock ?? systemClock,
        record: ctx.recordProbeResult ?? (async () => undefined),
      });
  }
}

/** A flag's apply URL and a notify step: one JSON POST that must answer 200, retried twice, its response not logged. */
function postJson(name: string, url: string, body: unknown, ctx: RunContext): Promise<StepOutcome> {
  const config = { method: "POST", url, headers: { "content-type": "application/json" }, body: JSON.stringify(body), expectStatus: 200 } as const;
  return runHttp({ kind: "HTTP", name, idempotent: true, config: { ...config, logResponseBody: false, retries: 2, backoffSeconds: 1, timeoutSeconds: 10 } }, ctx);
}
