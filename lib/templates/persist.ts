// Writes a parsed checklist as a template (the seed's default template and, later, Markdown imports).
import type { Db } from "@/lib/db-types";
import type { ParsedChecklist } from "./markdown-import";

export interface SaveTemplateInput {
  name: string;
  checklist: ParsedChecklist;
  sourceMarkdown?: string | null;
  isDefault?: boolean;
  createdById?: string | null;
  description?: string | null;
}

export async function createTemplateFromChecklist(db: Db, input: SaveTemplateInput): Promise<{ id: string }> {
  const { checklist } = input;
  return db.checklistTemplate.create({
    data: {
      name: input.name,
      description: input.description ?? null,
      sourceMarkdown: input.sourceMarkdown ?? null,
      isDefault: input.isDefault ?? false,
      createdById: input.createdById ?? null,
      approvalFields: checklist.approvalFields,
      monitoringWindowHours: checklist.monitoringWindowHours ?? 24,
      sections: {
        create: checklist.sections.map((section, sectionIndex) => ({
          phase: section.phase,
          phaseTitle: section.phaseTitle,
          title: section.title,
          detail: section.detail,
          position: sectionIndex,
          items: {
            create: section.items.map((item, itemIndex) => ({
              title: item.title,
              detail: item.detail,
              command: item.command,
              required: item.required,
              stepName: item.stepName ?? null,
              recordsIncident: item.recordsIncident ?? false,
              position: itemIndex,
            })),
          },
        })),
      },
      signoffRequirements: {
        create: checklist.signoffRequirements.map(({ scope, ...requirement }, position) => ({ ...requirement, scope: scope ?? [], position })),
      },
    },
    select: { id: true },
  });
}
