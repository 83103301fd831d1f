// The limits a template must stay within, shared by the editor's schema (lib/templates/schemas.ts), the
// Markdown import (server action and the browser preview) and the pages. Pure: usable in client components.
import { roleLabels } from "@/lib/auth/permissions";
import { canSignoffRole, SIGNOFF_ROLES, TEMPLATE_LIMITS } from "./limit-values";
import { defaultSignoffRole, parseChecklistMarkdown, type ImportOptions, type ImportProblem, type ImportResult, type ParsedChecklist } from "./markdown-import";

export { canSignoffRole, SIGNOFF_ROLES, TEMPLATE_LIMITS } from "./limit-values";

const count = (n: number) => n.toLocaleString("en-US");

/**
 * What keeps a parsed checklist from being saved as a template, beyond what the parser itself refuses:
 * the editor's limits (so an imported template can always be edited and saved again) and sign-offs nobody
 * could give.
 */
export function checklistLimitProblems(checklist: ParsedChecklist): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const add = (message: string) => problems.push({ line: null, message });
  const items = checklist.sections.reduce((sum, section) => sum + section.items.length, 0);
  if (checklist.sections.length > TEMPLATE_LIMITS.sections) {
    add(`The checklist has ${count(checklist.sections.length)} sections; the limit is ${TEMPLATE_LIMITS.sections}.`);
  }
  if (items > TEMPLATE_LIMITS.items) add(`The checklist has ${count(items)} items; the limit is ${TEMPLATE_LIMITS.items}.`);
  if (checklist.signoffRequirements.length > TEMPLATE_LIMITS.signoffs) {
    add(`The checklist has ${checklist.signoffRequirements.length} sign-offs; the limit is ${TEMPLATE_LIMITS.signoffs}.`);
  }
  if (checklist.approvalFields.length > TEMPLATE_LIMITS.approvalFields) {
    add(`The checklist has ${checklist.approvalFields.length} approval fields; the limit is ${TEMPLATE_LIMITS.approvalFields}.`);
  }
  for (const field of checklist.approvalFields) {
    if (field.length > TEMPLATE_LIMITS.approvalFieldChars) {
      add(`Approval field “${field.slice(0, 40)}…” is ${count(field.length)} characters long; the limit is ${TEMPLATE_LIMITS.approvalFieldChars}.`);
    }
  }
  const hours = checklist.monitoringWindowHours;
  if (hours !== null && (hours < 1 || hours > TEMPLATE_LIMITS.monitoringWindowHours)) {
    add(`The monitoring window is ${count(hours)} hours; it must be between 1 and ${count(TEMPLATE_LIMITS.monitoringWindowHours)} hours.`);
  }
  for (const section of checklist.sections) {
    if (section.detail !== null && section.detail.length > TEMPLATE_LIMITS.detailChars) {
      add(`The text of section “${section.title}” is ${count(section.detail.length)} characters long; the limit is ${count(TEMPLATE_LIMITS.detailChars)}.`);
    }
    for (const item of section.items) {
      if (item.command !== null && item.command.length > TEMPLATE_LIMITS.commandChars) {
        add(`The command of item “${item.title}” is ${count(item.command.length)} characters long; the limit is ${count(TEMPLATE_LIMITS.commandChars)}.`);
      }
      if (item.detail !== null && item.detail.length > TEMPLATE_LIMITS.detailChars) {
        add(`The detail of item “${item.title}” is ${count(item.detail.length)} characters long; the limit is ${count(TEMPLATE_LIMITS.detailChars)}.`);
      }
    }
  }
  for (const signoff of checklist.signoffRequirements) {
    if (!canSignoffRole(signoff.role)) {
      add(`Sign-off “${signoff.title}” names the ${signoff.role} role, which cannot give sign-offs; use ${SIGNOFF_ROLES.join(", ")}.`);
    }
  }
  return problems;
}

export type TemplateImportCheck = Extract<ImportResult, { ok: true }> | { ok: false; errors: ImportProblem[]; warnings: ImportProblem[] };

/**
 * The importer plus the limits above: what the import page previews, what the import action and the
 * `template:import` command save. Only the limits refuse; a sign-off naming a role that cannot sign goes to the
 * role its title implies, with a warning.
 */
export function checkTemplateMarkdown(markdown: string, options: ImportOptions = {}): TemplateImportCheck {
  const parsed = parseChecklistMarkdown(markdown, options);
  if (!parsed.ok) return { ok: false, errors: byLine(parsed.errors), warnings: [] };
  const warnings = byLine([...parsed.warnings, ...giveSignoffsToSigners(parsed.checklist)]);
  const problems = checklistLimitProblems(parsed.checklist);
  if (problems.length > 0) return { ok: false, errors: problems, warnings };
  return { ...parsed, warnings };
}

function giveSignoffsToSigners(checklist: ParsedChecklist): ImportProblem[] {
  const warnings: ImportProblem[] = [];
  for (const signoff of checklist.signoffRequirements) {
    if (canSignoffRole(signoff.role)) continue;
    const role = defaultSignoffRole(signoff.title);
    warnings.push({
      line: null,
      message: `Sign-off “${signoff.title}” names the ${roleLabels[signoff.role]} role, which cannot give sign-offs; it goes to the ${roleLabels[role]} role.`,
    });
    signoff.role = role;
  }
  return warnings;
}

/** In document order; problems without a line (about the whole document) last. A stable sort. */
function byLine(problems: ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

/** "Line 12: Item has no text." or, without a line, just the message. */
export function formatImportProblem(problem: ImportProblem): string {
  return problem.line === null ? problem.message : `Line ${problem.line}: ${problem.message}`;
}
