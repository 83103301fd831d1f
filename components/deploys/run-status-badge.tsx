import type { RunKind, RunStatus } from "@/lib/generated/prisma/enums";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { runKindLabels, runStatusLabels } from "@/lib/deploys/format";
import { runStatusTones } from "./icons";

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
