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

/** A section's own fields, without its items (a draft's strings or a stored row's). */
export function sectionFields<S extends Pick<ChecklistSectionContent, "phase" | "title"> & { phaseTitle: unknown; detail: unknown }>(section: S): Pick<S, "phase" | "phaseTitle" | "title" | "detail"> {
  return { phase: section.phase, phaseTitle: section.phaseTitle, title: section.title, detail: section.detail };
}

/** The four fields every item has, whatever else its copy keeps. */
export function itemBasics<I extends { title: string; detail: unknown; command: unknown; required: boolean }>(item: I): Pick<I, "title" | "detail" | "command" | "required"> {
  return { title: item.title, detail: item.detail, command: item.command, required: item.required };
}

/** An item's fields as a row stores them: what it does not say is null (or false), never missing. */
export function storedItemFields(item: ChecklistItemContent) {
  return {
    ...itemBasics(item),
    stepName: item.stepName ?? null,
    recordsIncident: item.recordsIncident ?? false,
    automation: item.automation ?? null,
  };
}
