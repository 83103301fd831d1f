import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";

/** A template's own fields, as every page that shows one reads them. */
const templateHeadSelect = { id: true, name: true, description: true, isDefault: true, monitoringWindowHours: true } as const;

/**
 * Checklist templates that are not archived, default first, with their counts (2 queries: the templates
 * with section and sign-off counts, then one grouped count of items by section and required flag).
 */
export async function listTemplates() {
  const templates = await db.checklistTemplate.findMany({
    where: { archivedAt: null },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    select: {
      ...templateHeadSelect,
      updatedAt: true,
      sections: { select: { id: true } },
      _count: { select: { sections: true, signoffRequirements: true } },
    },
  });
  const templateBySection = new Map(templates.flatMap((t) => t.sections.map((s) => [s.id, t.id] as const)));
  const counts = new Map(templates.map((t) => [t.id, { items: 0, requiredItems: 0 }]));
  if (templateBySection.size > 0) {
    const groups = await db.templateItem.groupBy({
      by: ["sectionId", "required"],
      where: { sectionId: { in: [...templateBySection.keys()] } },
      _count: { _all: true },
    });
    for (const group of groups) {
      const entry = counts.get(templateBySection.get(group.sectionId)!)!;
      entry.items += group._count._all;
      if (group.required) entry.requiredItems += group._count._all;
    }
  }
  return templates.map(({ sections: _sections, _count, ...template }) => ({
    ...template,
    counts: { sections: _count.sections, signoffs: _count.signoffRequirements, ...counts.get(template.id)! },
  }));
}

export type TemplateSummary = Awaited<ReturnType<typeof listTemplates>>[number];

/**
 * One template with its sections, items and sign-off requirements in document order, or null. Archived
 * templates are returned too (releases still point at them). Cached per request so the page and its
 * metadata share one query.
 */
export const getTemplateById = cache(async (id: string) => {
  return db.checklistTemplate.findUnique({
    where: { id },
    select: {
      ...templateHeadSelect,
      approvalFields: true,
      archivedAt: true,
      updatedAt: true,
      sections: {
        orderBy: [{ position: "asc" }, { id: "asc" }],
        select: {
          id: true, phase: true, phaseTitle: true, title: true, detail: true,
          items: {
            orderBy: [{ position: "asc" }, { id: "asc" }],
            select: { id: true, title: true, detail: true, command: true, required: true, stepName: true, recordsIncident: true, automation: true },
          },
        },
      },
      signoffRequirements: {
        orderBy: [{ position: "asc" }, { id: "asc" }],
        select: { id: true, title: true, role: true, excludeReleaseManager: true, scope: true },
      },
    },
  });
});

export type TemplateDetail = NonNullable<Awaited<ReturnType<typeof getTemplateById>>>;
