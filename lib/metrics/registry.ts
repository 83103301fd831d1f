// Prometheus metrics of the web and worker processes (prom-client). One registry per process, kept on
// globalThis because the web app's bundles each import this module: every bundle must count into the
// same metrics. Served by lib/metrics/listener.ts; names and meanings are listed in docs/OPERATIONS.md.
import client from "prom-client";

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STEP_BUCKETS = [0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600];

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new client.Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
  return {
    registry,
    httpDuration: histogram(
      "preflight_http_request_duration_seconds",
      "HTTP requests by method, route (the app's route pattern, not the raw path) and status code",
      ["method", "route", "status"],
      SECONDS_BUCKETS,
    ),
    actionDuration: histogram(
      "preflight_action_duration_seconds",
      "Server actions by name and outcome (ok, or the failure code: invalid, forbidden, conflict, error…)",
      ["action", "outcome"],
      SECONDS_BUCKETS,
    ),
    stepDuration: histogram(
      "preflight_deploy_step_duration_seconds",
      "Deploy steps executed by this worker, by step kind and outcome (SUCCEEDED, FAILED, CANCELLED, SKIPPED, WAITING)",
      ["kind", "outcome"],
      STEP_BUCKETS,
    ),
    activeRuns: new client.Gauge({
      name: "preflight_worker_active_runs",
      help: "Deploy runs this worker is executing now",
      registers: [registry],
    }),
    sseConnections: new client.Gauge({
      name: "preflight_sse_connections",
      help: "Open live-update (Server-Sent Events) connections in this web process",
      registers: [registry],
    }),
    signInFailures: new client.Counter({
      name: "preflight_sign_in_failures_total",
      help: "Failed password sign-ins by reason (bad_password, unknown_email, rate_limited, disabled…)",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    notificationDeliveries: new client.Counter({
      name: "preflight_notification_deliveries_total",
      help: "Notification send attempts by channel kind (SLACK, WEBHOOK) and outcome (sent, retry, dead)",
      labelNames: ["kind", "outcome"] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { preflightMetrics?: Metrics };
export const metrics: Metrics = (globalForMetrics.preflightMetrics ??= createMetrics());

export function observeAction(action: string, outcome: string, seconds: number): void {
  metrics.actionDuration.observe({ action, outcome }, seconds);
}

export function observeStep(kind: string, outcome: string, seconds: number): void {
  metrics.stepDuration.observe({ kind, outcome }, seconds);
}

export function countSignInFailure(reason: string): void {
  metrics.signInFailures.inc({ reason });
}

export function countNotificationDelivery(kind: string, outcome: "sent" | "retry" | "dead"): void {
  metrics.notificationDeliveries.inc({ kind, outcome });
}
