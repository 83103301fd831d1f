// What the benchmarks that drive the built web app share: signing in through next-auth's endpoints, calling a
// server action over HTTP the way the browser does (the `Next-Action` header), percentiles and stopping a child.
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const projectRoot = path.resolve(import.meta.dirname, "..");
const manifestPath = path.join(projectRoot, ".next", "server", "server-reference-manifest.json");

/** Stops with a clear message when there is no build to run (these benchmarks never build). */
export function requireBuild(script: string): void {
  if (!existsSync(path.join(projectRoot, ".next", "BUILD_ID")) || !existsSync(manifestPath)) {
    console.error(`${script} runs the built web app: run \`npx next build\` first.`);
    process.exit(1);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Signs in through next-auth's credentials endpoints; returns the Cookie header of the session. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
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
  return header();
}

/** A server action's id and the page that hosts it, from the build's server-reference manifest. */
export function findAction(name: string): { id: string; page: string } {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { node: Record<string, { exportedName?: string; workers?: Record<string, unknown> }> };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === name);
  if (!found) throw new Error(`${name} is not in .next/server/server-reference-manifest.json (no page uses it?)`);
  return { id: found[0], page: Object.keys(found[1].workers ?? {})[0] ?? "app/page" };
}

/** "app/releases/[id]/page" → "/releases/<id>", filling dynamic segments from `params` (by segment name). */
export function pagePath(page: string, params: Record<string, string>): string {
  const segments = page
    .replace(/^app\/?/, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(.+)\]$/, (_, key: string) => params[key] ?? segment));
  return `/${segments.join("/")}`;
}

export interface ActionCall {
  base: string;
  cookie: string;
  /** Values for the dynamic segments of the page that hosts the action (id, slug, runId…). */
  params?: Record<string, string>;
}

/** Calls a server action as the signed-in user of `cookie`; returns its data, or throws with its message. */
export async function callAction<T = Record<string, unknown>>(call: ActionCall, name: string, input: unknown): Promise<T> {
  const action = findAction(name);
  const response = await fetch(`${call.base}${pagePath(action.page, call.params ?? {})}`, {
    method: "POST",
    headers: { "Next-Action": action.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Cookie: call.cookie },
    body: JSON.stringify([input]),
  });
  const text = await response.text();
  // The flight response's lines are "<row>:<json>"; the action's result is the one with "ok".
  const result = text
    .split("\n")
    .map((line) => line.slice(line.indexOf(":") + 1))
    .flatMap((json) => {
      try {
        const value = JSON.parse(json) as unknown;
        return value && typeof value === "object" && "ok" in value ? [value as { ok: boolean; data?: T; message?: string }] : [];
      } catch {
        return [];
      }
    })[0];
  if (!result?.ok) throw new Error(`${name} failed (HTTP ${response.status}): ${result?.message ?? text.slice(0, 400)}`);
  return result.data as T;
}

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
