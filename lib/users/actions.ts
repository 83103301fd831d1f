"use server";

import { ActionError, defineAction, type ActionContext } from "@/lib/actions/define-action";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { roleLabels } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { refuseUserChange } from "./rules";
import { changeRoleSchema, createUserSchema, setUserDisabledSchema } from "./schemas";

type Tx = ActionContext<unknown>["tx"];

// Locks the enabled admins' rows so that two concurrent changes cannot both remove "the other" admin.
async function lockActiveAdmins(tx: Tx): Promise<number> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE role = 'ADMIN' AND "disabledAt" IS NULL FOR UPDATE`;
  return rows.length;
}

async function loadTarget(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, disabledAt: true } });
  if (!user) throw new ActionError("not_found", "That user does not exist (any more).");
  return user;
}

export const createUserAction = defineAction({
  name: "createUser",
  permission: "user.manage",
  input: createUserSchema,
  revalidate: ["/admin"],
  async run({ tx, input, audit }) {
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) {
      throw new ActionError("conflict", "A user with this email already exists.", { email: ["A user with this email already exists"] });
    }
    const password = input.password || generatePassword();
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(password) },
      select: { id: true, email: true },
    });
    await audit({ type: "user.created", payload: { userId: user.id, email: user.email, role: input.role } });
    // The password is returned once, so the admin can hand it over; it is never stored in clear.
    return { id: user.id, email: user.email, password: input.password ? null : password };
  },
});

export const changeUserRoleAction = defineAction({
  name: "changeUserRole",
  permission: "user.manage",
  input: changeRoleSchema,
  revalidate: ["/admin"],
  async run({ tx, input, actor, audit }) {
    const activeAdmins = await lockActiveAdmins(tx);
    const target = await loadTarget(tx, input.userId);
    // Nothing to change is not a failure of the system: say so plainly (the wrapper refuses unaudited successes).
    if (target.role === input.role) throw new ActionError("conflict", `${target.email} is already ${roleLabels[target.role].toLowerCase()}: nothing changed.`);
    const refusal = refuseUserChange({
      actorId: actor.id,
      target: { id: target.id, role: target.role, disabled: !!target.disabledAt },
      next: { role: input.role, disabled: !!target.disabledAt },
      activeAdmins,
    });
    if (refusal) throw new ActionError("conflict", refusal);
    await tx.user.update({ where: { id: target.id }, data: { role: input.role } });
    await audit({ type: "user.role_changed", payload: { userId: target.id, email: target.email, from: target.role, to: input.role } });
    return { id: target.id, role: input.role as Role };
  },
});

export const setUserDisabledAction = defineAction({
  name: "setUserDisabled",
  permission: "user.manage",
  input: setUserDisabledSchema,
  revalidate: ["/admin"],
  async run({ tx, input, actor, audit }) {
    const activeAdmins = await lockActiveAdmins(tx);
    const target = await loadTarget(tx, input.userId);
    if (!!target.disabledAt === input.disabled) {
      throw new ActionError("conflict", `${target.email} is already ${input.disabled ? "disabled" : "enabled"}: nothing changed.`);
    }
    const refusal = refuseUserChange({
      actorId: actor.id,
      target: { id: target.id, role: target.role, disabled: !!target.disabledAt },
      next: { role: target.role, disabled: input.disabled },
      activeAdmins,
    });
    if (refusal) throw new ActionError("conflict", refusal);
    await tx.user.update({ where: { id: target.id }, data: { disabledAt: input.disabled ? new Date() : null } });
    await audit({ type: input.disabled ? "user.disabled" : "user.enabled", payload: { userId: target.id, email: target.email } });
    return { id: target.id, disabled: input.disabled };
  },
});
