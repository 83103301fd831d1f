/**
 * Parses a Markdown release checklist (the shape of prisma/default-template.md) into a template.
 *
 * The document is parsed with unified + remark-parse + remark-gfm and the top-level mdast nodes are
 * walked in order. Structure comes from the tree only; the few regexes below run on the text of a
 * single node (a heading or an item).
 *
 * Rules:
 * - The first H1 is the title. Without one the title defaults to "Checklist" (warning); later H1s
 *   are ignored (warning).
 * - H2 headings open a phase, matched case-insensitively: "Pre-Release…"/"Pre release" →
 *   PRE_RELEASE, "Release Day…" → RELEASE_DAY, "Post-Release…" → POST_RELEASE, anything with
 *   "Rollback" → ROLLBACK, anything with "Approval"/"Sign-off(s)" → the sign-off block. A duration
 *   in parentheses on the post-release heading ("(24 hours)", "(2 days)", "(1 week)") sets
 *   monitoringWindowHours. Any other H2 is ignored with a warning, or is an error if it holds a list.
 * - H3 (and deeper) headings open a section in the current phase; a leading "1. " is stripped.
 *   Content under an H2 before any H3 goes into a section titled like the H2, which is kept only if
 *   it gets items. Sections without items are skipped (warning). Sections are returned grouped by
 *   phase in PRE_RELEASE, RELEASE_DAY, POST_RELEASE, ROLLBACK order, document order within a phase.
 * - Every list item under a phase is an item: task items, plain bullets and numbered steps alike.
 *   Nested blocks under an item go into its detail; other blocks in a section (paragraphs, quotes,
 *   tables) go into the section detail.
 * - Item text keeps its inline Markdown as written. A trailing ": `command`" becomes the command.
 * - An item is required unless its text ends with "(optional)" or it is conditional, i.e. contains
 *   the word "if" as a clause outside inline code ("Load test if major changes"). A trailing
 *   "(required)" forces required; the exporter writes it for conditional-looking required items.
 *   Both markers are stripped from the title.
 * - Fenced (or indented) code is never an item. Code inside an item, or a code block right after an
 *   item, becomes that item's command when it has none. A code block with no item before it in the
 *   section ("### 1. Create Git Tag" followed by a block) becomes an item titled like the section
 *   heading. Otherwise the block becomes an extra item titled "Run commands". Empty blocks are ignored.
 * - In the sign-off block, list items are sign-off requirements. Role is RELEASE_MANAGER when the
 *   title starts with "Release manager", ENGINEERING_LEAD otherwise; a trailing "(role: VIEWER)"
 *   or "(admin)" / "(viewer)" / "(release manager)" / "(engineering lead)" overrides it and is
 *   stripped; "(role: X)" with an unknown X is an error. excludeReleaseManager (four-eyes) is true
 *   when the title mentions "review". Bold labels in the block's other paragraphs ("**Date:** ____")
 *   are the approval fields; a paragraph directly followed by the list is its intro and is skipped.
 * - Bindings (written last on the line, in any order): "(step: Run migrations)" after an item binds it to the
 *   deploy (or, under the rollback heading, rollback) pipeline step of that name, whose success ticks it; on an
 *   H3 heading it binds every item of the section that names no step of its own. "(incident note)" marks the
 *   rollback item whose note is the incident note of a rolled-back release (at most one, under the rollback
 *   heading). On a sign-off, "(attests: Database, Test rollback)" names the pre-release sections or items it
 *   attests (each must exist); without it, a sign-off attests every required pre-release item.
 * - Ticked boxes are imported unticked (warning). Thematic breaks and text before the first H2 are
 *   ignored.
 * Errors make the whole import fail; warnings are returned with the checklist.
 */
import type { Code, Heading, ListItem, Nodes, Paragraph, RootContent } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { MAX_MARKDOWN_CHARS, MAX_TITLE_CHARS } from "./limit-values";

