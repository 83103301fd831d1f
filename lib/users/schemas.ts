import { z } from "zod";
import { roles } from "@/lib/auth/permissions";
import { atMostChars } from "@/lib/format";
import { USER_LIMITS } from "./limits";

const passwordTooLong = atMostChars("A password", USER_LIMITS.passwordChars);
const tooShort = `Use at least ${USER_LIMITS.newPasswordMinChars} characters`;

export const emailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address")
  .max(USER_LIMITS.emailChars, atMostChars("An email address", USER_LIMITS.emailChars))
  .pipe(z.email("Enter a valid email address, like name@example.com"));

export const nameSchema = z
  .string({ error: "Enter a name" })
  .trim()
  .min(1, "Enter a name")
  .max(USER_LIMITS.nameChars, atMostChars("A name", USER_LIMITS.nameChars));

export const roleSchema = z.enum(roles, { error: "Choose a role: Admin, Release manager, Engineering lead or Viewer" });

export const userIdSchema = z.string({ error: "Missing user" }).min(1, "Missing user").max(64, "Unknown user");

export const createUserSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  role: roleSchema,
  // Empty means "generate one"; the generated password is shown once to the admin.
  password: z
    .string()
    .max(USER_LIMITS.passwordChars, passwordTooLong)
    .refine((p) => p === "" || p.length >= USER_LIMITS.newPasswordMinChars, `${tooShort}, or leave empty to generate one`)
    .optional()
    .default(""),
});

export const changeRoleSchema = z.object({ userId: userIdSchema, role: roleSchema });

export const setUserDisabledSchema = z.object({ userId: userIdSchema, disabled: z.boolean({ error: "Say whether to disable or enable" }) });

export const newPasswordSchema = z
  .string({ error: "Enter a new password" })
  .min(USER_LIMITS.newPasswordMinChars, tooShort)
  .max(USER_LIMITS.passwordChars, passwordTooLong);

export const changeOwnPasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(USER_LIMITS.passwordChars, passwordTooLong),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the new password" }).max(USER_LIMITS.passwordChars, passwordTooLong),
  })
  .refine((input) => input.newPassword === input.confirmPassword, { path: ["confirmPassword"], message: "The two new passwords differ" })
  .refine((input) => input.newPassword !== input.currentPassword, { path: ["newPassword"], message: "Choose a password different from the current one" });

export const resetPasswordSchema = z.object({ userId: userIdSchema });
