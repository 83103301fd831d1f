// Who the tests are signed in as. Test files mock "@/lib/auth/session" so getCurrentUser() returns
// `actingUser.current`; everything else (actions, permission checks, the database) is real.
import type { CurrentUser } from "@/lib/auth/session";
import type { PrismaClient, Role } from "@/lib/generated/prisma/client";

export const actingUser: { current: CurrentUser | null } = { current: null };

/** Signs the tests in as `user` (null: signed out) for the calls that follow. */
export const as = (user: CurrentUser | null) => {
  actingUser.current = user;
};

export interface UserOverrides {
  email?: string;
  name?: string;
  disabled?: boolean;
}

export async function createUser(prisma: PrismaClient, role: Role, overrides: UserOverrides = {}): Promise<CurrentUser> {
  const email = overrides.email ?? `${role.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  const user = await prisma.user.create({
    data: { email, name: overrides.name ?? `${role} user`, role, disabledAt: overrides.disabled ? new Date() : null },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** One user per key, created in order: `createUsers(prisma, { admin: ["ADMIN", { name: "Ada Admin" }], manager: ["RELEASE_MANAGER"] })`. */
export async function createUsers<K extends string>(
  prisma: PrismaClient,
  users: Record<K, [Role, UserOverrides?]>,
): Promise<Record<K, CurrentUser>> {
  const created = {} as Record<K, CurrentUser>;
  for (const [key, [role, overrides]] of Object.entries(users) as [K, [Role, UserOverrides?]][]) {
    created[key] = await createUser(prisma, role, overrides);
  }
  return created;
}
