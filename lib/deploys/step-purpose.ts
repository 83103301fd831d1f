// What a deploy or rollback step is for, when it matters to a rollback (lib/deploys/rollback-preflight.ts): the
// backup it may need, the migrations a release ran, the downgrade that undoes them. Pure (no zod): the step
// editor shows these.

export const STEP_PURPOSES = ["backup", "migrate", "downgrade"] as const;
export type StepPurpose = (typeof STEP_PURPOSES)[number];

export const stepPurposeLabels: Record<StepPurpose, string> = {
  backup: "Backup",
  migrate: "Database migrations",
  downgrade: "Database downgrade",
};

/** One line per purpose, for the step editor and the docs. */
export const stepPurposeHints: Record<StepPurpose, string> = {
  backup: "Takes a backup: a rollback checks how long ago it last succeeded.",
  migrate: "Applies database migrations: write migrations=<count> to $PREFLIGHT_OUTPUT so a rollback knows whether any ran.",
  downgrade: "Undoes database migrations (rollback pipeline): skipped when the release ran none.",
};

export function isStepPurpose(value: unknown): value is StepPurpose {
  return typeof value === "string" && (STEP_PURPOSES as readonly string[]).includes(value);
}
