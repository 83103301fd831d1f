// What the web process does with each request before Next.js sees it (scripts/web-server.mjs creates the
// http server; this module is the request listener, handed over through instrumentation.ts, so that the
// plain-JavaScript server and the app share one logger and one metrics registry):
// - appends the socket's peer address to X-Forwarded-For, so the list's last entry is always the real
//   peer (lib/http/client-ip.ts believes earlier entries only for PREFLIGHT_TRUSTED_PROXIES);
// - gives the request an id (X-Request-Id on the response), carried by every log line written for it;
// - times it into preflight_http_request_duration_seconds by route pattern, and logs one line when it ends.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { log, runWithLogContext } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";

type Handle = (request: IncomingMessage, response: ServerResponse) => Promise<unknown> | unknown;

interface ManifestRoute {
  page: string;
  regex: string;
}

/** Requests logged at debug only: static files and load balancers' health checks. */
const QUIET = /^\/(_next\/(static|image)\/|favicon\.ico$|icon\.svg$|api\/health$)/;

/**
 * Maps a path to the app's route pattern ("/releases/[id]"), so that metrics have one series per route
 * rather than one per URL. Reads the build's routes manifest; paths it does not know are "unmatched".
 */
export function routeLabeller(dir: string): (pathname: string) => string {
  let routes: { page: string; regex: RegExp }[] = [];
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, ".next", "routes-manifest.json"), "utf8")) as { staticRoutes?: ManifestRoute[]; dynamicRoutes?: ManifestRoute[] };
    routes = [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((route) => ({ page: route.page, regex: new RegExp(route.regex) }));
  } catch {
    // No build beside us (tests): every path is "unmatched" but "/_next/…".
  }
  return (pathname) => {
    if (pathname.startsWith("/_next/static/")) return "/_next/static";
    if (pathname.startsWith("/_next/image")) return "/_next/image";
    return routes.find((route) => route.regex.test(pathname))?.page ?? "unmatched";
  };
}

export function appendPeerAddress(request: IncomingMessage): void {
  const peer = request.socket.remoteAddress ?? "unknown";
  const forwarded = request.headers["x-forwarded-for"];
  const chain = Array.isArray(forwarded) ? forwarded.join(", ") : forwarded;
  request.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
}

export function createRequestListener(handle: Handle, options: { dir: string }) {
  const routeOf = routeLabeller(options.dir);
  return (request: IncomingMessage, response: ServerResponse) => {
    const started = performance.now();
    const requestId = randomBytes(8).toString("hex");
    appendPeerAddress(request);
    response.setHeader("X-Request-Id", requestId);
    const url = request.url ?? "/";
    const pathname = url.split("?")[0] ?? "/";
    response.once("close", () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(pathname);
      const status = response.statusCode;
      metrics.httpDuration.observe({ method: request.method ?? "GET", route, status: String(status) }, seconds);
      // Live-update streams end this way; elsewhere it means the client gave up waiting.
      const closedEarly = response.writableFinished ? {} : { closedByClient: true };
      const line = { requestId, method: request.method, url, route, status, ms: Math.round(seconds * 10_000) / 10, ...closedEarly };
      if (QUIET.test(pathname)) log.debug(line, "request");
      else log.info(line, "request");
    });
    runWithLogContext({ requestId }, () => {
      Promise.resolve(handle(request, response)).catch((error: unknown) => {
        log.error({ err: error }, "request failed");
        if (!response.headersSent) response.statusCode = 500;
        response.end();
      });
    });
  };
}
