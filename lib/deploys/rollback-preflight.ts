// Before a rollback starts: what it will do (flags off first, then the rollback pipeline, with the database
// downgrade skipped when the release ran no migrations) and whether what it needs is there (the version it goes
// back to was deployed, the last backup is recent enough). A failed check stops the rollback unless the person
// gives a reason to override it (lib/deploys/actions.ts startRollbackAction).
//
// The rules are pure (rollbackPreflight); loadRollbackPreflight reads their facts in one pass.
import type { Db } from "@/lib/db-types";
import { formatDateTime } from "@/lib/format";
import { previousReleasedVersion } from "@/lib/projects/variables";
import { pipelineStepsSchema, type PipelineStep } from "./pipeline-schema";
import { reportedMigrations } from "./step-outputs";
import { isStepPurpose } from "./step-purpose";
import type { PreflightCheck, RollbackPreflightView } from "./types";

export interface RollbackPreflight extends RollbackPreflightView {
  /** The rollback pipeline's steps as they will be created, with the positions to create as skipped. */
  pipeline: { steps: PipelineStep[]; skipped: Map<number, string> } | null;
}

interface DeployStepFact {
  name: string;
  purpose: string | null;
  startedAt: Date | null;
  outputs: unknown;
}

export interface RollbackPreflightFacts {
  version: string;
  /** ${PREVIOUS_VERSION}: the newest released version below this one, else the project's baseline. */
  previousVersion: string | null;
  /** The released release of that version, when it is one (else it is the baseline). */
  previousRelease: { releasedAt: Date | null; deployedBy: string | null } | null;
  rollbackSteps: PipelineStep[] | null;
  /** Whether the project's deploy pipeline marks a step as its backup. */
  backupStepDefined: boolean;
  lastBackup: { stepName: string; finishedAt: Date; version: string } | null;
  backupMaxAgeHours: number;
  /** The release's newest deploy run's steps; null when it has none. */
  deploySteps: DeployStepFact[] | null;
  /** The flags the release turned on, turned off before anything else. */
  flagsOn: string[];
}

const DOWNGRADE_SKIP = "This release ran no database migrations";

function ageText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = ms / 3_600_000;
  return hours < 48 ? `${Math.round(hours * 10) / 10} h` : `${Math.round(hours / 24)} days`;
}

function previousVersionCheck(facts: RollbackPreflightFacts): PreflightCheck {
  const label = "Version it goes back to";
  const uses = JSON.stringify(facts.rollbackSteps ?? []).includes("${PREVIOUS_VERSION}");
  if (!uses) return { id: "previous-version", label, state: "unchecked", message: "The rollback pipeline does not use ${PREVIOUS_VERSION}, so no version is checked." };
  const previous = facts.previousVersion;
  if (!previous) {
    return {
      id: "previous-version",
      label,
      state: "fail",
      message: `No version before ${facts.version} is known: nothing earlier of this project was released, and no “Version running now” is set. \${PREVIOUS_VERSION} has no value.`,
    };
  }
  if (!facts.previousRelease) return { id: "previous-version", label, state: "pass", message: `${previous} was running before the project came to Preflight (its “Version running now”).` };
  const when = facts.previousRelease.releasedAt ? ` on ${formatDateTime(facts.previousRelease.releasedAt)}` : "";
  const by = facts.previousRelease.deployedBy ? `, deployed by ${facts.previousRelease.deployedBy}` : "";
  return { id: "previous-version", label, state: "pass", message: `${previous} was released${when}${by}.` };
}

