// The template editor's state: a draft of the whole template kept in the browser until one Save, the
// reducer that edits it, and the mapping of the server's field errors ("sections.2.items.0.title") to
// the inputs they belong to. Pure (no React), so it is unit-tested on its own.
import type { ChecklistPhase, Role } from "@/lib/generated/prisma/enums";
import { PHASES, phaseLabels } from "@/lib/releases/rules";
import { itemBasics, sectionFields, storedItemFields, type ChecklistItemContent, type ChecklistSectionContent } from "@/lib/templates/content";
import type { SaveTemplateInput } from "@/lib/templates/schemas";

export interface ItemDraft {
  key: string;
  title: string;
  detail: string;
  command: string;
  required: boolean;
  /** The pipeline step whose success ticks the item ("" for none). */
  stepName: string;
  /** This rollback item's note is the incident note. */
  recordsIncident: boolean;
  /** The outside event that ticks the item ("" for none), e.g. "github.workflow_run release.yml success". */
  automation: string;
}

export interface SectionDraft {
  key: string;
  phase: ChecklistPhase;
  phaseTitle: string | null;
  title: string;
  detail: string;
  items: ItemDraft[];
}

export interface SignoffDraft {
  key: string;
  title: string;
  role: Role;
  excludeReleaseManager: boolean;
  /** Section or item titles it attests, comma-separated ("" for every required pre-release item). */
  scope: string;
}

export interface ApprovalFieldDraft {
  key: string;
  label: string;
}

export interface Draft {
  name: string;
  description: string;
  monitoringWindowHours: string;
  approvalFields: ApprovalFieldDraft[];
  /** Always grouped by phase in working order: the payload's indexes are these indexes. */
  sections: SectionDraft[];
  signoffs: SignoffDraft[];
}

export interface EditableTemplate {
  id: string;
  updatedAt: string;
  name: string;
  description: string | null;
  monitoringWindowHours: number;
  approvalFields: string[];
  sections: ChecklistSectionContent[];
  signoffRequirements: { title: string; role: Role; excludeReleaseManager: boolean; scope?: string[] }[];
}

/** A stored template (as lib/templates/queries.ts reads it) as the editor starts from it: every item field kept. */
export function editableTemplateOf(template: {
  id: string;
  updatedAt: Date;
  name: string;
  description: string | null;
  monitoringWindowHours: number;
  approvalFields: string[];
  sections: (Omit<ChecklistSectionContent, "items"> & { items: ChecklistItemContent[] })[];
  signoffRequirements: { title: string; role: Role; excludeReleaseManager: boolean; scope: string[] }[];
}): EditableTemplate {
  return {
    id: template.id,
    updatedAt: template.updatedAt.toISOString(),
    name: template.name,
    description: template.description,
    monitoringWindowHours: template.monitoringWindowHours,
    approvalFields: template.approvalFields,
    sections: template.sections.map((section) => ({ ...sectionFields(section), items: section.items.map(storedItemFields) })),
    signoffRequirements: template.signoffRequirements.map((r) => ({ title: r.title, role: r.role, excludeReleaseManager: r.excludeReleaseManager, scope: r.scope })),
  };
}

export interface FieldError {
  /** What the field is, for messages that are not shown next to it. */
  label: string;
  messages: string[];
}

export interface EditorState {
  templateId: string;
  /** The template version the draft started from (refused by the server if someone saved since). */
  updatedAt: string;
  draft: Draft;
  /** The payload as last saved or loaded, to tell whether there are unsaved changes. */
  baseline: string;
  nextKey: number;
  /** Keyed by element id (see `fieldIds`). */
  errors: Record<string, FieldError>;
  /** Where focus should go after the last change, with a counter so the same target can be asked for twice. */
  focus: { id: string; seq: number } | null;
  /** Polite announcement of the last structural change ("Moved item … up"). */
  announcement: string;
}

