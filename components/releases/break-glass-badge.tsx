import { Badge } from "@/components/ui/badge";
import { BreakGlassIcon } from "@/components/ui/icons";
import { formatDateTime } from "@/lib/format";

/** Marks a release deployed with break-glass (without every sign-off) wherever releases are listed. */
export function BreakGlassBadge({ at, className }: { at: Date | string; className?: string }) {
  return (
    <Badge tone="danger" className={className} title={`Deployed with break-glass on ${formatDateTime(new Date(at))}, without every sign-off`} data-testid="break-glass-badge">
      <BreakGlassIcon className="size-3" />
      Break-glass
    </Badge>
  );
}
