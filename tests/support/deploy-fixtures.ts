// Fixtures for the deploy integration tests: small projects with fast custom pipelines written straight to
// the database, releases that are ready to deploy, marker files that count how often a step really ran,
// and waits on run and step states.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionResult } from "@/lib/actions/define-action";
import type { CurrentUser } from "@/lib/auth/session";
import type { EngineConfig } from "@/lib/deploys/engine";
import { linesOfChunks } from "@/lib/deploys/log-chunks";
import { pipelineStepsSchema, type PipelineStep } from "@/lib/deploys/pipeline-schema";
import type { DeployRun, DeployStep, Prisma, PrismaClient, RunStatus, StepStatus } from "@/lib/generated/prisma/client";
import { actingUser } from "./acting-user";
import { waitFor } from "./deploys";

/**
 * Calls a server action as `user`. The mocked session reads `actingUser.current` synchronously when the
 * action is called, so concurrent tests acting as different users do not disturb each other.
 */
export function act<T>(user: CurrentUser, action: (input: unknown) => Promise<ActionResult<T>>, input: unknown): Promise<ActionResult<T>> {
  actingUser.current = user;
  return action(input);
}

/** A temporary folder for one scenario's marker and pid files; removed by `removeScratchDirs`. */
const scratchDirs: string[] = [];
export function scratchDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "preflight-deploy-test-"));
  scratchDirs.push(dir);
  return dir;
}

