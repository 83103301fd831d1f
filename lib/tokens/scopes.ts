// What a token may do. A user token has some of read, write and deploy (lib/auth/permissions.ts maps each
// permission to one) and can never do more than its user's role; a project token has flags:read and reads
// that project's feature flags only (the flags endpoints; OFREP, issue 15).
import { apiScopes, type ApiScope } from "@/lib/auth/permissions";

/** A token's name, e.g. "GitHub Actions" (the form and the schema share it). */
export const TOKEN_NAME_MAX_LENGTH = 100;

export const projectScopes = ["flags:read"] as const;
export type ProjectScope = (typeof projectScopes)[number];
export type TokenScope = ApiScope | ProjectScope;

export const scopeDescriptions: Record<TokenScope, string> = {
  read: "Read projects, releases, checklists, sign-offs, deploys, flags and timelines",
  write: "Create releases and projects, tick and annotate items, set flags (as your role allows)",
  deploy: "Start and cancel deploys (as your role allows)",
  "flags:read": "Read one project's feature flags (a project token, for services)",
};

export function isApiScope(value: string): value is ApiScope {
  return (apiScopes as readonly string[]).includes(value);
}

export function isProjectScope(value: string): value is ProjectScope {
  return (projectScopes as readonly string[]).includes(value);
}
