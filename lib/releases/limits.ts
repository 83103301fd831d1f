// How long release inputs may be. The zod schemas (schemas.ts, history.ts) and the forms' maxLength both read
// these, so the two cannot drift. No zod here: client components import this module.
export const RELEASE_LIMITS = {
  versionChars: 64,
  titleChars: 200,
  /** A checklist item's note; the deploy's own notes too (deploy-ticks.ts). */
  noteChars: 2_000,
  evidenceUrlChars: 2_000,
  /** Unticking an item, marking it not applicable, revoking a sign-off. */
  reasonChars: 500,
  signoffCommentChars: 2_000,
  /** The optional reason for moving a release to another status. */
  transitionReasonChars: 2_000,
  /** The history page's search box. */
  searchChars: 100,
} as const;
