// What a project's fields may hold, shared by the zod schemas (./schemas.ts) and the forms. Pure and free of
// zod, so client components can use it.

export const PROJECT_LIMITS = {
  nameChars: 100,
  slugChars: 40,
  descriptionChars: 2_000,
  repositoryUrlChars: 500,
  variableNameChars: 64,
  variableValueChars: 4_000,
  /** Per project: variables are for a handful of values (an image name, a host), not for configuration files. */
  variables: 100,
  /** The longest a project may allow between its last backup and a rollback: 30 days. */
  backupMaxAgeHours: 720,
} as const;

/** Lower-case letters and digits, in words joined by single dashes: "gateway", "billing-api", "web2". */
export const PROJECT_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Slugs that would clash with a page of their own under /projects. */
export const RESERVED_SLUGS: readonly string[] = ["new", "setup"];

/** What "Name" suggests as a slug: "Billing API (EU)" → "billing-api-eu". */
export function suggestSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, PROJECT_LIMITS.slugChars)
    .replace(/-+$/, "");
}
