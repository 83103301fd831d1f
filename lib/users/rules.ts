// Rules for changing users, as pure functions.
import type { Role } from "@/lib/generated/prisma/enums";

export interface AdminChange {
  actorId: string;
  target: { id: string; role: Role; disabled: boolean };
  /** The target's state after the change. */
  next: { role: Role; disabled: boolean };
  /** Enabled admins before the change, the target included. */
  activeAdmins: number;
}

/** Why the change is refused, or null when it is allowed. */
export function refuseUserChange({ actorId, target, next, activeAdmins }: AdminChange): string | null {
  if (target.id === actorId && next.disabled && !target.disabled) return "You cannot disable your own account";
  const wasActiveAdmin = target.role === "ADMIN" && !target.disabled;
  const staysActiveAdmin = next.role === "ADMIN" && !next.disabled;
  if (wasActiveAdmin && !staysActiveAdmin && activeAdmins <= 1) {
    return "This is the last admin: make someone else an admin first";
  }
  return null;
}
