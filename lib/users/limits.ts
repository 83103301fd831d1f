// How long user inputs may be. The zod schemas (schemas.ts), the sign-in check (lib/auth/sign-in.ts) and the
// forms' maxLength all read these. No zod here: client components import this module.
export const USER_LIMITS = {
  emailChars: 254,
  nameChars: 100,
  passwordChars: 200,
  newPasswordMinChars: 12,
} as const;
