// The numbers a template must stay within, without the code that checks them (./limits.ts, which carries the
// Markdown parser): a form that only needs a field's maximum length imports this.
import { permissionTable } from "@/lib/auth/permissions";
import { DEPLOY_LIMITS } from "@/lib/deploys/limits";
import type { Role } from "@/lib/generated/prisma/enums";

/** The longest Markdown checklist that is imported. */
export const MAX_MARKDOWN_CHARS = 200_000;
/** The longest section or item title. */
export const MAX_TITLE_CHARS = 500;
/** The longest stage (phase) heading. */
export const MAX_PHASE_TITLE_CHARS = 200;

export const TEMPLATE_LIMITS = {
  nameChars: 120,
  descriptionChars: 2_000,
  markdownChars: MAX_MARKDOWN_CHARS,
  titleChars: MAX_TITLE_CHARS,
  detailChars: 10_000,
  commandChars: 10_000,
  sections: 100,
  items: 500,
  signoffs: 50,
  approvalFields: 20,
  approvalFieldChars: 120,
  phaseTitleChars: MAX_PHASE_TITLE_CHARS,
  /** The pipeline step that ticks an item: a step's name. */
  stepNameChars: DEPLOY_LIMITS.stepNameChars,
  /** One year. */
  monitoringWindowHours: 8_760,
} as const;

/** Roles that may give a sign-off at all (from the permission table): a requirement naming another role could never be met. */
export const SIGNOFF_ROLES = permissionTable["signoff.sign"].roles as readonly Role[];

export function canSignoffRole(role: Role): boolean {
  return SIGNOFF_ROLES.includes(role);
}
