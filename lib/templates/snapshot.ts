// A release's frozen copy of its template: later template edits never change an existing release.
import type { Db } from "@/lib/db-types";
import { itemBasics } from "./content";
import type { ParsedChecklist } from "./markdown-import";

export interface TemplateSnapshot extends ParsedChecklist {
  templateId: string;
  templateName: string;
}

export async function getTemplateSnapshot(db: Db, templateId: string): Promise<TemplateSnapshot | null> {
  const template = await db.checklistTemplate.findUnique({
    where: { id: templateId },
    include: {
      sections: { orderBy: { position: "asc" }, include: { items: { orderBy: { position: "asc" } } } },
      signoffRequirements: { orderBy: { position: "asc" } },
    },
  });
  if (!template) return null;
  return {
    templateId: template.id,
    templateName: template.name,
    title: template.name,
    approvalFields: template.approvalFields,
    monitoringWindowHours: template.monitoringWindowHours,
    sections: template.sections.map((section) => ({
      phase: section.phase,
      phaseTitle: section.phaseTitle ?? section.title,
      title: section.title,
      detail: section.detail,
      items: section.items.map((item) => ({
        ...itemBasics(item),
        ...(item.stepName ? { stepName: item.stepName } : {}),
        ...(item.recordsIncident ? { recordsIncident: true as const } : {}),
        ...(item.automation ? { automation: item.automation } : {}),
      })),
    })),
    signoffRequirements: template.signoffRequirements.map((r) => ({
      title: r.title,
      role: r.role,
      excludeReleaseManager: r.excludeReleaseManager,
      ...(r.scope.length > 0 ? { scope: r.scope } : {}),
    })),
  };
}
