// The container files cannot be built or run here (no container engine; `docker compose` is not installed
// either), so what can be checked without one is checked: every path the Dockerfile copies or runs exists,
// compose.yaml wires the roles the entrypoint knows in the documented order, and the worker is started
// with the same Node flags everywhere. The entrypoint itself runs in e2e/container.spec.ts.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { WORKER_NODE_FLAGS } from "@/lib/worker/node-flags";

const root = path.resolve(import.meta.dirname, "..", "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const dockerfile = read("Dockerfile");
const entrypoint = read("scripts/docker-entrypoint.sh");

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { disable?: boolean; test?: string[] };
  volumes?: string[];
  restart?: string;
}
const compose = parse(read("compose.yaml"), { merge: true }) as { services: Record<string, ComposeService> };

describe("Dockerfile", () => {
  it("copies only files that exist in the build context", () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) (\S+)$/gm)].flatMap((match) => match[1]!.split(/\s+/));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(existsSync(path.join(root, source)), source).toBe(true);
  });

  it("runs as a non-root user, starts through the entrypoint and checks /api/health", () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]');
    expect(dockerfile).toMatch(/^HEALTHCHECK[\s\S]*\/api\/health/m);
    expect(statSync(path.join(root, "scripts/docker-entrypoint.sh")).mode & 0o111).not.toBe(0);
    expect(statSync(path.join(root, "deploy/postgres-init.sh")).mode & 0o111).not.toBe(0);
  });

  it("keeps out of the build context what the build makes itself", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of ["node_modules", ".next", ".data", "lib/generated", ".env"]) expect(ignored).toContain(entry);
  });
});

describe("compose.yaml", () => {
  const { services } = compose;

  it("runs PostgreSQL 18, a one-shot migration job, the web server and the worker from one image", () => {
    expect(Object.keys(services).sort()).toEqual(["migrate", "postgres", "web", "worker"]);
    expect(services.postgres!.image).toBe("postgres:18");
    expect(services.postgres!.volumes).toContain("./deploy/postgres-init.sh:/docker-entrypoint-initdb.d/10-preflight-app-role.sh:ro");
    for (const role of ["migrate", "web", "worker"]) {
      expect(services[role]!.image).toBe("preflight:latest");
      expect(services[role]!.command).toEqual([role]);
      expect(entrypoint).toContain(`  ${role})`);
    }
    expect(services.migrate!.restart).toBe("no");
  });

  it("starts web and worker only after the migration job succeeded, and the job only on a healthy database", () => {
    expect(services.migrate!.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    expect(services.web!.depends_on).toEqual({ migrate: { condition: "service_completed_successfully" } });
    expect(services.worker!.depends_on).toEqual({ migrate: { condition: "service_completed_successfully" } });
  });

  it("migrates as the owner while web and worker connect as the runtime role", () => {
    expect(services.migrate!.environment!.MIGRATION_DATABASE_URL).toMatch(/^postgresql:\/\/preflight:/);
    for (const role of ["migrate", "web", "worker"]) expect(services[role]!.environment!.DATABASE_URL).toMatch(/^postgresql:\/\/preflight_app:/);
    expect(services.web!.environment!.MIGRATION_DATABASE_URL).toBeUndefined();
    expect(services.worker!.environment!.MIGRATION_DATABASE_URL).toBeUndefined();
  });

  it("exposes metrics beyond the container only with a token (the web refuses to start otherwise)", () => {
    expect(services.web!.environment!.PREFLIGHT_METRICS_HOST).toBe("0.0.0.0");
    expect(services.web!.environment!.PREFLIGHT_METRICS_TOKEN).toBe("${PREFLIGHT_METRICS_TOKEN:-}");
  });
});

describe("the worker's Node flags", () => {
  it("are the same in the entrypoint as in lib/worker/node-flags.ts", () => {
    expect(entrypoint).toContain(`exec node ${WORKER_NODE_FLAGS.join(" ")} --import tsx lib/worker/main.ts`);
  });
});