export type ChecklistPhase = "PRE_RELEASE" | "RELEASE_DAY" | "POST_RELEASE" | "ROLLBACK";
export type SignoffRole = "ADMIN" | "RELEASE_MANAGER" | "ENGINEERING_LEAD" | "VIEWER";
export interface ParsedItem {
  title: string;
  detail: string | null;
  command: string | null;
  required: boolean;
  /** Name of the pipeline step whose success ticks this item; absent when unbound. */
  stepName?: string;
  /** Present (true) on the rollback item that holds the incident note. */
  recordsIncident?: true;
}
export interface ParsedSection {
  phase: ChecklistPhase;
  phaseTitle: string;
  title: string;
  detail: string | null;
  items: ParsedItem[];
}
export interface ParsedSignoffRequirement {
  title: string;
  role: SignoffRole;
  excludeReleaseManager: boolean;
  /** Section or item titles this sign-off attests; absent means every required pre-release item. */
  scope?: string[];
}
export interface ParsedChecklist {
  title: string;
  sections: ParsedSection[];
  signoffRequirements: ParsedSignoffRequirement[];
  approvalFields: string[];
  monitoringWindowHours: number | null;
}
export interface ImportProblem {
  line: number | null;
  message: string;
}
export type ImportResult =
  | { ok: true; checklist: ParsedChecklist; warnings: ImportProblem[] }
  | { ok: false; errors: ImportProblem[] };

export { MAX_MARKDOWN_CHARS, MAX_TITLE_CHARS };
export const DEFAULT_CHECKLIST_TITLE = "Checklist";
export const PHASE_ORDER: readonly ChecklistPhase[] = ["PRE_RELEASE", "RELEASE_DAY", "POST_RELEASE", "ROLLBACK"];
const SIGNOFF_ROLES: readonly SignoffRole[] = ["ADMIN", "RELEASE_MANAGER", "ENGINEERING_LEAD", "VIEWER"];
const ACCEPTED_H2_NAMES = '"Pre-Release", "Release Day", "Post-Release", "Rollback", "Release Approval" (or "Sign-offs")';
const EXTRA_COMMAND_TITLE = "Run commands";

type H2Kind = ChecklistPhase | "SIGNOFFS";

type Block =
  | { kind: "preamble" }
  | { kind: "phase"; phase: ChecklistPhase; phaseTitle: string; line: number | null }
  | { kind: "signoffs" }
  | { kind: "unknown"; heading: string; line: number | null; reported: boolean };

interface SectionDraft extends ParsedSection {
  line: number | null;
  /** "(step: …)" on the section heading: the step of every item that names none. */
  stepName: string | null;
  fromHeading: boolean;
  details: string[];
}

export function parseChecklistMarkdown(markdown: string): ImportResult {
  if (markdown.trim() === "") return failure(null, "The Markdown is empty.");
  if (markdown.length > MAX_MARKDOWN_CHARS) {
    return failure(null, `The Markdown is ${markdown.length} characters long; the limit is ${MAX_MARKDOWN_CHARS}.`);
  }
  // micromark drops a BOM and reads CRLF as one line ending; normalise so offsets match the source.
  const source = markdown.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const tree = unified().use(remarkParse).use(remarkGfm).parse(source);
  const importer = new ChecklistImporter(source);
  codeBlocksIn(tree).forEach((code) => importer.checkFenceClosed(code));
  tree.children.forEach((node, index) => importer.visit(node, tree.children[index + 1]));
  return importer.finish();
}

/** Maps an H2 heading's text to its phase or the sign-off block; null when it matches nothing. */
export function classifyPhaseHeading(text: string): H2Kind | null {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^\d+ /, "");
  if (/^pre ?release\b/.test(words)) return "PRE_RELEASE";
  if (/^release day\b/.test(words)) return "RELEASE_DAY";
  if (/^post ?release\b/.test(words)) return "POST_RELEASE";
  if (/\broll ?back\b/.test(words)) return "ROLLBACK";
  if (/\b(approvals?|sign ?offs?)\b/.test(words)) return "SIGNOFFS";
  return null;
}

const DURATION = /\s*\((\d+)\s*(hours?|hrs?|h|days?|d|weeks?|wks?|w)\)/i;