function backupCheck(facts: RollbackPreflightFacts, now: Date): PreflightCheck {
  const label = "Last backup";
  if (!facts.backupStepDefined) {
    return { id: "backup", label, state: "unchecked", message: "No step of the deploy pipeline is marked as the backup (purpose: backup), so no backup's age is checked." };
  }
  const last = facts.lastBackup;
  if (!last) return { id: "backup", label, state: "fail", message: "No backup step of this project has succeeded yet." };
  const age = now.getTime() - last.finishedAt.getTime();
  const what = `‘${last.stepName}’ (deploy of ${last.version}) finished ${ageText(age)} ago`;
  if (age > facts.backupMaxAgeHours * 3_600_000) {
    return { id: "backup", label, state: "fail", message: `The last backup is too old: ${what}; the project allows ${facts.backupMaxAgeHours} h.` };
  }
  return { id: "backup", label, state: "pass", message: `${what[0]!.toUpperCase()}${what.slice(1)} (the project allows ${facts.backupMaxAgeHours} h).` };
}

/** Whether the release ran migrations: false (and why), true, or null when it cannot be told. */
function migrationsRan(steps: DeployStepFact[] | null): { ran: boolean | null; why: string } {
  // A release that can be rolled back shipped somehow: without a run of Preflight's, by hand.
  if (steps === null) return { ran: null, why: "No deploy run of this release is recorded (it was deployed by hand?), so whether it ran migrations is not known." };
  const migrate = steps.filter((step) => step.purpose === "migrate");
  if (migrate.length === 0) return { ran: null, why: "The deploy marks no step as its migrations (purpose: migrate), so whether any ran is not known." };
  const started = migrate.filter((step) => step.startedAt !== null);
  if (started.length === 0) return { ran: false, why: `‘${migrate[0]!.name}’ never ran in this release's deploy.` };
  const counts = started.map((step) => reportedMigrations(step.outputs));
  const applied = counts.reduce<number>((sum, count) => sum + (count ?? 0), 0);
  if (applied > 0) return { ran: true, why: `This release applied ${applied} migration${applied === 1 ? "" : "s"} (‘${started[0]!.name}’).` };
  if (counts.some((count) => count === null)) {
    return { ran: null, why: `‘${started[0]!.name}’ ran but did not report how many migrations it applied (migrations=<count> in $PREFLIGHT_OUTPUT).` };
  }
  return { ran: false, why: `‘${started[0]!.name}’ reported that it applied no migrations.` };
}

/** The preflight of a rollback from its facts: checks, and the plan (which steps run, which are skipped and why). */
export function rollbackPreflight(facts: RollbackPreflightFacts, now: Date): RollbackPreflight {
  const steps = facts.rollbackSteps ?? [];
  const downgrades = steps.flatMap((step, position) => ("purpose" in step && step.purpose === "downgrade" ? [position] : []));
  const migrations = migrationsRan(facts.deploySteps);
  const skipped = new Map<number, string>();
  let migrationsCheck: PreflightCheck;
  if (downgrades.length === 0) {
    migrationsCheck = { id: "migrations", label: "Database downgrade", state: "unchecked", message: `No step of the rollback pipeline is marked as the database downgrade (purpose: downgrade). ${migrations.why}` };
  } else if (migrations.ran === false) {
    for (const position of downgrades) skipped.set(position, DOWNGRADE_SKIP);
    migrationsCheck = { id: "migrations", label: "Database downgrade", state: "pass", message: `${migrations.why} ‘${steps[downgrades[0]!]!.name}’ is skipped.` };
  } else {
    const runs = `‘${steps[downgrades[0]!]!.name}’ runs.`;
    migrationsCheck = { id: "migrations", label: "Database downgrade", state: migrations.ran ? "pass" : "unchecked", message: `${migrations.why} ${runs}` };
  }
  const checks = [previousVersionCheck(facts), backupCheck(facts, now), migrationsCheck];
  return {
    checks,
    failed: checks.filter((check) => check.state === "fail"),
    steps: [
      ...facts.flagsOn.map((key) => ({ name: `Disable ${key}`, kind: "FLAG" as const, skipReason: null })),
      ...steps.map((step, position) => ({ name: step.name, kind: step.kind, skipReason: skipped.get(position) ?? null })),
    ],
    pipeline: facts.rollbackSteps ? { steps, skipped } : null,
  };
}

