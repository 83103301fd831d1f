import type { ReleaseStatus } from "@/lib/generated/prisma/client";
import { Badge, type BadgeProps, type BadgeTone } from "@/components/ui/badge";

type StatusStyle = { label: string; tone: BadgeTone; /** In-progress states get a pulsing dot. */ active?: boolean };

export const releaseStatusStyles: Record<ReleaseStatus, StatusStyle> = {
  DRAFT: { label: "Draft", tone: "neutral" },
  PREPARING: { label: "Preparing", tone: "info" },
  READY: { label: "Ready", tone: "info" },
  DEPLOYING: { label: "Deploying", tone: "info", active: true },
  MONITORING: { label: "Monitoring", tone: "info", active: true },
  RELEASED: { label: "Released", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
  ROLLING_BACK: { label: "Rolling back", tone: "warning", active: true },
  ROLLED_BACK: { label: "Rolled back", tone: "warning" },
  CANCELLED: { label: "Cancelled", tone: "neutral" },
};

/** Human label for a release status, e.g. `ROLLING_BACK` → "Rolling back". */
export function releaseStatusLabel(status: ReleaseStatus): string {
  return releaseStatusStyles[status].label;
}

export function ReleaseStatusBadge({
  status,
  ...props
}: Omit<BadgeProps, "tone" | "children" | "dot"> & { status: ReleaseStatus }) {
  const { label, tone, active } = releaseStatusStyles[status];
  return (
    <Badge tone={tone} dot={active ? "pulse" : true} {...props}>
      {label}
    </Badge>
  );
}
