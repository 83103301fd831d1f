// Saving a checklist imported from Markdown. The import page creates a new template; `npm run template:import`
// creates one or saves the next version of the template with the same name. No session and no Next here: each
// caller has checked who may do this, and passes the transaction and its audit function.
import { auditTypes } from "@/lib/audit/events/types";
import type { AuditEventDraft } from "@/lib/audit/record";
import type { Db } from "@/lib/db-types";
import { checkTemplateMarkdown, formatImportProblem } from "./limits";
import type { ImportOptions } from "./markdown-import";
import { contentOf, createTemplateFromChecklist, replaceTemplateContent } from "./persist";

export type RecordAudit = (event: AuditEventDraft) => Promise<void>;

export interface MarkdownImport {
  name: string;
  description?: string | null;
  markdown: string;
  options?: ImportOptions;
  actorId: string;
  /** "create": a taken name is refused (the page). "upsert": the template with that name gets the new content. */
  mode: "create" | "upsert";
  /** Extra audit payload, e.g. { by: "cli" }. */
  auditPayload?: { by: "cli" };
  projectId?: string | null;
}

export interface TemplateCounts {
  sections: number;
  items: number;
  requiredItems: number;
  signoffs: number;
}

export type MarkdownImportResult =
  | { ok: true; id: string; created: boolean; counts: TemplateCounts; warnings: string[] }
  | { ok: false; code: "invalid" | "conflict"; message: string; fieldErrors?: Record<string, string[]> };

export function nameTakenMessage(archived: boolean): string {
  return archived ? "An archived template already uses this name; choose another." : "A template with this name already exists; choose another.";
}

/** Names are unique regardless of case, so "Mobile release" and "mobile release" cannot both exist. */
export async function findTemplateNamed(db: Db, name: string, exceptId?: string) {
  return db.checklistTemplate.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true, name: true, archivedAt: true },
  });
}

export function countsOf(checklist: { sections: { items: { required: boolean }[] }[]; signoffRequirements: unknown[] }): TemplateCounts {
  const items = checklist.sections.flatMap((section) => section.items);
  return {
    sections: checklist.sections.length,
    items: items.length,
    requiredItems: items.filter((item) => item.required).length,
    signoffs: checklist.signoffRequirements.length,
  };
}

export async function importTemplateMarkdown(db: Db, audit: RecordAudit, input: MarkdownImport): Promise<MarkdownImportResult> {
  // Parsed here even when a preview was shown: the browser's preview is a convenience, never trusted.
  const checked = checkTemplateMarkdown(input.markdown, input.options);
  if (!checked.ok) {
    const problems = checked.errors.length === 1 ? "1 problem" : `${checked.errors.length} problems`;
    return {
      ok: false,
      code: "invalid",
      message: `The Markdown could not be imported (${problems}); nothing was saved.`,
      fieldErrors: { markdown: checked.errors.map(formatImportProblem) },
    };
  }
  const { checklist } = checked;
  const counts = countsOf(checklist);
  const warnings = checked.warnings.map(formatImportProblem);
  const extra = { ...input.auditPayload };
  const projectId = input.projectId ?? null;
  const existing = await findTemplateNamed(db, input.name);
  if (existing && (input.mode === "create" || existing.archivedAt)) {
    const message = input.mode === "create" ? nameTakenMessage(existing.archivedAt !== null) : `The template “${existing.name}” is archived; unarchive it or import under another name.`;
    return { ok: false, code: "conflict", message, fieldErrors: { name: [message] } };
  }
  if (!existing) {
    const template = await createTemplateFromChecklist(db, {
      name: input.name,
      description: input.description ?? null,
      checklist,
      sourceMarkdown: input.markdown,
      createdById: input.actorId,
    });
    await audit({ type: auditTypes.templateImported, projectId, payload: { templateId: template.id, name: input.name, ...counts, warnings: warnings.length, ...extra } });
    return { ok: true, id: template.id, created: true, counts, warnings };
  }
  // The next version: concurrent imports of one template queue up on its row.
  await db.$queryRaw`SELECT id FROM "ChecklistTemplate" WHERE id = ${existing.id} FOR UPDATE`;
  const content = contentOf(checklist);
  await replaceTemplateContent(db, existing.id, {
    ...content,
    sourceMarkdown: input.markdown,
    ...(input.description === undefined ? {} : { description: input.description }),
  });
  await audit({
    type: auditTypes.templateUpdated,
    projectId,
    payload: {
      templateId: existing.id,
      name: existing.name,
      ...counts,
      approvalFields: content.approvalFields.length,
      monitoringWindowHours: content.monitoringWindowHours,
      warnings: warnings.length,
      ...extra,
    },
  });
  return { ok: true, id: existing.id, created: false, counts, warnings };
}