/** Element ids of the editor's controls. There is one editor per page, so they need no prefix. */
export const fieldIds = {
  name: "template-name",
  description: "template-description",
  monitoring: "template-monitoring",
  approvalField: (key: string) => `approval-${key}`,
  addApprovalField: "approval-add",
  phase: (phase: ChecklistPhase) => `phase-${phase}`,
  addSection: (phase: ChecklistPhase) => `phase-${phase}-add-section`,
  sectionTitle: (key: string) => `section-${key}-title`,
  sectionDetail: (key: string) => `section-${key}-detail`,
  sectionPhase: (key: string) => `section-${key}-phase`,
  sectionMove: (key: string, direction: "up" | "down") => `section-${key}-${direction}`,
  addItem: (sectionKey: string) => `section-${sectionKey}-add-item`,
  itemTitle: (key: string) => `item-${key}-title`,
  itemDetail: (key: string) => `item-${key}-detail`,
  itemCommand: (key: string) => `item-${key}-command`,
  itemRequired: (key: string) => `item-${key}-required`,
  itemStep: (key: string) => `item-${key}-step`,
  itemIncident: (key: string) => `item-${key}-incident`,
  itemAutomation: (key: string) => `item-${key}-automation`,
  itemMove: (key: string, direction: "up" | "down") => `item-${key}-${direction}`,
  signoffTitle: (key: string) => `signoff-${key}-title`,
  signoffRole: (key: string) => `signoff-${key}-role`,
  signoffFourEyes: (key: string) => `signoff-${key}-four-eyes`,
  signoffScope: (key: string) => `signoff-${key}-scope`,
  signoffMove: (key: string, direction: "up" | "down") => `signoff-${key}-${direction}`,
  addSignoff: "signoff-add",
} as const;

export function initialEditorState(template: EditableTemplate): EditorState {
  const draft: Draft = {
    name: template.name,
    description: template.description ?? "",
    monitoringWindowHours: String(template.monitoringWindowHours),
    approvalFields: template.approvalFields.map((label, i) => ({ key: `f${i}`, label })),
    sections: sortByPhase(
      template.sections.map((section, s) => ({
        key: `s${s}`,
        phase: section.phase,
        phaseTitle: section.phaseTitle,
        title: section.title,
        detail: section.detail ?? "",
        items: section.items.map((item, i) => ({
          key: `s${s}i${i}`,
          title: item.title,
          detail: item.detail ?? "",
          command: item.command ?? "",
          required: item.required,
          stepName: item.stepName ?? "",
          recordsIncident: item.recordsIncident ?? false,
          automation: item.automation ?? "",
        })),
      })),
    ),
    signoffs: template.signoffRequirements.map(({ scope, ...signoff }, i) => ({ key: `o${i}`, ...signoff, scope: (scope ?? []).join(", ") })),
  };
  return {
    templateId: template.id,
    updatedAt: template.updatedAt,
    draft,
    baseline: serialize(draft),
    nextKey: 1,
    errors: {},
    focus: null,
    announcement: "",
  };
}

function sortByPhase(sections: SectionDraft[]): SectionDraft[] {
  return [...sections].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
}

/** Whole hours, or null (which the server answers with "Enter the monitoring window in hours"). */
function parseHours(text: string): number | null {
  return /^\s*\d{1,6}\s*$/.test(text) ? Number(text) : null;
}

export type DraftPayload = Omit<SaveTemplateInput, "templateId" | "expectedUpdatedAt" | "monitoringWindowHours"> & {
  monitoringWindowHours: number | null;
};

/** The draft as saveTemplateAction's input (without the template id and version). */
export function payloadOf(draft: Draft): DraftPayload {
  return {
    name: draft.name,
    description: draft.description,
    // Null when not a whole number, so the server's message explains.
    monitoringWindowHours: parseHours(draft.monitoringWindowHours),
    approvalFields: draft.approvalFields.map((field) => field.label),
    sections: draft.sections.map((section) => ({
      ...sectionFields(section),
      items: section.items.map((item) => ({
        ...itemBasics(item),
        // Only release-day and rollback items follow a step (the editor hides the field elsewhere), and only a
        // rollback item holds the incident note: a section moved to another phase drops what no longer applies.
        stepName: section.phase === "RELEASE_DAY" || section.phase === "ROLLBACK" ? item.stepName : "",
        recordsIncident: section.phase === "ROLLBACK" && item.recordsIncident,
        automation: item.automation,
      })),
    })),
    signoffRequirements: draft.signoffs.map((signoff) => ({
      title: signoff.title,
      role: signoff.role,
      excludeReleaseManager: signoff.excludeReleaseManager,
      scope: splitScope(signoff.scope),
    })),
  };
}

