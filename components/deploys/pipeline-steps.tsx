import { Badge } from "@/components/ui/badge";
import { stepKindLabels } from "@/lib/deploys/format";
import type { StepSummary } from "@/lib/deploys/pipeline-summary";

/** A pipeline, read-only: its steps in order, what each does, and whether it is safe to re-run. */
export function PipelineSteps({ steps, label }: { steps: StepSummary[]; label: string }) {
  if (steps.length === 0) return <p className="text-sm text-muted">No steps.</p>;
  return (
    <ol aria-label={label} className="flex flex-col gap-3">
      {steps.map((step, index) => (
        <li key={index} className="flex gap-3">
          <span
            aria-hidden="true"
            className="flex size-6 shrink-0 items-center justify-center rounded-full border border-border-strong text-xs font-medium text-muted tabular-nums"
          >
            {index + 1}
          </span>
          <div className="flex min-w-0 flex-col gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm font-medium">{step.name}</span>
              {step.kind ? <Badge>{stepKindLabels[step.kind]}</Badge> : <Badge tone="danger">Invalid</Badge>}
              {step.kind && !step.idempotent ? <Badge tone="warning">Not safe to re-run</Badge> : null}
            </div>
            {step.details.map((detail, i) => (
              <p key={i} className={detail.startsWith("$ ") ? "font-mono text-xs text-muted [overflow-wrap:anywhere]" : "text-xs text-muted [overflow-wrap:anywhere]"}>
                {detail}
              </p>
            ))}
          </div>
        </li>
      ))}
    </ol>
  );
}
