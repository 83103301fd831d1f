import { z } from "zod";
import { apiScopes } from "@/lib/auth/permissions";
import { projectScopes, TOKEN_NAME_MAX_LENGTH } from "./scopes";

/** Longest lifetime offered; "never" is a token without expiry. */
export const MAX_EXPIRY_DAYS = 3650;
/** Active tokens one user or project may hold: enough for every CI system, bounded all the same. */
export const MAX_ACTIVE_TOKENS = 50;

const id = (what: string) => z.string({ error: `Missing ${what}` }).min(1, `Missing ${what}`).max(64, `Unknown ${what}`);

export const tokenNameSchema = z
  .string({ error: "Name the token" })
  .trim()
  .min(1, "Name the token, e.g. after where it is used (“GitHub Actions”)")
  .max(TOKEN_NAME_MAX_LENGTH, `A name has at most ${TOKEN_NAME_MAX_LENGTH} characters`);

/** Days until it expires; null or absent: never. */
export const expiresInDaysSchema = z
  .number({ error: "Give the lifetime in days" })
  .int("Give the lifetime in whole days")
  .min(1, "A token lives at least 1 day")
  .max(MAX_EXPIRY_DAYS, `A token lives at most ${MAX_EXPIRY_DAYS} days`)
  .nullable()
  .optional()
  .default(null);

export const userTokenScopesSchema = z
  .array(z.enum(apiScopes, { error: "Scopes are read, write and deploy" }), { error: "Choose the token's scopes" })
  .min(1, "Choose at least one scope")
  .max(apiScopes.length)
  .transform((scopes) => [...new Set(scopes)]);

export const createApiTokenSchema = z.object({
  name: tokenNameSchema,
  scopes: userTokenScopesSchema,
  expiresInDays: expiresInDaysSchema,
});

export const createProjectTokenSchema = z.object({
  projectId: id("project"),
  name: tokenNameSchema,
  scopes: z.array(z.enum(projectScopes, { error: "A project token's scope is flags:read" })).min(1).max(projectScopes.length).optional().default(["flags:read"]),
  expiresInDays: expiresInDaysSchema,
});

export const revokeApiTokenSchema = z.object({ tokenId: id("token") });
