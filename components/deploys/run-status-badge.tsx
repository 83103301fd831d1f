import type { RunKind, RunStatus } from "@/lib/generated/prisma/enums";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { runKindLabels, runStatusLabels } from "@/lib/deploys/format";

const runStatusTones: Record<RunStatus, { tone: "neutral" | "info" | "success" | "warning" | "danger"; pulse?: boolean }> = {
  QUEUED: { tone: "info", pulse: true },
  RUNNING: { tone: "info", pulse: true },
  WAITING: { tone: "warning" },
  NEEDS_DECISION: { tone: "warning" },
  SUCCEEDED: { tone: "success" },
  FAILED: { tone: "danger" },
  CANCELLING: { tone: "warning", pulse: true },
  CANCELLED: { tone: "neutral" },
};

/** A run's status as a badge: "Running" with a pulsing dot, "Failed" in red, … (`kind` prefixes "Rollback"). */
export function RunStatusBadge({ status, kind, ...props }: Omit<BadgeProps, "tone" | "dot" | "children"> & { status: RunStatus; kind?: RunKind }) {
  const { tone, pulse } = runStatusTones[status];
  const label = runStatusLabels[status];
  return (
    <Badge tone={tone} dot={pulse ? "pulse" : true} {...props}>
      {kind === "ROLLBACK" ? `${runKindLabels.ROLLBACK}: ${label.toLowerCase()}` : label}
    </Badge>
  );
}
