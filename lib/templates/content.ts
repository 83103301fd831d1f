// A checklist's sections and items as every copy of them carries them: the stored template, a release's
// snapshot, the editor's draft, the save input and a release's own items. Pure and free of zod and the
// database, so the editor uses it too.
import type { ChecklistPhase } from "./markdown-import";

export interface ChecklistItemContent {
  title: string;
  detail: string | null;
  command: string | null;
  required: boolean;
  stepName?: string | null;
  recordsIncident?: boolean;
  automation?: string | null;
}

export interface ChecklistSectionContent<Item = ChecklistItemContent> {
  phase: ChecklistPhase;
  phaseTitle: string | null;
  title: string;
  detail: string | null;
  items: Item[];
}

/** A section's own fields, without its items. */
export function sectionFields(section: Omit<ChecklistSectionContent<unknown>, "items">): Omit<ChecklistSectionContent, "items"> {
  return { phase: section.phase, phaseTitle: section.phaseTitle, title: section.title, detail: section.detail };
}

/** An item's fields as a row stores them: what it does not say is null (or false), never missing. */
export function storedItemFields(item: ChecklistItemContent) {
  return {
    title: item.title,
    detail: item.detail,
    command: item.command,
    required: item.required,
    stepName: item.stepName ?? null,
    recordsIncident: item.recordsIncident ?? false,
    automation: item.automation ?? null,
  };
}