/** The flags a release turned on that are still on: a rollback turns them off before anything else. */
export async function flagsTurnedOnBy(db: Db, release: { id: string; projectId: string }): Promise<string[]> {
  const flags = await db.featureFlag.findMany({
    where: { projectId: release.projectId, enabled: true, changes: { some: { releaseId: release.id, enabled: true } } },
    select: { key: true },
    orderBy: { key: "asc" },
  });
  return flags.map((flag) => flag.key);
}

/**
 * Reads a rollback preflight's facts for a release; null when the release does not exist. `rollbackSteps`: the
 * rollback pipeline's steps the caller will run (else the project's newest rollback pipeline is read).
 */
export async function loadRollbackPreflight(db: Db, releaseId: string, now: Date, rollbackSteps?: PipelineStep[]): Promise<RollbackPreflight | null> {
  const release = await db.release.findUnique({
    where: { id: releaseId },
    select: {
      id: true,
      version: true,
      projectId: true,
      project: { select: { baselineVersion: true, backupMaxAgeHours: true, releases: { where: { status: "RELEASED" }, select: { version: true } } } },
    },
  });
  if (!release) return null;
  const previousVersion = previousReleasedVersion(release.project.releases.map((r) => r.version), release.version, release.project.baselineVersion);
  const [pipelines, deployRun, previous, lastBackup, flagsOn] = await Promise.all([
    Promise.all(
      (rollbackSteps ? (["DEPLOY"] as const) : (["DEPLOY", "ROLLBACK"] as const)).map((kind) => db.pipeline.findFirst({ where: { projectId: release.projectId, kind }, orderBy: { version: "desc" }, select: { steps: true } })),
    ),
    db.deployRun.findFirst({
      where: { releaseId, kind: "DEPLOY" },
      orderBy: { sequence: "desc" },
      select: { steps: { orderBy: { position: "asc" }, select: { name: true, purpose: true, startedAt: true, outputs: true } } },
    }),
    previousVersion
      ? db.release.findFirst({
          where: { projectId: release.projectId, version: previousVersion, status: "RELEASED" },
          select: {
            releasedAt: true,
            runs: { where: { kind: "DEPLOY", status: "SUCCEEDED" }, orderBy: { sequence: "desc" }, take: 1, select: { startedBy: { select: { name: true } } } },
          },
        })
      : null,
    db.deployStep.findFirst({
      where: { purpose: "backup", status: "SUCCEEDED", finishedAt: { not: null }, run: { projectId: release.projectId } },
      orderBy: { finishedAt: "desc" },
      select: { name: true, finishedAt: true, run: { select: { release: { select: { version: true } } } } },
    }),
    flagsTurnedOnBy(db, release),
  ]);
  const [deployPipeline, rollbackPipeline] = pipelines;
  const stepsOf = (raw: unknown) => {
    const parsed = pipelineStepsSchema.safeParse(raw);
    return parsed.success ? parsed.data : null;
  };
  const deploySteps = deployPipeline ? stepsOf(deployPipeline.steps) : null;
  return rollbackPreflight(
    {
      version: release.version,
      previousVersion,
      previousRelease: previous ? { releasedAt: previous.releasedAt, deployedBy: previous.runs[0]?.startedBy.name ?? null } : null,
      rollbackSteps: rollbackSteps ?? (rollbackPipeline ? stepsOf(rollbackPipeline.steps) : null),
      backupStepDefined: (deploySteps ?? []).some((step) => "purpose" in step && step.purpose === "backup"),
      lastBackup: lastBackup?.finishedAt ? { stepName: lastBackup.name, finishedAt: lastBackup.finishedAt, version: lastBackup.run.release.version } : null,
      backupMaxAgeHours: release.project.backupMaxAgeHours,
      deploySteps: deployRun ? deployRun.steps.map((step) => ({ ...step, purpose: isStepPurpose(step.purpose) ? step.purpose : null })) : null,
      flagsOn,
    },
    now,
  );
}