/** "Database, Test rollback" → ["Database", "Test rollback"]. */
export function splitScope(text: string): string[] {
  return text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

export function serialize(draft: Draft): string {
  return JSON.stringify(payloadOf(draft));
}

export function isDirty(state: EditorState): boolean {
  return serialize(state.draft) !== state.baseline;
}

/** "“Deploy”" for a titled thing, "item 3" for an untitled one. */
export function nameOf(kind: string, title: string, position: number): string {
  const trimmed = title.trim();
  return trimmed === "" ? `${kind} ${position}` : `${kind} “${trimmed}”`;
}

/** The heading a phase is shown under: its heading as written in the template, else the default label. */
export function phaseTitleOf(draft: Draft, phase: ChecklistPhase): string {
  return draft.sections.find((section) => section.phase === phase && section.phaseTitle)?.phaseTitle ?? phaseLabels[phase];
}

type SectionPatch = Partial<Pick<SectionDraft, "title" | "detail">>;
type ItemPatch = Partial<Pick<ItemDraft, "title" | "detail" | "command" | "required" | "stepName" | "recordsIncident" | "automation">>;
type SignoffPatch = Partial<Pick<SignoffDraft, "title" | "role" | "excludeReleaseManager" | "scope">>;
export type Direction = "up" | "down";

export type EditorAction =
  | { type: "setDetails"; patch: Partial<Pick<Draft, "name" | "description" | "monitoringWindowHours">> }
  | { type: "addApprovalField" }
  | { type: "setApprovalField"; key: string; label: string }
  | { type: "removeApprovalField"; key: string }
  | { type: "addSection"; phase: ChecklistPhase }
  | { type: "setSection"; key: string; patch: SectionPatch }
  | { type: "setSectionPhase"; key: string; phase: ChecklistPhase }
  | { type: "moveSection"; key: string; direction: Direction }
  | { type: "removeSection"; key: string }
  | { type: "addItem"; sectionKey: string }
  | { type: "setItem"; sectionKey: string; key: string; patch: ItemPatch }
  | { type: "moveItem"; sectionKey: string; key: string; direction: Direction }
  | { type: "removeItem"; sectionKey: string; key: string }
  | { type: "addSignoff" }
  | { type: "setSignoff"; key: string; patch: SignoffPatch }
  | { type: "moveSignoff"; key: string; direction: Direction }
  | { type: "removeSignoff"; key: string }
  | { type: "saved"; updatedAt: string }
  | { type: "failed"; errors: Record<string, FieldError> };

function withoutErrors(errors: Record<string, FieldError>, ids: string[]): Record<string, FieldError> {
  if (!ids.some((id) => id in errors)) return errors;
  const next = { ...errors };
  for (const id of ids) delete next[id];
  return next;
}

/** Swaps the element at `index` with its neighbour; null when there is none. */
function swap<T>(list: T[], index: number, direction: Direction): T[] | null {
  const other = direction === "up" ? index - 1 : index + 1;
  const a = list[index];
  const b = list[other];
  if (a === undefined || b === undefined) return null;
  const next = [...list];
  next[index] = b;
  next[other] = a;
  return next;
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const { draft } = state;
  const key = () => `n${state.nextKey}`;
  const focusOn = (id: string) => ({ id, seq: (state.focus?.seq ?? 0) + 1 });
  const change = (next: Partial<Draft>, extra: Partial<EditorState> = {}): EditorState => ({
    ...state,
    draft: { ...draft, ...next },
    ...extra,
  });
  const mapSection = (sectionKey: string, fn: (section: SectionDraft) => SectionDraft) =>
    draft.sections.map((section) => (section.key === sectionKey ? fn(section) : section));

  switch (action.type) {
    case "setDetails": {
      const cleared = Object.keys(action.patch).map((field) =>
        field === "name" ? fieldIds.name : field === "description" ? fieldIds.description : fieldIds.monitoring,
      );
      return change(action.patch, { errors: withoutErrors(state.errors, cleared) });
    }
    case "addApprovalField": {
      const field = { key: key(), label: "" };
      return change(
        { approvalFields: [...draft.approvalFields, field] },
        { nextKey: state.nextKey + 1, focus: focusOn(fieldIds.approvalField(field.key)), errors: withoutErrors(state.errors, [fieldIds.addApprovalField]) },
      );
    }
    case "setApprovalField":
      return change(
        { approvalFields: draft.approvalFields.map((field) => (field.key === action.key ? { ...field, label: action.label } : field)) },
        { errors: withoutErrors(state.errors, [fieldIds.approvalField(action.key)]) },
      );
    case "removeApprovalField": {
      const index = draft.approvalFields.findIndex((field) => field.key === action.key);
      const field = draft.approvalFields[index];
      if (!field) return state;
      const rest = draft.approvalFields.filter((f) => f.key !== action.key);
      const next = rest[index] ?? rest[index - 1];
      return change(
        { approvalFields: rest },
        {
          focus: focusOn(next ? fieldIds.approvalField(next.key) : fieldIds.addApprovalField),
          announcement: `Removed ${nameOf("approval field", field.label, index + 1)}.`,
          errors: withoutErrors(state.errors, [fieldIds.approvalField(action.key)]),
        },
      );
    }
    case "addSection": {
      const phaseTitle = draft.sections.find((section) => section.phase === action.phase)?.phaseTitle ?? null;
      const section: SectionDraft = {
        key: key(),
        phase: action.phase,
        phaseTitle,
        title: "",
        detail: "",
        items: [{ key: `n${state.nextKey + 1}`, title: "", detail: "", command: "", required: true, stepName: "", recordsIncident: false, automation: "" }],
      };
      return change(
        { sections: sortByPhase([...draft.sections, section]) },
        {
          nextKey: state.nextKey + 2,
          focus: focusOn(fieldIds.sectionTitle(section.key)),
          announcement: `Added a section to ${phaseTitleOf(draft, action.phase)}, with one item.`,
        },
      );
    }
    case "setSection":
      return change(
        { sections: mapSection(action.key, (section) => ({ ...section, ...action.patch })) },
        {
          errors: withoutErrors(
            state.errors,
            Object.keys(action.patch).map((field) => (field === "title" ? fieldIds.sectionTitle(action.key) : fieldIds.sectionDetail(action.key))),
          ),
        },
      );
    case "setSectionPhase": {
      const section = draft.sections.find((s) => s.key === action.key);
      if (!section || section.phase === action.phase) return state;
      const phaseTitle = draft.sections.find((s) => s.phase === action.phase)?.phaseTitle ?? null;
      const rest = draft.sections.filter((s) => s.key !== action.key);
      // Stable sort: the section lands last in its new phase.
      const sections = sortByPhase([...rest, { ...section, phase: action.phase, phaseTitle }]);
      const position = sections.filter((s) => s.phase === action.phase).length;
      return change(
        { sections },
        {
          focus: focusOn(fieldIds.sectionPhase(action.key)),
          announcement: `Moved ${nameOf("section", section.title, position)} to ${phaseTitleOf({ ...draft, sections }, action.phase)}, as section ${position}.`,
          errors: withoutErrors(state.errors, [fieldIds.sectionPhase(action.key)]),
        },
      );
    }
    case "moveSection": {
      const index = draft.sections.findIndex((s) => s.key === action.key);
      const section = draft.sections[index];
      const neighbour = draft.sections[action.direction === "up" ? index - 1 : index + 1];
      if (!section || !neighbour || neighbour.phase !== section.phase) return state;
      const sections = swap(draft.sections, index, action.direction)!;
      const inPhase = sections.filter((s) => s.phase === section.phase);
      const position = inPhase.indexOf(section) + 1;
      return change(
        { sections },
        {
          focus: focusOn(fieldIds.sectionMove(action.key, action.direction)),
          announcement: `Moved ${nameOf("section", section.title, position)} ${action.direction}: now ${position} of ${inPhase.length}.`,
        },
      );
    }
    case "removeSection": {
      const index = draft.sections.findIndex((s) => s.key === action.key);
      const section = draft.sections[index];
      if (!section) return state;
      const sections = draft.sections.filter((s) => s.key !== action.key);
      const next = [sections[index], sections[index - 1]].find((s) => s?.phase === section.phase);
      const position = draft.sections.filter((s) => s.phase === section.phase).indexOf(section) + 1;
      const cleared = [section.key, ...section.items.map((item) => item.key)];
      return change(
        { sections },
        {
          focus: focusOn(next ? fieldIds.sectionTitle(next.key) : fieldIds.addSection(section.phase)),
          announcement: `Removed ${nameOf("section", section.title, position)} and its ${section.items.length === 1 ? "item" : `${section.items.length} items`}.`,
          errors: Object.fromEntries(Object.entries(state.errors).filter(([id]) => !cleared.some((k) => id.includes(`-${k}-`)))),
        },
      );
    }
    case "addItem": {
      const item: ItemDraft = { key: key(), title: "", detail: "", command: "", required: true, stepName: "", recordsIncident: false, automation: "" };
      const section = draft.sections.find((s) => s.key === action.sectionKey);
      if (!section) return state;
      return change(
        { sections: mapSection(action.sectionKey, (s) => ({ ...s, items: [...s.items, item] })) },
        {
          nextKey: state.nextKey + 1,
          focus: focusOn(fieldIds.itemTitle(item.key)),
          announcement: `Added item ${section.items.length + 1} to ${section.title.trim() ? `“${section.title.trim()}”` : "the section"}.`,
          errors: withoutErrors(state.errors, [fieldIds.addItem(action.sectionKey)]),
        },
      );
    }
    case "setItem": {
      const cleared = Object.keys(action.patch).map((field) =>
        field === "title"
          ? fieldIds.itemTitle(action.key)
          : field === "detail"
            ? fieldIds.itemDetail(action.key)
            : field === "command"
              ? fieldIds.itemCommand(action.key)
              : field === "stepName"
                ? fieldIds.itemStep(action.key)
                : field === "recordsIncident"
                  ? fieldIds.itemIncident(action.key)
                  : field === "automation"
                    ? fieldIds.itemAutomation(action.key)
                    : fieldIds.itemRequired(action.key),
      );
      return change(
        {
          sections: mapSection(action.sectionKey, (s) => ({
            ...s,
            items: s.items.map((item) => (item.key === action.key ? { ...item, ...action.patch } : item)),
          })),
        },
        { errors: withoutErrors(state.errors, cleared) },
      );
    }
    case "moveItem": {
      const section = draft.sections.find((s) => s.key === action.sectionKey);
      const index = section?.items.findIndex((item) => item.key === action.key) ?? -1;
      const item = section?.items[index];
      const items = section ? swap(section.items, index, action.direction) : null;
      if (!section || !item || !items) return state;
      const position = items.indexOf(item) + 1;
      return change(
        { sections: mapSection(section.key, (s) => ({ ...s, items })) },
        {
          focus: focusOn(fieldIds.itemMove(action.key, action.direction)),
          announcement: `Moved ${nameOf("item", item.title, index + 1)} ${action.direction}: now ${position} of ${items.length}.`,
        },
      );
    }
    case "removeItem": {
      const section = draft.sections.find((s) => s.key === action.sectionKey);
      const index = section?.items.findIndex((item) => item.key === action.key) ?? -1;
      const item = section?.items[index];
      if (!section || !item) return state;
      const items = section.items.filter((i) => i.key !== action.key);
      const next = items[index] ?? items[index - 1];
      return change(
        { sections: mapSection(section.key, (s) => ({ ...s, items })) },
        {
          focus: focusOn(next ? fieldIds.itemTitle(next.key) : fieldIds.addItem(section.key)),
          announcement: `Removed ${nameOf("item", item.title, index + 1)}.`,
          errors: Object.fromEntries(Object.entries(state.errors).filter(([id]) => !id.startsWith(`item-${item.key}-`))),
        },
      );
    }
    case "addSignoff": {
      const signoff: SignoffDraft = { key: key(), title: "", role: "ENGINEERING_LEAD", excludeReleaseManager: false, scope: "" };
      return change(
        { signoffs: [...draft.signoffs, signoff] },
        { nextKey: state.nextKey + 1, focus: focusOn(fieldIds.signoffTitle(signoff.key)), errors: withoutErrors(state.errors, [fieldIds.addSignoff]) },
      );
    }
    case "setSignoff": {
      const cleared = Object.keys(action.patch).map((field) =>
        field === "title"
          ? fieldIds.signoffTitle(action.key)
          : field === "role"
            ? fieldIds.signoffRole(action.key)
            : field === "scope"
              ? fieldIds.signoffScope(action.key)
              : fieldIds.signoffFourEyes(action.key),
      );
      return change(
        { signoffs: draft.signoffs.map((s) => (s.key === action.key ? { ...s, ...action.patch } : s)) },
        { errors: withoutErrors(state.errors, cleared) },
      );
    }
    case "moveSignoff": {
      const index = draft.signoffs.findIndex((s) => s.key === action.key);
      const signoff = draft.signoffs[index];
      const signoffs = swap(draft.signoffs, index, action.direction);
      if (!signoff || !signoffs) return state;
      const position = signoffs.indexOf(signoff) + 1;
      return change(
        { signoffs },
        {
          focus: focusOn(fieldIds.signoffMove(action.key, action.direction)),
          announcement: `Moved ${nameOf("sign-off", signoff.title, index + 1)} ${action.direction}: now ${position} of ${signoffs.length}.`,
        },
      );
    }
    case "removeSignoff": {
      const index = draft.signoffs.findIndex((s) => s.key === action.key);
      const signoff = draft.signoffs[index];
      if (!signoff) return state;
      const signoffs = draft.signoffs.filter((s) => s.key !== action.key);
      const next = signoffs[index] ?? signoffs[index - 1];
      return change(
        { signoffs },
        {
          focus: focusOn(next ? fieldIds.signoffTitle(next.key) : fieldIds.addSignoff),
          announcement: `Removed ${nameOf("sign-off", signoff.title, index + 1)}.`,
          errors: Object.fromEntries(Object.entries(state.errors).filter(([id]) => !id.startsWith(`signoff-${signoff.key}-`))),
        },
      );
    }
    case "saved":
      return { ...state, updatedAt: action.updatedAt, baseline: serialize(draft), errors: {} };
    case "failed": {
      const first = Object.keys(action.errors)[0];
      return { ...state, errors: action.errors, focus: first ? focusOn(first) : state.focus };
    }
  }
}

/**
 * Places the server's field errors (keys are zod paths like "sections.2.items.0.title", indexes into the
 * draft that was sent) on the editor's inputs. Errors that belong to no input come back in `general`.
 * The result is ordered like the form, so the first entry is the first invalid input.
 */
export function placeServerErrors(
  fieldErrors: Record<string, string[]>,
  sent: Draft,
): { errors: Record<string, FieldError>; general: string[] } {
  const placed: { order: number[]; id: string; error: FieldError }[] = [];
  const general: string[] = [];
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const target = placeOf(path.split("."), sent);
    if (!target) {
      general.push(...messages);
      continue;
    }
    const existing = placed.find((p) => p.id === target.id);
    if (existing) existing.error.messages.push(...messages);
    else placed.push({ order: target.order, id: target.id, error: { label: target.label, messages: [...messages] } });
  }
  placed.sort((a, b) => compareOrder(a.order, b.order));
  return { errors: Object.fromEntries(placed.map((p) => [p.id, p.error])), general };
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

const ITEM_PARTS = ["title", "required", "detail", "command", "stepName", "recordsIncident", "automation"] as const;
const itemPartIds = {
  title: fieldIds.itemTitle,
  detail: fieldIds.itemDetail,
  command: fieldIds.itemCommand,
  required: fieldIds.itemRequired,
  stepName: fieldIds.itemStep,
  recordsIncident: fieldIds.itemIncident,
  automation: fieldIds.itemAutomation,
};
const itemPartLabels = { title: "Title", detail: "Detail", command: "Command", required: "Required", stepName: "Pipeline step", recordsIncident: "Incident note", automation: "Automation" };

/** Where a zod path points in the form, with its place in form order (details, approval fields, sections, sign-offs). */
function placeOf(path: string[], sent: Draft): { id: string; label: string; order: number[] } | null {
  const [head, indexText, field, itemIndexText, itemField] = path;
  const index = Number(indexText);
  const LAST = Number.MAX_SAFE_INTEGER;
  switch (head) {
    case "name":
      return { id: fieldIds.name, label: "Name", order: [0, 0] };
    case "description":
      return { id: fieldIds.description, label: "Description", order: [0, 1] };
    case "monitoringWindowHours":
      return { id: fieldIds.monitoring, label: "Monitoring window", order: [0, 2] };
    case "approvalFields": {
      const approval = indexText === undefined ? undefined : sent.approvalFields[index];
      if (!approval) return { id: fieldIds.addApprovalField, label: "Approval fields", order: [3, LAST] };
      return { id: fieldIds.approvalField(approval.key), label: `Approval field ${index + 1}`, order: [3, index] };
    }
    case "sections": {
      const section = indexText === undefined ? undefined : sent.sections[index];
      if (!section) return null;
      const sectionName = nameOf("section", section.title, index + 1);
      if (field === "title") return { id: fieldIds.sectionTitle(section.key), label: `Title of ${sectionName}`, order: [1, index, 0] };
      if (field === "phase" || field === "phaseTitle") {
        return { id: fieldIds.sectionPhase(section.key), label: `Phase of ${sectionName}`, order: [1, index, 1] };
      }
      if (field === "detail") return { id: fieldIds.sectionDetail(section.key), label: `Notes of ${sectionName}`, order: [1, index, 2] };
      if (field !== "items") return null;
      const itemIndex = Number(itemIndexText);
      const item = itemIndexText === undefined ? undefined : section.items[itemIndex];
      if (!item) return { id: fieldIds.addItem(section.key), label: `Items of ${sectionName}`, order: [1, index, LAST] };
      const part = ITEM_PARTS.find((p) => p === itemField) ?? "title";
      return {
        id: itemPartIds[part](item.key),
        label: `${itemPartLabels[part]} of ${nameOf("item", item.title, itemIndex + 1)} in ${sectionName}`,
        order: [1, index, 3, itemIndex, ITEM_PARTS.indexOf(part)],
      };
    }
    case "signoffRequirements": {
      const signoff = indexText === undefined ? undefined : sent.signoffs[index];
      if (!signoff) return { id: fieldIds.addSignoff, label: "Sign-offs", order: [2, LAST] };
      const signoffName = nameOf("sign-off", signoff.title, index + 1);
      if (field === "role") return { id: fieldIds.signoffRole(signoff.key), label: `Role of ${signoffName}`, order: [2, index, 1] };
      if (field === "excludeReleaseManager") {
        return { id: fieldIds.signoffFourEyes(signoff.key), label: `Four-eyes of ${signoffName}`, order: [2, index, 2] };
      }
      if (field === "scope") return { id: fieldIds.signoffScope(signoff.key), label: `What ${signoffName} attests`, order: [2, index, 3] };
      return { id: fieldIds.signoffTitle(signoff.key), label: `Title of ${signoffName}`, order: [2, index, 0] };
    }
    default:
      return null;
  }
}
