// How long a project secret's name and value may be: read by the zod schemas (schemas.ts) and the form. No
// zod here: client components import this module.
export const SECRET_LIMITS = {
  nameChars: 64,
  valueChars: 16_000,
} as const;