/** "Post-Release (24 hours)" → 24, "(2 days)" → 48, no duration → null. */
export function parseMonitoringWindow(headingText: string): number | null {
  const match = DURATION.exec(headingText);
  if (!match?.[1] || !match[2]) return null;
  const unit = match[2].toLowerCase()[0];
  const hoursPerUnit = unit === "w" ? 168 : unit === "d" ? 24 : 1;
  return Number(match[1]) * hoursPerUnit;
}

export function removeMonitoringWindow(headingText: string): string {
  return headingText.replace(DURATION, "");
}

/** Applies the required/optional rule to an item's text (without its command). */
export function interpretItemTitle(text: string): { title: string; required: boolean } {
  const marked = takeRequiredMarker(text);
  if (marked.required !== null) return { title: marked.text, required: marked.required };
  return { title: text, required: !isConditional(text) };
}

export function isConditional(title: string): boolean {
  const prose = title.replace(/`[^`]*`/g, "");
  return /(^|\s)if\s/i.test(prose);
}

/** The role a sign-off gets from its title alone, before any "(role: …)" override. */
export function defaultSignoffRole(title: string): SignoffRole {
  return /^release manager\b/i.test(title) ? "RELEASE_MANAGER" : "ENGINEERING_LEAD";
}

export function requiresFourEyes(title: string): boolean {
  return /review/i.test(title);
}

class ChecklistImporter {
  private title: string | null = null;
  private block: Block = { kind: "preamble" };
  private section: SectionDraft | null = null;
  private readonly sections: SectionDraft[] = [];
  private readonly signoffs: ParsedSignoffRequirement[] = [];
  private readonly signoffLines: (number | null)[] = [];
  private readonly incidentLines: number[] = [];
  private readonly approvalFields: string[] = [];
  private monitoringWindowHours: number | null = null;
  private sawPhaseHeading = false;
  private readonly errors: ImportProblem[] = [];
  private readonly warnings: ImportProblem[] = [];

  constructor(private readonly source: string) {}

  visit(node: RootContent, next: RootContent | undefined): void {
    if (node.type === "heading") return this.visitHeading(node);
    if (node.type === "thematicBreak") return;
    if (this.block.kind === "preamble") return this.visitPreamble(node);
    if (this.block.kind === "unknown") return this.visitUnknown(node, this.block);
    if (this.block.kind === "signoffs") return this.visitSignoffs(node, next);
    this.visitPhaseContent(node);
  }

  finish(): ImportResult {
    this.closeSection();
    if (this.errors.length === 0) this.checkNotEmpty();
    if (this.errors.length === 0) this.checkBindings();
    if (this.errors.length > 0) return { ok: false, errors: this.errors };
    return { ok: true, checklist: this.checklist(), warnings: this.warnings };
  }

  private visitHeading(node: Heading): void {
    const text = this.inlineText(node);
    if (node.depth === 1) return this.visitTitle(text, node);
    if (node.depth === 2) return this.openBlock(text, node);
    if (this.block.kind === "phase") return this.openSection(text, node);
  }

  private visitTitle(text: string, node: Heading): void {
    if (this.title !== null) {
      this.warn(node, `Extra "# ${text}" heading ignored; the checklist title is "${this.title}".`);
      return;
    }
    if (this.checkTitle(text, "The checklist title", node)) this.title = text;
  }

  private openBlock(text: string, node: Heading): void {
    this.closeSection();
    const line = lineOf(node);
    const kind = classifyPhaseHeading(text);
    if (kind === null) {
      this.block = { kind: "unknown", heading: text, line, reported: false };
      this.warn(node, `"## ${text}" is not a phase heading; its content is ignored. Accepted headings: ${ACCEPTED_H2_NAMES}.`);
      return;
    }
    if (kind === "SIGNOFFS") {
      this.block = { kind: "signoffs" };
      return;
    }
    this.sawPhaseHeading = true;
    this.block = { kind: "phase", phase: kind, phaseTitle: text, line };
    if (kind === "POST_RELEASE" && this.monitoringWindowHours === null) {
      this.monitoringWindowHours = parseMonitoringWindow(text);
    }
  }

  private openSection(text: string, node: Heading): void {
    this.closeSection();
    const markers = takeBindingMarkers(text);
    const title = markers.text.replace(/^\d+[.)]\s+/, "");
    if (title === "") this.error(node, "Section heading is empty.");
    else this.checkTitle(title, "Section title", node);
    if (markers.recordsIncident) this.error(node, '"(incident note)" belongs on one rollback item, not on a heading.');
    if (markers.scope !== null) this.error(node, '"(attests: …)" belongs on a sign-off, not on a heading.');
    this.section = this.newSection(title, lineOf(node), true);
    this.section.stepName = markers.stepName;
  }

  private visitPreamble(node: RootContent): void {
    if (node.type === "list") {
      this.error(node.children[0], "Checklist item appears before any phase heading (e.g. \"## Pre-Release\").");
    }
  }

  private visitUnknown(node: RootContent, block: Extract<Block, { kind: "unknown" }>): void {
    if (node.type !== "list" || block.reported) return;
    block.reported = true;
    this.errors.push({
      line: block.line,
      message: `"## ${block.heading}" (line ${block.line ?? "?"}) contains items but is not a phase heading. Accepted headings: ${ACCEPTED_H2_NAMES}.`,
    });
  }

  private visitSignoffs(node: RootContent, next: RootContent | undefined): void {
    if (node.type === "list") {
      node.children.forEach((item) => this.addSignoff(item));
    } else if (node.type === "paragraph" && next?.type !== "list") {
      this.addApprovalFields(node);
    }
  }

  private visitPhaseContent(node: RootContent): void {
    const section = this.currentSection();
    if (node.type === "list") node.children.forEach((item) => this.addItem(section, item));
    else if (node.type === "code") this.addCodeBlock(section, node);
    else section.details.push(this.blockText(node));
  }

  private currentSection(): SectionDraft {
    if (this.section) return this.section;
    if (this.block.kind !== "phase") throw new Error("Section requested outside a phase");
    this.section = this.newSection(this.block.phaseTitle, this.block.line, false);
    return this.section;
  }

  private newSection(title: string, line: number | null, fromHeading: boolean): SectionDraft {
    if (this.block.kind !== "phase") throw new Error("Section opened outside a phase");
    const { phase, phaseTitle } = this.block;
    return { phase, phaseTitle, title, detail: null, items: [], line, fromHeading, details: [], stepName: null };
  }

  private closeSection(): void {
    const section = this.section;
    this.section = null;
    if (!section) return;
    if (section.items.length === 0) {
      if (section.fromHeading) this.warnAt(section.line, `Section "${section.title}" has no items and was skipped.`);
      else if (section.details.length > 0) this.warnAt(section.line, `Text under "## ${section.phaseTitle}" outside any section was ignored.`);
      return;
    }
    const duplicate = this.sections.some((s) => s.phase === section.phase && s.title === section.title);
    if (duplicate) this.warnAt(section.line, `Section "${section.title}" appears twice in ${section.phase}.`);
    this.sections.push(section);
  }

  private addItem(section: SectionDraft, node: ListItem): void {
    const [first, ...rest] = node.children;
    const text = first?.type === "paragraph" ? this.inlineText(first) : "";
    if (node.checked === true) this.warn(node, `Ticked item imported as unticked: "${text}".`);
    const markers = takeBindingMarkers(isBareCheckbox(text, node) ? "" : text);
    const { title, command, required } = splitItemText(markers.text);
    if (!this.checkItemTitle(title, node)) return;
    if (markers.scope !== null) this.error(node, '"(attests: …)" belongs on a sign-off, not on a checklist item.');
    const nested = this.itemChildren(rest, command, node);
    const item: ParsedItem = { title, required, command: nested.command, detail: nested.detail };
    const stepName = markers.stepName ?? section.stepName;
    if (stepName !== null && (section.phase === "RELEASE_DAY" || section.phase === "ROLLBACK")) item.stepName = stepName;
    else if (markers.stepName !== null) this.warn(node, `"(step: ${markers.stepName})" is ignored: only release-day and rollback items follow a pipeline step.`);
    if (markers.recordsIncident) {
      if (section.phase !== "ROLLBACK") this.error(node, '"(incident note)" marks an item under the rollback heading; move it there.');
      this.incidentLines.push(lineOf(node) ?? 0);
      item.recordsIncident = true;
    }
    section.items.push(item);
  }

  /** Splits an item's nested blocks into its command (first code block, if none inline) and detail. */
  private itemChildren(
    children: RootContent[],
    inlineCommand: string | null,
    item: ListItem,
  ): { command: string | null; detail: string | null } {
    let command = inlineCommand;
    const details: string[] = [];
    for (const child of children) {
      if (child.type === "code" && isBlank(child)) continue;
      if (child.type === "code" && command === null) command = child.value;
      else details.push(this.blockText(child));
      if (child.type === "list" && child.children.some((c) => typeof c.checked === "boolean")) {
        this.warn(child, `Nested checkboxes under "${this.inlineText(item)}" are kept as that item's detail.`);
      }
    }
    return { command, detail: joinDetails(details) };
  }

  private addCodeBlock(section: SectionDraft, node: Code): void {
    if (isBlank(node)) return;
    const previous = section.items.at(-1);
    if (previous && previous.command === null) {
      previous.command = node.value;
    } else if (!previous) {
      section.items.push(withStep({ ...interpretItemTitle(section.title), command: node.value, detail: null }, section.stepName));
    } else {
      section.items.push(withStep({ title: EXTRA_COMMAND_TITLE, required: true, command: node.value, detail: null }, section.stepName));
    }
  }

  private addSignoff(node: ListItem): void {
    const first = node.children[0];
    const text = first?.type === "paragraph" ? this.inlineText(first) : "";
    if (node.checked === true) this.warn(node, `Ticked sign-off imported as unticked: "${text}".`);
    const markers = takeBindingMarkers(isBareCheckbox(text, node) ? "" : text);
    const { title, role, unknownRole } = splitSignoffRole(markers.text);
    if (unknownRole !== null) {
      this.error(node, `Unknown sign-off role "${unknownRole}"; use one of ${SIGNOFF_ROLES.join(", ")}.`);
      return;
    }
    if (!this.checkItemTitle(title, node)) return;
    if (markers.stepName !== null || markers.recordsIncident) this.error(node, 'A sign-off cannot name a step or "(incident note)"; use "(attests: …)".');
    const signoff: ParsedSignoffRequirement = { title, role, excludeReleaseManager: requiresFourEyes(title) };
    if (markers.scope !== null) signoff.scope = markers.scope;
    this.signoffs.push(signoff);
    this.signoffLines.push(lineOf(node));
  }

  private addApprovalFields(node: Paragraph): void {
    for (const child of node.children) {
      if (child.type !== "strong") continue;
      const label = plainText(child).trim().replace(/:$/, "").trim();
      if (label !== "" && !this.approvalFields.includes(label)) this.approvalFields.push(label);
    }
  }

  private checkItemTitle(title: string, node: ListItem): boolean {
    if (title === "") {
      this.error(node, "Item has no text.");
      return false;
    }
    return this.checkTitle(title, "Item title", node);
  }

  private checkTitle(title: string, what: string, node: Nodes): boolean {
    if (title.length <= MAX_TITLE_CHARS) return true;
    this.error(node, `${what} is ${title.length} characters long; the limit is ${MAX_TITLE_CHARS}.`);
    return false;
  }

  /** A fence left open swallows the rest of its container, so its last line is not a closing fence. */
  checkFenceClosed(node: Code): void {
    const lines = sliceOf(node, this.source).split("\n");
    const opening = /^\s*(`{3,}|~{3,})/.exec(lines[0] ?? "")?.[1];
    if (!opening) return;
    const last = lines.length > 1 ? (lines.at(-1) ?? "").replace(/^[\s>]*/, "").trimEnd() : "";
    const closed = last.length >= opening.length && [...last].every((c) => c === opening[0]);
    if (!closed) {
      this.error(node, `Code block opened at line ${lineOf(node) ?? "?"} is never closed; add a closing ${opening} line.`);
    }
  }

  /** At most one incident-note item; every name a sign-off attests is a pre-release section or item. */
  private checkBindings(): void {
    if (this.incidentLines.length > 1) {
      this.errors.push({ line: this.incidentLines[1] ?? null, message: `"(incident note)" is on ${this.incidentLines.length} items (lines ${this.incidentLines.join(", ")}); mark one.` });
    }
    const preRelease = this.sections.filter((s) => s.phase === "PRE_RELEASE");
    const known = new Set(preRelease.flatMap((s) => [s.title, ...s.items.map((i) => i.title)]).map((t) => t.toLowerCase()));
    this.signoffs.forEach((signoff, index) => {
      for (const name of signoff.scope ?? []) {
        if (!known.has(name.toLowerCase())) {
          this.errors.push({
            line: this.signoffLines[index] ?? null,
            message: `Sign-off "${signoff.title}" attests "${name}", which is no pre-release section or item; use a section title (e.g. "${preRelease[0]?.title ?? "Database"}") or an item title.`,
          });
        }
      }
    });
  }

  private checkNotEmpty(): void {
    if (!this.sawPhaseHeading) {
      this.errors.push({ line: null, message: `No phase headings found. Accepted headings: ${ACCEPTED_H2_NAMES}.` });
    } else if (this.sections.length === 0) {
      this.errors.push({ line: null, message: 'No checklist items found; add items like "- [ ] Run tests" under a phase heading.' });
    }
  }

  private checklist(): ParsedChecklist {
    if (this.title === null) this.warnAt(null, `No "# Title" heading found; the title defaults to "${DEFAULT_CHECKLIST_TITLE}".`);
    const sorted = [...this.sections].sort((a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));
    if (sorted.some((section, i) => section !== this.sections[i])) {
      this.warnAt(null, "Phases were out of order; sections were regrouped as Pre-Release, Release Day, Post-Release, Rollback.");
    }
    return {
      title: this.title ?? DEFAULT_CHECKLIST_TITLE,
      sections: sorted.map(({ phase, phaseTitle, title, details, items }) => ({
        phase,
        phaseTitle,
        title,
        detail: joinDetails(details),
        items,
      })),
      signoffRequirements: this.signoffs,
      approvalFields: this.approvalFields,
      monitoringWindowHours: this.monitoringWindowHours,
    };
  }

  /** Inline content of a heading/paragraph/list item as written, on one line. */
  private inlineText(node: Heading | Paragraph | ListItem): string {
    const target = node.type === "listItem" ? node.children[0] : node;
    if (!target || !("children" in target)) return "";
    const first = target.children[0];
    const last = target.children.at(-1);
    const start = first?.position?.start.offset;
    const end = last?.position?.end.offset;
    if (start === undefined || end === undefined) return "";
    return this.source
      .slice(start, end)
      .replace(/\s*\n\s*/g, " ")
      .trim();
  }

  /** A block as written, with the indentation of its container removed from continuation lines. */
  private blockText(node: RootContent): string {
    const indent = (node.position?.start.column ?? 1) - 1;
    const strip = new RegExp(`^ {0,${indent}}`);
    return sliceOf(node, this.source)
      .split("\n")
      .map((line, i) => (i === 0 ? line : line.replace(strip, "")))
      .join("\n")
      .trimEnd();
  }

  private error(node: Nodes | undefined, message: string): void {
    this.errors.push({ line: lineOf(node), message });
  }

  private warn(node: Nodes, message: string): void {
    this.warnAt(lineOf(node), message);
  }

  private warnAt(line: number | null, message: string): void {
    this.warnings.push({ line, message });
  }
}

/** "Tests passing: `pytest` (optional)" → title "Tests passing", command "pytest", not required. */
function splitItemText(text: string): Omit<ParsedItem, "detail"> {
  const marked = takeRequiredMarker(text);
  const match = /^(.*?)\s*:\s*`([^`]+)`$/.exec(marked.text);
  const command = match?.[2]?.trim() || null;
  const rest = command !== null && match?.[1] !== undefined ? match[1] : marked.text;
  if (marked.required !== null) return { title: rest, command, required: marked.required };
  return { ...interpretItemTitle(rest), command };
}

interface BindingMarkers {
  text: string;
  stepName: string | null;
  recordsIncident: boolean;
  scope: string[] | null;
}

const STEP_MARKER = /\s*\(step:\s*([^()]*?)\s*\)$/i;
const INCIDENT_MARKER = /\s*\(incident note\)$/i;
const SCOPE_MARKER = /\s*\(attests:\s*([^()]*?)\s*\)$/i;

/** Strips trailing "(step: …)", "(incident note)" and "(attests: …)" markers, in any order. */
export function takeBindingMarkers(input: string): BindingMarkers {
  const markers: BindingMarkers = { text: input, stepName: null, recordsIncident: false, scope: null };
  for (;;) {
    const step = STEP_MARKER.exec(markers.text);
    const incident = INCIDENT_MARKER.exec(markers.text);
    const scope = SCOPE_MARKER.exec(markers.text);
    const match = step ?? incident ?? scope;
    if (!match) return markers;
    if (step?.[1]) markers.stepName ??= step[1];
    else if (incident) markers.recordsIncident = true;
    else if (scope?.[1]) markers.scope ??= scope[1].split(",").map((name) => name.trim()).filter((name) => name !== "");
    markers.text = markers.text.slice(0, match.index).trimEnd();
  }
}

function withStep(item: ParsedItem, stepName: string | null): ParsedItem {
  return stepName === null ? item : { ...item, stepName };
}

function takeRequiredMarker(text: string): { text: string; required: boolean | null } {
  const match = /\s*\((optional|required)\)$/i.exec(text);
  if (!match?.[1]) return { text, required: null };
  return { text: text.slice(0, match.index).trim(), required: match[1].toLowerCase() === "required" };
}

function splitSignoffRole(text: string): { title: string; role: SignoffRole; unknownRole: string | null } {
  const match = /\s*\((role:\s*)?([a-z][a-z _-]*)\)$/i.exec(text);
  const named = match?.[2]?.trim().toUpperCase().replace(/[\s-]+/g, "_");
  const role = SIGNOFF_ROLES.find((r) => r === named);
  if (match && role) return { title: text.slice(0, match.index).trim(), role, unknownRole: null };
  if (match?.[1] && match[2]) return { title: text, role: "ENGINEERING_LEAD", unknownRole: match[2].trim() };
  return { title: text, role: defaultSignoffRole(text), unknownRole: null };
}

/** "- [ ]" with no text is not a GFM task item; it parses as a plain item reading "[ ]". */
function isBareCheckbox(text: string, node: ListItem): boolean {
  return typeof node.checked !== "boolean" && /^\[[ xX]?\]$/.test(text);
}

function isBlank(code: Code): boolean {
  return code.value.trim() === "";
}

function joinDetails(parts: string[]): string | null {
  const text = parts.filter((p) => p !== "").join("\n\n");
  return text === "" ? null : text;
}

function plainText(node: Nodes): string {
  if ("value" in node) return node.value;
  if ("children" in node) return node.children.map((child: Nodes) => plainText(child)).join("");
  return "";
}

function codeBlocksIn(node: Nodes): Code[] {
  if (node.type === "code") return [node];
  if (!("children" in node)) return [];
  return node.children.flatMap((child: Nodes) => codeBlocksIn(child));
}

function sliceOf(node: Nodes, source: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? "" : source.slice(start, end);
}

function lineOf(node: Nodes | undefined): number | null {
  return node?.position?.start.line ?? null;
}

function failure(line: number | null, message: string): ImportResult {
  return { ok: false, errors: [{ line, message }] };
}
