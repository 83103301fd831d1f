import type { ReleaseStatus } from "@/lib/generated/prisma/client";
import { Badge, type BadgeProps, type BadgeTone } from "@/components/ui/badge";
import { releaseStatusLabels } from "@/lib/releases/rules";

type StatusStyle = { tone: BadgeTone; /** In-progress states get a pulsing dot. */ active?: boolean };

export const releaseStatusStyles: Record<ReleaseStatus, StatusStyle> = {
  DRAFT: { tone: "neutral" },
  PREPARING: { tone: "info" },
  READY: { tone: "info" },
  DEPLOYING: { tone: "info", active: true },
  MONITORING: { tone: "info", active: true },
  RELEASED: { tone: "success" },
  FAILED: { tone: "danger" },
  ROLLING_BACK: { tone: "warning", active: true },
  ROLLED_BACK: { tone: "warning" },
  CANCELLED: { tone: "neutral" },
};

export function ReleaseStatusBadge({
  status,
  ...props
}: Omit<BadgeProps, "tone" | "children" | "dot"> & { status: ReleaseStatus }) {
  const { tone, active } = releaseStatusStyles[status];
  return (
    <Badge tone={tone} dot={active ? "pulse" : true} {...props}>
      {releaseStatusLabels[status]}
    </Badge>
  );
}
