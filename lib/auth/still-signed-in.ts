// For responses that outlive their request (event streams): is the user who opened it still allowed in?
// Disabled, signed out everywhere (sessionVersion), past the session's end or no longer holding the
// permission means no.
import { can, type Permission } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db-types";

export interface StreamHolder {
  id: string;
  sessionVersion?: number;
  sessionExpiresAt?: number;
}

export async function stillSignedIn(db: Db, holder: StreamHolder, permission: Permission, now = Date.now()): Promise<boolean> {
  if (holder.sessionExpiresAt !== undefined && now >= holder.sessionExpiresAt) return false;
  const user = await db.user.findUnique({ where: { id: holder.id }, select: { id: true, role: true, disabledAt: true, sessionVersion: true, mustChangePassword: true } });
  if (!user || user.disabledAt || user.mustChangePassword) return false;
  if (holder.sessionVersion !== undefined && user.sessionVersion !== holder.sessionVersion) return false;
  return can(user, permission).allowed;
}
