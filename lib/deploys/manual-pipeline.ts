// The pipeline for teams that deploy by hand: one approval step, so the run waits for a person to confirm the
// deploy was done, and is recorded (and shown) as a manual deploy. Kept apart from pipeline-schema.ts so the
// pipeline editor can offer it without loading zod in the browser (zod probes `new Function`, which the
// Content-Security-Policy refuses and reports).
import type { PipelineStep } from "./pipeline-schema";

/** Whether a pipeline is a manual one: exactly one approval step. */
export function isManualPipeline(steps: readonly PipelineStep[]): boolean {
  return steps.length === 1 && steps[0]!.kind === "APPROVAL";
}

/** The pipeline offered to teams that deploy by hand (pipelines page, "Use a manual pipeline"). */
export function manualPipeline(kind: "DEPLOY" | "ROLLBACK"): PipelineStep[] {
  const what = kind === "DEPLOY" ? "deploy" : "rollback";
  return [
    {
      kind: "APPROVAL",
      name: kind === "DEPLOY" ? "Deployed by hand" : "Rolled back by hand",
      idempotent: false,
      // Whoever does the deploy by hand confirms it: the person who started the run may approve it.
      config: {
        instructions: `Do the ${what} by hand, following the checklist, then approve here to record that it is done.`,
        approverRoles: ["RELEASE_MANAGER", "ADMIN"],
        fourEyes: false,
      },
    },
  ];
}
