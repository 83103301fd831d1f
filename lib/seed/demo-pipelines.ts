// The demo project's pipelines mirror the reference checklist's release day and emergency rollback with
// harmless local commands, and check Preflight's own /api/health, so the whole flow runs on any machine.
import type { PipelineStep } from "@/lib/deploys/pipeline-schema";

export const demoDeploySteps: PipelineStep[] = [
  {
    kind: "SHELL",
    name: "Back up the database",
    idempotent: true,
    purpose: "backup",
    config: { command: 'echo "pg_dump -U postgres > backup_v${VERSION}_pre.sql"; sleep 1; echo "backup written (demo)"', env: [], timeoutSeconds: 120 },
  },
  {
    kind: "SHELL",
    name: "Pull the new version",
    idempotent: true,
    config: { command: 'echo "docker compose pull (gateway:${VERSION})"; sleep 1; echo "image pulled (demo)"', env: [], timeoutSeconds: 300 },
  },
  {
    kind: "SHELL",
    name: "Run migrations",
    // Not safe to run twice without a person looking: an interrupted migration waits for a decision.
    idempotent: false,
    // Tells a rollback how many migrations ran, so that it skips the downgrade of a release that ran none.
    purpose: "migrate",
    config: { command: 'echo "alembic upgrade head"; sleep 1; echo "migrations applied (demo)"; echo "migrations=1" >> "$PREFLIGHT_OUTPUT"', env: [], timeoutSeconds: 600 },
  },
  {
    kind: "SHELL",
    name: "Restart services",
    idempotent: true,
    config: { command: 'echo "docker compose up -d"; sleep 1; echo "services restarted (demo)"', env: [], timeoutSeconds: 300 },
  },
  {
    kind: "HTTP",
    name: "Wait for health",
    idempotent: true,
    config: { method: "GET", url: "${PREFLIGHT_URL}/api/health", headers: {}, expectStatus: 200, logResponseBody: false, expectJson: { path: "status", equals: "ok" }, retries: 5, backoffSeconds: 1, timeoutSeconds: 10 },
  },
  {
    kind: "APPROVAL",
    name: "Post-deployment verification",
    idempotent: true,
    config: {
      instructions: "Health endpoints responding, all services running, version correct, migrations applied, webhooks accepting events, no error spikes in logs.",
      // The engineering lead verifies what the release manager deployed.
      approverRoles: ["ENGINEERING_LEAD"],
      fourEyes: true,
    },
  },
  {
    kind: "FLAG",
    name: "Enable the GitHub Actions integration",
    idempotent: true,
    config: { flagKey: "INTEGRATIONS_GITHUB_ACTIONS_ENABLED", enabled: true, applyCommand: 'echo "export ${FLAG_KEY}=${FLAG_ENABLED}; docker compose restart gateway (demo)"' },
  },
];

export const demoRollbackSteps: PipelineStep[] = [
  {
    kind: "SHELL",
    name: "Roll back Docker images",
    idempotent: true,
    config: { command: 'echo "docker compose down && docker compose up -d (previous images)"; sleep 1', env: [], timeoutSeconds: 300 },
  },
  {
    kind: "SHELL",
    name: "Roll back database migrations",
    idempotent: false,
    purpose: "downgrade",
    config: { command: 'echo "alembic downgrade -1"; sleep 1', env: [], timeoutSeconds: 600 },
  },
  {
    kind: "HTTP",
    name: "Wait for health",
    idempotent: true,
    config: { method: "GET", url: "${PREFLIGHT_URL}/api/health", headers: {}, expectStatus: 200, logResponseBody: false, retries: 5, backoffSeconds: 1, timeoutSeconds: 10 },
  },
];
