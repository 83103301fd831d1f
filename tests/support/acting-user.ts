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

/** The people the action tests act as, each with the role and the name their audit trails show. */
const cast = {
  admin: ["ADMIN", "Ada Admin"],
  manager: ["RELEASE_MANAGER", "Rae Manager"],
  otherManager: ["RELEASE_MANAGER", "Sam Second"],
  lead: ["ENGINEERING_LEAD", "Lee Lead"],
} as const satisfies Record<string, readonly [Role, string]>;

/** Creates the named members of the cast, in the order given: `const { admin, manager } = await createCast(prisma, "admin", "manager")`. */
export async function createCast<K extends keyof typeof cast>(prisma: PrismaClient, ...names: K[]): Promise<Record<K, CurrentUser>> {
  const created = {} as Record<K, CurrentUser>;
  for (const name of names) {
    const [role, fullName] = cast[name];
    created[name] = await createUser(prisma, role, { name: fullName });
  }
  return created;
}
