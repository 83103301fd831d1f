// Hands the web app's request listener, logger and metrics to scripts/web-server.mjs. Installed by
// instrumentation.ts when Next.js prepares the app, in the process that serves it, so the plain-JavaScript
// server uses the same logger, log context and metrics registry as the app's own code.
import type { Logger } from "pino";
import { db } from "@/lib/db";
import { getMetricsConfig } from "@/lib/env";
import { log, setLogProcess } from "@/lib/log";
import { registerDatabaseGauges } from "@/lib/metrics/database";
import { startMetricsListener } from "@/lib/metrics/listener";
import { metrics } from "@/lib/metrics/registry";
import { createRequestListener } from "./serve";

export const WEB_SERVER_HOOKS = Symbol.for("preflight.webServerHooks");

export interface WebServerHooks {
  log: Logger;
  createRequestListener: typeof createRequestListener;
  /** Starts the /metrics listener when PREFLIGHT_METRICS_PORT is set; throws with a message on bad settings. */
  startMetrics: () => Promise<{ port: number; host: string } | null>;
}

export function installWebServerHooks(): void {
  setLogProcess("web");
  registerDatabaseGauges(db);
  const hooks: WebServerHooks = {
    log,
    createRequestListener,
    startMetrics: async () => {
      const config = getMetricsConfig("web");
      if (!config) return null;
      const { port } = await startMetricsListener(config, metrics.registry);
      return { port, host: config.host };
    },
  };
  (globalThis as Record<symbol, unknown>)[WEB_SERVER_HOOKS] = hooks;
}
