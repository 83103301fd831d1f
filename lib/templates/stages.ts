// Which stage of a release a checklist heading belongs to, from its words and its position. Pure: the import
// preview runs it in the browser.
import type { ChecklistPhase } from "@/lib/generated/prisma/enums";

export type HeadingKind = ChecklistPhase | "SIGNOFFS";

export const STAGE_ORDER: readonly ChecklistPhase[] = ["PRE_RELEASE", "RELEASE_DAY", "POST_RELEASE", "ROLLBACK"];

/** The heading a stage gets when the section that opened it was not named after a stage ("## 1. Prepare"). */
export const DEFAULT_STAGE_TITLES: Record<ChecklistPhase, string> = {
  PRE_RELEASE: "Pre-Release",
  RELEASE_DAY: "Release Day",
  POST_RELEASE: "Post-Release",
  ROLLBACK: "Emergency Rollback",
};

/** Lower case, anything but letters and digits as single spaces, leading numbering ("1.", "Step 2:") dropped. */
function wordsOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^(?:(?:step|phase|part|stage) )?(?:\d+ )+/, "");
}

/**
 * A heading that names a stage ("Pre-Release (1 day before)", "Release Day", "Post-Release (24 hours)",
 * "Emergency Rollback") or the sign-off block ("Release Approval", "Sign-offs"); null for any other heading.
 * Such a heading is kept as the stage's title.
 */
export function classifyPhaseHeading(text: string): HeadingKind | null {
  const words = wordsOf(text);
  if (/^pre ?release\b/.test(words)) return "PRE_RELEASE";
  if (/^release day\b/.test(words)) return "RELEASE_DAY";
  if (/^post ?release\b/.test(words)) return "POST_RELEASE";
  if (/\broll ?back\b/.test(words)) return "ROLLBACK";
  if (/\b(approvals?|approvers?|sign ?offs?|signoffs?)\b/.test(words)) return "SIGNOFFS";
  return null;
}

// Words that place a section in a stage without naming it. Words that fit any stage ("test", "verify",
// "check") are left out on purpose: such a section takes its stage from its position.
const TOPIC_WORDS: [RegExp, ChecklistPhase][] = [
  [/\b(revert|reverting|back ?out|emergency|incidents?|disaster|abort|recovery|undo|yank|yanking|(go|goes|went) wrong)\b/, "ROLLBACK"],
  [
    /\bpost ?(deploy|deployment|launch)\b|\b(after|afterwards|monitor|monitoring|observe|observability|follow ?ups?|announce|announcements?|communicate|communications?|comms|clean ?up|cleanup|retro|retrospective|wrap ?up|hypercare|close ?out)\b/,
    "POST_RELEASE",
  ],
  [
    /\bpre ?(deploy|deployment|launch|flight|checks?)\b|\b(preflight|before|prepare|preparation|preparing|prep|planning|plan|freeze|readiness|changelog|candidate)\b/,
    "PRE_RELEASE",
  ],
  [
    /\b(deploy|deploying|deployment|deployments|publish|publishing|ship|shipping|launch|launching|rollout|roll out|go ?live|cut ?over|cutover|tag|tagging|promote|promotion|production|prod|during)\b|^(the )?release( (steps?|process|time|window|execution))?$/,
    "RELEASE_DAY",
  ],
];

/** The stage a heading's words point to without naming it ("Deploy to production" → release day), or null. */
export function topicStage(text: string): ChecklistPhase | null {
  const words = wordsOf(text);
  let best: { index: number; stage: ChecklistPhase } | null = null;
  for (const [pattern, stage] of TOPIC_WORDS) {
    const index = pattern.exec(words)?.index;
    if (index !== undefined && (best === null || index < best.index)) best = { index, stage };
  }
  return best?.stage ?? null;
}

/** "pre-release", "Release day", "POST_RELEASE", "rollback" → the stage; anything else null. */
export function parseStageName(text: string): ChecklistPhase | null {
  const named = classifyPhaseHeading(text.replace(/_/g, " "));
  return named === null || named === "SIGNOFFS" ? null : named;
}

export interface StageClues {
  /** A stage named by the heading or its "(stage: …)" marker: always wins. */
  named: ChecklistPhase | null;
  /** A stage the heading's words point to. */
  topic: ChecklistPhase | null;
}

/**
 * Stages for top-level sections in document order. A named stage is taken as is. A topic moves forward only:
 * "Prepare" after "Deploy" stays release day (rollback words always count). A section with neither continues
 * the stage of the section before it; the first sections are pre-release.
 */
export function inferStages(sections: StageClues[]): ChecklistPhase[] {
  let previous: ChecklistPhase = "PRE_RELEASE";
  let progress = 0;
  return sections.map(({ named, topic }) => {
    let stage: ChecklistPhase;
    if (named) stage = named;
    else if (topic === "ROLLBACK") stage = topic;
    else if (topic) stage = STAGE_ORDER[Math.max(progress, STAGE_ORDER.indexOf(topic))]!;
    else stage = previous;
    if (stage !== "ROLLBACK") progress = Math.max(progress, STAGE_ORDER.indexOf(stage));
    previous = stage;
    return stage;
  });
}
