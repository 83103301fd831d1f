// GET /metrics on a listener of its own, never on the app's port: a reverse proxy forwards the app's port
// only, and on the app's port every request through a proxy on the same host comes from 127.0.0.1, so a
// "loopback may read it" rule there would hand the metrics to anyone. The rules (docs/SECURITY.md):
// - off unless a port is configured (PREFLIGHT_METRICS_PORT for the web, PREFLIGHT_WORKER_METRICS_PORT
//   for the worker);
// - bound to PREFLIGHT_METRICS_HOST, 127.0.0.1 by default;
// - with PREFLIGHT_METRICS_TOKEN set, every scrape must send `Authorization: Bearer <token>`;
// - bound to anything but loopback without a token, the process refuses to start.
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { isIP } from "node:net";
import type { Registry } from "prom-client";

export interface MetricsListenerConfig {
  port: number;
  host: string;
  token: string | null;
}

export type MetricsConfigResult = { ok: true; config: MetricsListenerConfig | null } | { ok: false; problem: string };

export const MIN_TOKEN_LENGTH = 16;

export function isLoopbackHost(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

/** The listener's settings for `process` from the environment; null when metrics are off. */
export function metricsConfigFromEnv(env: Record<string, string | undefined>, process: "web" | "worker"): MetricsConfigResult {
  const portVariable = process === "web" ? "PREFLIGHT_METRICS_PORT" : "PREFLIGHT_WORKER_METRICS_PORT";
  const rawPort = (env[portVariable] ?? "").trim();
  if (rawPort === "") return { ok: true, config: null };
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) return { ok: false, problem: `${portVariable}: "${rawPort.slice(0, 20)}" is not a port (1–65535)` };
  const host = (env.PREFLIGHT_METRICS_HOST ?? "").trim() || "127.0.0.1";
  const token = (env.PREFLIGHT_METRICS_TOKEN ?? "").trim() || null;
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    return { ok: false, problem: `PREFLIGHT_METRICS_TOKEN: use at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24)` };
  }
  if (!token && !isLoopbackHost(host)) {
    return { ok: false, problem: `PREFLIGHT_METRICS_HOST=${host} exposes /metrics beyond this machine: set PREFLIGHT_METRICS_TOKEN too` };
  }
  return { ok: true, config: { port, host, token } };
}

/** Constant-time comparison of the Authorization header with "Bearer <token>". */
export function hasBearerToken(header: string | undefined, token: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(header ?? ""), digest(`Bearer ${token}`));
}

/** Starts the listener; resolves once it listens (with the bound port), rejects if it cannot. */
export function startMetricsListener(config: MetricsListenerConfig, registry: Registry): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (path !== "/metrics" || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found\n");
      return;
    }
    if (config.token && !hasBearerToken(request.headers.authorization, config.token)) {
      response.writeHead(401, { "Content-Type": "text/plain", "WWW-Authenticate": 'Bearer realm="metrics"' }).end("Unauthorized\n");
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { "Content-Type": registry.contentType, "Cache-Control": "no-store" }).end(request.method === "HEAD" ? undefined : text),
      () => response.writeHead(500, { "Content-Type": "text/plain" }).end("Metrics could not be collected\n"),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : config.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
