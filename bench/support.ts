// Talking to a running (built) Preflight over HTTP the way a browser does, for the benchmarks and the
// end-to-end fixtures alike: sign in through next-auth's credentials endpoints, call a server action with
// the `Next-Action` header, read the JSON routes. Only Node built-ins here: Playwright and tsx both load it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export const projectRoot = path.resolve(import.meta.dirname, "..");
const root = projectRoot;
const manifestPath = path.join(root, ".next", "server", "server-reference-manifest.json");

/** Stops with a clear message when there is no build to run (the benchmarks never build). */
export function requireBuild(script: string): void {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(manifestPath)) {
    console.error(`${script} runs the built web app: run \`npx next build\` first.`);
    process.exit(1);
  }
}

/** The benchmarks' first line: what machine the figures come from, and how busy it is. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `machine ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A TCP port that is free on 127.0.0.1 at the moment (lib/db/scratch.ts has one too, but pulls in lib/env). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

/** Collects a child's stdout and stderr as they come; the function returned reads what has come so far. */
export function collectOutput(child: ChildProcess): () => string {
  let output = "";
  const append = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return () => output;
}

/** Ends a child process: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A signed-in user of the app at `base`: the session's Cookie header. */
export interface Session {
  base: string;
  cookie: string;
}

/** Signs in through next-auth's credentials endpoints. */
export async function signInOverHttp(base: string, email: string, password: string): Promise<Session> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  keep(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/`, json: "true" }),
  });
  keep(response);
  if (![...jar.keys()].some((name) => name.endsWith("next-auth.session-token"))) {
    throw new Error(`Sign-in as ${email} failed (HTTP ${response.status}): ${await response.text()}`);
  }
  return { base, cookie: header() };
}

// ---------------------------------------------------------------------------------------- server actions

interface ManifestEntry {
  exportedName?: string;
  workers?: Record<string, unknown>;
}

let manifest: Record<string, ManifestEntry> | null = null;

/** A server action's id and the pages that host it, from the build's server-reference manifest. */
export function findServerAction(name: string): { id: string; pages: string[] } {
  manifest ??= (JSON.parse(readFileSync(manifestPath, "utf8")) as { node: Record<string, ManifestEntry> }).node;
  const found = Object.entries(manifest).find(([, entry]) => entry.exportedName === name);
  if (!found) throw new Error(`${name} is not in .next/server/server-reference-manifest.json (run next build; does a page use it?)`);
  return { id: found[0], pages: Object.keys(found[1].workers ?? {}) };
}

/**
 * The URL of a page that hosts the action: "app/releases/[id]/page" → "/releases/<id>", dynamic segments
 * filled from `params` by name. Pages whose segments `params` cannot fill are skipped.
 */
export function actionPagePath(pages: string[], params: Record<string, string>): string {
  for (const page of pages.length > 0 ? pages : ["app/page"]) {
    const segments = page
      .replace(/^app\/?/, "")
      .replace(/\/?page$/, "")
      .split("/")
      .filter((segment) => segment && !/^\(.*\)$/.test(segment));
    const filled = segments.map((segment) => segment.replace(/^\[(.+)\]$/, (_, key: string) => params[key] ?? "\0"));
    if (!filled.some((segment) => segment.includes("\0"))) return `/${filled.join("/")}`;
  }
  throw new Error(`No page hosting this action can be addressed with ${JSON.stringify(params)}: give its dynamic segments (${pages.join(", ")})`);
}

export type ActionOutcome<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string[]> };

/** Calls a server action as the session's user, as the browser does; the action's typed result. */
export async function callAction<T = Record<string, unknown>>(
  session: Session,
  name: string,
  input: unknown,
  params: Record<string, string> = {},
): Promise<ActionOutcome<T>> {
  const action = findServerAction(name);
  const response = await fetch(`${session.base}${actionPagePath(action.pages, params)}`, {
    method: "POST",
    headers: { "Next-Action": action.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Cookie: session.cookie },
    body: JSON.stringify([input]),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status}: ${text.slice(0, 500)}`);
  // The flight response's lines are "<row>:<json>"; the action's result is the row with "ok".
  for (const line of text.split("\n")) {
    try {
      const value = JSON.parse(line.slice(line.indexOf(":") + 1)) as unknown;
      if (value && typeof value === "object" && "ok" in value) return value as ActionOutcome<T>;
    } catch {
      // another row of the response
    }
  }
  throw new Error(`${name}: no action result in the response: ${text.slice(0, 500)}`);
}

/** Calls the action and returns its data; a refusal or failure throws with the server's message. */
export async function act<T = Record<string, unknown>>(session: Session, name: string, input: unknown, params: Record<string, string> = {}): Promise<T> {
  const result = await callAction<T>(session, name, input, params);
  if (!result.ok) throw new Error(`${name} refused (${result.code}): ${result.message}${result.fieldErrors ? ` ${JSON.stringify(result.fieldErrors)}` : ""}`);
  return result.data;
}

/** GETs one of the app's JSON routes as the session's user. */
export async function getJson<T>(session: Session, route: string): Promise<T> {
  const response = await fetch(`${session.base}${route}`, { headers: { Accept: "application/json", Cookie: session.cookie } });
  if (!response.ok) throw new Error(`GET ${route}: HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

export interface NextWeb {
  child: ChildProcess;
  base: string;
  port: number;
  output: () => string;
}

/**
 * `next start` of the built app on a free port, with a session secret of its own, once /api/health answers 200
 * (stopped again if it does not within 60 s). `cpuProfDir`: write a CPU profile there when it exits.
 */
export async function startNextWeb(options: { databaseUrl: string; env?: Record<string, string>; cpuProfDir?: string }): Promise<NextWeb> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const nodeArgs = options.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(options.cpuProfDir)] : [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      NEXTAUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: "1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collectOutput(child);
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output()}`);
      const status = await fetch(`${base}/api/health`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`next start did not answer /api/health within 60 s:\n${output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { child, base, port, output };
}
