import "server-only";
import { db } from "@/lib/db";

export const USERS_PER_PAGE = 50;

export async function listUsers(page = 1) {
  const [users, total] = await Promise.all([
    db.user.findMany({
      orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { name: "asc" }, { id: "asc" }],
      skip: (page - 1) * USERS_PER_PAGE,
      take: USERS_PER_PAGE,
      select: { id: true, email: true, name: true, role: true, disabledAt: true, lastSignInAt: true, createdAt: true },
    }),
    db.user.count(),
  ]);
  return { users, total, pages: Math.max(1, Math.ceil(total / USERS_PER_PAGE)) };
}

export type ListedUser = Awaited<ReturnType<typeof listUsers>>["users"][number];