/** Kills whatever a scenario left running (its commands write their process group to `pgid` files) and removes the folders. */
export function removeScratchDirs(): void {
  for (const dir of scratchDirs.splice(0)) {
    for (const file of ["pgid", "pgid.1", "pgid.2"]) {
      const pgid = readNumber(path.join(dir, file));
      if (pgid) {
        try {
          process.kill(-pgid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many lines a marker file has: how many times the step that appends to it ran. */
export function markerLines(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, "utf8").split("\n").filter((line) => line.length > 0).length;
}

export function readNumber(file: string): number | null {
  if (!existsSync(file)) return null;
  const value = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** True when the process no longer runs (gone, or a zombie nobody has reaped yet). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    // "<pid> (<comm>) <state> …": Z is a zombie, X dead.
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
    return state === "Z" || state === "X";
  } catch {
    return true;
  }
}

export interface StepOptions {
  idempotent?: boolean;
  /** Environment for the command; the scenario's folder is passed as DIR. */
  env?: Record<string, string>;
  timeoutSeconds?: number;
}

export function shell(name: string, command: string, options: StepOptions = {}): PipelineStep {
  return {
    kind: "SHELL",
    name,
    idempotent: options.idempotent ?? false,
    config: { command, env: Object.entries(options.env ?? {}).map(([key, value]) => ({ name: key, value, secret: false })), timeoutSeconds: options.timeoutSeconds ?? 60 },
  };
}

export function approval(name: string, options: { approverRoles?: ("ENGINEERING_LEAD" | "RELEASE_MANAGER" | "ADMIN")[]; fourEyes?: boolean } = {}): PipelineStep {
  return {
    kind: "APPROVAL",
    name,
    idempotent: true,
    config: { instructions: "", approverRoles: options.approverRoles ?? ["RELEASE_MANAGER", "ADMIN"], fourEyes: options.fourEyes ?? true },
  };
}

export function wait(name: string, seconds: number): PipelineStep {
  return { kind: "WAIT", name, idempotent: true, config: { seconds } };
}

export function flag(name: string, flagKey: string, enabled: boolean): PipelineStep {
  return { kind: "FLAG", name, idempotent: true, config: { flagKey, enabled } };
}

let counter = 0;

export interface Scenario {
  projectId: string;
  releaseId: string;
  version: string;
}

/** A project of its own (so scenarios never share a deploy lock) with the given pipelines and a READY release. */
export async function createScenario(
  prisma: PrismaClient,
  manager: CurrentUser,
  pipelines: { deploy: PipelineStep[]; rollback?: PipelineStep[] },
): Promise<Scenario> {
  counter += 1;
  const project = await prisma.project.create({ data: { slug: `scenario-${counter}-${Math.random().toString(36).slice(2, 8)}`, name: `Scenario ${counter}` } });
  await prisma.pipeline.create({ data: { projectId: project.id, kind: "DEPLOY", version: 1, steps: pipelineStepsSchema.parse(pipelines.deploy) as Prisma.InputJsonValue } });
  if (pipelines.rollback) {
    await prisma.pipeline.create({ data: { projectId: project.id, kind: "ROLLBACK", version: 1, steps: pipelineStepsSchema.parse(pipelines.rollback) as Prisma.InputJsonValue } });
  }
  const version = `1.${counter}.0`;
  const releaseId = await createReadyRelease(prisma, project.id, manager, version);
  return { projectId: project.id, releaseId, version };
}

/** A release with no checklist items and no sign-off requirements, so nothing stands between it and a deploy. */
export async function createReadyRelease(prisma: PrismaClient, projectId: string, manager: CurrentUser, version: string): Promise<string> {
  const release = await prisma.release.create({
    data: {
      projectId,
      version,
      title: `Release ${version}`,
      status: "READY",
      readyAt: new Date(),
      releaseManagerId: manager.id,
      createdById: manager.id,
      templateName: "Test template",
      templateSnapshot: {},
    },
  });
  return release.id;
}

export function waitForRun(prisma: PrismaClient, runId: string, status: RunStatus | RunStatus[], timeoutMs = 15_000): Promise<DeployRun> {
  const wanted = Array.isArray(status) ? status : [status];
  return waitFor(
    async () => {
      const run = await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } });
      return wanted.includes(run.status) ? run : undefined;
    },
    `run ${runId} to be ${wanted.join(" or ")}`,
    timeoutMs,
  );
}

export function waitForStep(prisma: PrismaClient, runId: string, position: number, status: StepStatus, timeoutMs = 15_000): Promise<DeployStep> {
  return waitFor(
    async () => {
      const step = await prisma.deployStep.findUniqueOrThrow({ where: { runId_position: { runId, position } } });
      return step.status === status ? step : undefined;
    },
    `step ${position + 1} of run ${runId} to be ${status}`,
    timeoutMs,
  );
}

export function stepsOf(prisma: PrismaClient, runId: string): Promise<DeployStep[]> {
  return prisma.deployStep.findMany({ where: { runId }, orderBy: { position: "asc" } });
}

export async function logOf(prisma: PrismaClient, stepId: string): Promise<{ stream: string; line: string; attempt: number }[]> {
  const chunks = await prisma.stepLogChunk.findMany({ where: { stepId }, orderBy: { id: "asc" } });
  return linesOfChunks(chunks, null, Number.MAX_SAFE_INTEGER).map(({ stream, line, attempt }) => ({ stream, line, attempt }));
}

/** The run's audit events, oldest first, as { type, actorId, payload }. */
export async function runEvents(prisma: PrismaClient, runId: string) {
  const events = await prisma.auditEvent.findMany({ where: { payload: { path: ["runId"], equals: runId } }, orderBy: { id: "asc" } });
  return events.map((e) => ({ type: e.type, actorId: e.actorId, payload: e.payload as Record<string, unknown> }));
}

export function runIdOf(result: ActionResult<{ runId: string }>): string {
  if (!result.ok) throw new Error(`Expected the action to succeed, got ${result.code}: ${result.message}`);
  return result.data.runId;
}

/**
 * The engine's settings for running processRun inside a test (no worker process): a quick heartbeat, no
 * recovery meanwhile, and no queue job (the test calls processRun itself).
 */
export function inProcessEngine(db: PrismaClient, overrides: Partial<EngineConfig> = {}): EngineConfig {
  return {
    db,
    workerId: "test-engine",
    publicUrl: "http://localhost:3000",
    heartbeatMs: 200,
    staleAfterMs: 60_000,
    killGraceMs: 500,
    allowShell: true,
    enqueue: async () => undefined,
    draining: () => false,
    ...overrides,
  };
}
