// How long deploy inputs may be: read by the zod schemas (schemas.ts) and by the dialogs' maxLength. No zod
// here: client components import this module.
export const DEPLOY_LIMITS = {
  /** Rollback, skip, cancel, lock take-over and flag reasons. */
  reasonChars: 500,
  /** An approval's comment. */
  commentChars: 2_000,
  pipelineSteps: 50,
  /** A pipeline step's name (template items bind to steps by it). */
  stepNameChars: 120,
} as const;
