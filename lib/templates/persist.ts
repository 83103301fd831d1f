// Writes a template's checklist: a new template (the seed's default template, imports, duplicates) or new content
// for an existing one (the editor's save, a re-import of the same Markdown file).
import type { Db } from "@/lib/db-types";
import type { SignoffRole } from "./markdown-import";
import type { ParsedChecklist } from "./markdown-import";
import { sectionFields, storedItemFields, type ChecklistSectionContent } from "./content";

export interface TemplateContent {
  approvalFields: string[];
  monitoringWindowHours: number;
  sections: ChecklistSectionContent[];
  signoffRequirements: { title: string; role: SignoffRole; excludeReleaseManager: boolean; scope?: string[] }[];
}

export interface SaveTemplateInput {
  name: string;
  checklist: ParsedChecklist;
  sourceMarkdown?: string | null;
  isDefault?: boolean;
  createdById?: string | null;
  description?: string | null;
}

/** A parsed checklist as template content (a window of 24 hours when the Markdown names none). */
export function contentOf(checklist: ParsedChecklist): TemplateContent {
  return { ...checklist, monitoringWindowHours: checklist.monitoringWindowHours ?? 24 };
}

export async function createTemplateFromChecklist(db: Db, input: SaveTemplateInput): Promise<{ id: string }> {
  return db.checklistTemplate.create({
    data: {
      name: input.name,
      description: input.description ?? null,
      sourceMarkdown: input.sourceMarkdown ?? null,
      isDefault: input.isDefault ?? false,
      createdById: input.createdById ?? null,
      ...contentRows(contentOf(input.checklist)),
    },
    select: { id: true },
  });
}

/**
 * Replaces a template's sections, items, sign-offs and settings (releases keep their own copy, so the old rows
 * can go), and its name, description and source Markdown when given. Call it in a transaction.
 */
export async function replaceTemplateContent(
  db: Db,
  templateId: string,
  content: TemplateContent & { name?: string; description?: string | null; sourceMarkdown?: string | null },
): Promise<void> {
  const { name, description, sourceMarkdown, ...rest } = content;
  await db.templateSection.deleteMany({ where: { templateId } });
  await db.templateSignoffRequirement.deleteMany({ where: { templateId } });
  await db.checklistTemplate.update({
    where: { id: templateId },
    data: {
      ...(name === undefined ? {} : { name }),
      ...(description === undefined ? {} : { description }),
      ...(sourceMarkdown === undefined ? {} : { sourceMarkdown }),
      ...contentRows(rest),
    },
  });
}

function contentRows(content: TemplateContent) {
  return {
    approvalFields: content.approvalFields,
    monitoringWindowHours: content.monitoringWindowHours,
    sections: {
      create: content.sections.map((section, sectionIndex) => ({
        ...sectionFields(section),
        position: sectionIndex,
        items: { create: section.items.map((item, itemIndex) => ({ ...storedItemFields(item), position: itemIndex })) },
      })),
    },
    signoffRequirements: {
      create: content.signoffRequirements.map(({ scope, ...requirement }, position) => ({ ...requirement, scope: scope ?? [], position })),
    },
  };
}
