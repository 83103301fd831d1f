"use server";

import { auditTypes } from "@/lib/audit/events/types";
import { ActionError, defineAction, type ActionContext } from "@/lib/actions/define-action";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/auth/password";
import { roleLabels } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { refuseUserChange } from "./rules";
import { changeOwnPasswordSchema, changeRoleSchema, createUserSchema, resetPasswordSchema, setUserDisabledSchema } from "./schemas";

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
    await audit({ type: auditTypes.userCreated, payload: { userId: user.id, email: user.email, role: input.role } });
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
    await audit({ type: auditTypes.userRoleChanged, payload: { userId: target.id, email: target.email, from: target.role, to: input.role } });
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
    // Disabling also ends every session (and open event stream) the user has, not just their next request.
    await tx.user.update({
      where: { id: target.id },
      data: input.disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
    });
    await audit({ type: input.disabled ? auditTypes.userDisabled : auditTypes.userEnabled, payload: { userId: target.id, email: target.email } });
    return { id: target.id, disabled: input.disabled };
  },
});

export const changeOwnPasswordAction = defineAction({
  name: "changeOwnPassword",
  permission: "account.password",
  input: changeOwnPasswordSchema,
  allowWhilePasswordChangeRequired: true,
  async run({ tx, input, actor, audit }) {
    const user = await tx.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
    if (!user?.passwordHash) {
      throw new ActionError("conflict", "Your account signs in through a provider and has no password here.");
    }
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
      throw new ActionError("invalid", "Your current password is not right.", { currentPassword: ["Your current password is not right"] });
    }
    // A new sessionVersion signs the account out everywhere, this browser included: it signs in again.
    await tx.user.update({
      where: { id: actor.id },
      data: { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
    });
    await audit({ type: auditTypes.userPasswordChanged, payload: { userId: actor.id } });
    return { id: actor.id };
  },
});

export const resetUserPasswordAction = defineAction({
  name: "resetUserPassword",
  permission: "user.manage",
  input: resetPasswordSchema,
  revalidate: ["/admin"],
  async run({ tx, input, actor, audit }) {
    if (input.userId === actor.id) throw new ActionError("conflict", "Change your own password from your account menu instead.");
    const target = await loadTarget(tx, input.userId);
    const password = generatePassword();
    // The user is signed out everywhere and must choose a new password at their next sign-in.
    await tx.user.update({
      where: { id: target.id },
      data: { passwordHash: await hashPassword(password), mustChangePassword: true, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
    });
    await audit({ type: auditTypes.userPasswordReset, payload: { userId: target.id, email: target.email } });
    // Shown once to the admin, never stored in clear.
    return { id: target.id, email: target.email, password };
  },
});
