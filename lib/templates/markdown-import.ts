/**
 * Parses a Markdown release checklist into a template. Written for the checklists teams already keep
 * (RELEASE_CHECKLIST.md and the like), of any heading structure; prisma/default-template.md is one of them.
 *
 * The document is parsed with remark-parse + remark-gfm (lib/markdown/parse.ts) and the top-level mdast nodes
 * are walked in order. Structure comes from the tree; the few regexes below run on the text of one node.
 *
 * Structure
 * - The first H1 is the title, unless two or more H1s hold checkboxes (then H1s are sections). Without a title
 *   the `fallbackTitle` option (e.g. the file name) or "Checklist" is used.
 * - Top-level sections are the headings at the shallowest level that holds checkboxes: `## 1. Prepare` under
 *   an H1, `### Pre-release` directly under an H1, or H1s. A lone top-level heading that names no stage and
 *   only holds sub-headings with checkboxes ("## Checklist") is a wrapper: the level below it is used.
 *   Checkboxes before the first top-level heading form a section named after the title.
 * - Deeper headings open groups (the template's sections) inside their top-level section; a group nested in
 *   another is titled "Parent › Child". Content directly under a top-level heading forms a group titled like
 *   the heading. Leading numbering ("1. ") is dropped from group titles. Groups without items are skipped.
 * - Each top-level section gets a stage (lib/templates/stages.ts): named by its heading ("Pre-Release (1 day
 *   before)") or a "(stage: release day)" marker, else from its words ("Deploy" → release day) and position.
 *   The `stageOf` option overrides it (the import preview's selector). A heading that names its stage is kept
 *   as the stage's title; otherwise the stage's default title is used. A duration on a post-release heading
 *   ("(24 hours)", "(2 days)") sets the monitoring window.
 * - A heading with "approval", "sign-off" or "sign off" (at any level) opens a sign-off block, unless every
 *   checkbox of the document is in one (then they are ordinary items).
 *
 * Items
 * - Every task item (`- [ ]`, `* [x]`, `+ [ ]`, `1. [ ]`, at any list depth, also in quotes) outside code is
 *   exactly one item, or one sign-off in a sign-off block. A checkbox nested under an item is an item of its
 *   own, after it. In a group without any checkbox, the steps of a numbered list are items (a procedure, like
 *   the reference's rollback steps).
 * - Everything else in a group (prose, plain bullets, ✅ lines, quotes, tables) is the group's note, as
 *   written; everything else nested under an item is the item's detail. HTML comments are dropped.
 * - Item text keeps its inline Markdown. A trailing ": `command`" becomes the command. A fenced (or indented)
 *   block under an item, or right after it, is its command; a further block goes into its detail. Code never
 *   produces items, with one exception kept from the reference: a group with no item and a command block
 *   ("### 1. Create Git Tag" + ```bash) becomes one item titled like the group.
 * - An item is required unless its text ends with "(optional)" or it is conditional, i.e. contains "if" as a
 *   word outside inline code ("Load test if major changes"); "(required)" forces required. Ticked boxes are
 *   imported unticked.
 * - Sign-offs: role RELEASE_MANAGER when the title starts with "Release manager", else ENGINEERING_LEAD; a
 *   trailing "(role: VIEWER)" or "(admin)" / "(release manager)" … overrides it. Four-eyes when the title
 *   mentions "review". Bold labels in the block's other paragraphs ("**Date:** ____") are approval fields.
 * - Bindings (written last on the line, in any order), as the editor writes them: "(step: Run migrations)" on
 *   a release-day or rollback item binds it to that pipeline step; on a heading, every item of its group that
 *   names none. "(incident note)" marks the one rollback item holding a rolled-back release's incident note.
 *   "(attests: Database, Test rollback)" on a sign-off names the pre-release sections or items it attests.
 *
 * Only an empty document, one over MAX_MARKDOWN_CHARS, one nesting too deep on a line, or one without any
 * checkbox is refused. Everything else imports, with a warning (and its line) for what was dropped or changed.
 */
import type { Code, Heading, List, ListItem, Nodes, Paragraph, Root, RootContent } from "mdast";
import { deepLine, MAX_LINE_NESTING, normaliseSource, parseMarkdown } from "@/lib/markdown/parse";
import { MAX_MARKDOWN_CHARS, MAX_PHASE_TITLE_CHARS, MAX_TITLE_CHARS } from "./limit-values";
import {
  classifyPhaseHeading,
  DEFAULT_STAGE_TITLES,
  inferStages,
  parseStageName,
  STAGE_ORDER,
  topicStage,
} from "./stages";
import { findVersionOffer, replaceVersion, type VersionOffer } from "./version";
import { AUTOMATION_MARKER, formatAutomation, parseAutomation } from "@/lib/integrations/automation";

export { classifyPhaseHeading } from "./stages";
export type { VersionOffer } from "./version";

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
  /** The outside event that ticks this item ("github.workflow_run release.yml success"); absent when none. */
  automation?: string;
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
/** A top-level section of the document as the preview shows it: its heading, stage and groups. */
export interface OutlineSection {
  heading: string;
  line: number | null;
  stage: ChecklistPhase;
  inferredStage: ChecklistPhase;
  /** Its groups, i.e. the template sections it becomes. */
  groups: { title: string; items: number; optional: number; commands: number }[];
  items: number;
}
export interface ImportCounts {
  /** Top-level sections (each has a stage). */
  sections: number;
  items: number;
  signoffs: number;
}
export type ImportResult =
  | {
      ok: true;
      checklist: ParsedChecklist;
      warnings: ImportProblem[];
      outline: OutlineSection[];
      counts: ImportCounts;
      /** The example version its commands could use ${VERSION} for (whether or not it was replaced). */
      versionOffer: VersionOffer | null;
    }
  | { ok: false; errors: ImportProblem[] };

export interface ImportOptions {
  /** The stage chosen for the top-level section at `index` (of the outline); null or undefined keeps the inferred one. */
  stageOf?: (index: number, heading: string) => ChecklistPhase | null | undefined;
  /** Write ${VERSION} for the example version in commands. */
  replaceVersion?: boolean;
  /** The title when the document has no "# " heading, e.g. from its file name. */
  fallbackTitle?: string;
  /** For tests: parse in chunks of this size (lib/markdown/parse.ts). */
  chunkChars?: number;
}

export { MAX_MARKDOWN_CHARS, MAX_PHASE_TITLE_CHARS, MAX_TITLE_CHARS };
export const DEFAULT_CHECKLIST_TITLE = "Checklist";
export const PHASE_ORDER = STAGE_ORDER;
const SIGNOFF_ROLES: readonly SignoffRole[] = ["ADMIN", "RELEASE_MANAGER", "ENGINEERING_LEAD", "VIEWER"];
/** Beyond this, warnings are counted, not listed: a pasted file can have thousands of ticked boxes. */
const MAX_WARNINGS = 100;

export function parseChecklistMarkdown(markdown: string, options: ImportOptions = {}): ImportResult {
  if (markdown.trim() === "") return failure(null, "The Markdown is empty.");
  if (markdown.length > MAX_MARKDOWN_CHARS) {
    return failure(null, `The Markdown is ${markdown.length} characters long; the limit is ${MAX_MARKDOWN_CHARS}.`);
  }
  const source = normaliseSource(markdown);
  const deep = deepLine(source);
  if (deep) {
    return failure(deep.line, `This line opens ${deep.depth} lists or quotes inside each other; the limit is ${MAX_LINE_NESTING}.`);
  }
  const tree = parseMarkdown(source, options.chunkChars);
  return new ChecklistImporter(source, tree, options).run();
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

interface ItemDraft extends ParsedItem {
  line: number | null;
  /** "(step: …)" written on the item itself. */
  ownStep: string | null;
  incident: boolean;
}

interface GroupDraft {
  title: string;
  line: number | null;
  /** The heading's depth; the top-level heading's for the group directly under it. */
  depth: number;
  fromHeading: boolean;
  stepName: string | null;
  signoff: boolean;
  /** Whether any checkbox is written in this group (not in sub-groups): decides whether numbered steps are items. */
  hasCheckboxes: boolean;
  items: ItemDraft[];
  /** Code blocks before the group's first item: a command if the group gets no item, else part of the note. */
  leadingCode: Code[];
  /** The group's own text starts here; `cuts` are the line ranges of it that items and commands took. */
  firstLine: number;
  cuts: [number, number][];
  note: string | null;
}

interface TopDraft {
  heading: string;
  line: number | null;
  depth: number;
  /** The stage its heading (or "(stage: …)") names, if any. */
  named: ChecklistPhase | null;
  /** Whether the heading itself names the stage, so that it can serve as the stage's title. */
  stageHeading: boolean;
  topic: ChecklistPhase | null;
  signoff: boolean;
  preamble: boolean;
  groups: GroupDraft[];
  skipped: ImportProblem[];
  hasText: boolean;
}

interface SignoffDraft extends ParsedSignoffRequirement {
  line: number | null;
}

/** Facts about the document as a whole, worked out before the walk: which heading is what. */
interface DocumentShape {
  titleIndex: number | null;
  wrapperTitle: string | null;
  wrappers: Set<number>;
  /** Heading depth of top-level sections (Infinity: there are none). */
  topDepth: number;
  signoffsEnabled: boolean;
  /** Checkboxes in root children [0, i). */
  checkboxesBefore: number[];
  /** The index of the first heading at or after i (the number of children if none). */
  headingFrom: number[];
}

class ChecklistImporter {
  private readonly lines: string[];
  private readonly nodes: RootContent[];
  private readonly shape: DocumentShape;
  private title: string | null = null;
  private top: TopDraft | null = null;
  private group: GroupDraft | null = null;
  /** Open group headings of the current top-level section, for "Parent › Child" titles. */
  private groupStack: { depth: number; title: string; signoff: boolean }[] = [];
  private readonly tops: TopDraft[] = [];
  private readonly signoffs: SignoffDraft[] = [];
  private readonly approvalFields: string[] = [];
  private readonly errors: ImportProblem[] = [];
  private readonly warnings: ImportProblem[] = [];
  private unlistedWarnings = 0;

  constructor(
    private readonly source: string,
    tree: Root,
    private readonly options: ImportOptions,
  ) {
    this.lines = source.split("\n");
    this.nodes = tree.children;
    this.shape = this.documentShape();
  }

  run(): ImportResult {
    for (const code of codeBlocksIn(this.nodes)) this.checkFenceClosed(code);
    const { titleIndex, wrapperTitle } = this.shape;
    const titleNode = titleIndex === null ? null : (this.nodes[titleIndex] as Heading);
    if (titleNode) this.title = this.fitTitle(this.inlineText(titleNode), "The checklist title", titleNode);
    this.title ??= wrapperTitle;
    this.nodes.forEach((node, index) => this.visit(node, index));
    this.closeTop(this.lines.length);
    return this.finish();
  }

  // ---------------------------------------------------------------- document shape

  private documentShape(): DocumentShape {
    const nodes = this.nodes;
    const checkboxesBefore = [0];
    nodes.forEach((node, i) => checkboxesBefore.push(checkboxesBefore[i]! + countCheckboxes(node)));
    const total = checkboxesBefore[nodes.length]!;
    const checkboxesIn = (from: number, to: number) => checkboxesBefore[to]! - checkboxesBefore[from]!;

    const headings = nodes.flatMap((node, index) => (node.type === "heading" ? [{ index, depth: node.depth, text: this.inlineText(node) }] : []));
    // Where each heading's subtree ends (the next heading at its depth or above), and the next heading at all.
    const subtreeEnd = new Map<number, number>();
    const open: { index: number; depth: number }[] = [];
    for (const heading of headings) {
      while (open.length > 0 && open.at(-1)!.depth >= heading.depth) subtreeEnd.set(open.pop()!.index, heading.index);
      open.push(heading);
    }
    for (const heading of open) subtreeEnd.set(heading.index, nodes.length);
    const headingFrom: number[] = new Array<number>(nodes.length + 1).fill(nodes.length);
    for (let i = nodes.length - 1; i >= 0; i -= 1) headingFrom[i] = nodes[i]?.type === "heading" ? i : headingFrom[i + 1]!;
    const inSubtree = (index: number) => checkboxesIn(index + 1, subtreeEnd.get(index)!);
    const directly = (index: number) => checkboxesIn(index + 1, headingFrom[index + 1]!);

    const h1s = headings.filter((h) => h.depth === 1 && h.text !== "");
    const titleIndex = h1s.filter((h) => inSubtree(h.index) > 0).length >= 2 ? null : (h1s[0]?.index ?? null);
    const candidates = headings.filter((h) => h.index !== titleIndex && h.text !== "" && inSubtree(h.index) > 0);
    let topDepth = Math.min(Infinity, ...candidates.map((h) => h.depth));

    // "## Checklist" holding every checkbox in its sub-headings: the level below is the real one.
    const wrappers = new Set<number>();
    let wrapperTitle: string | null = null;
    for (;;) {
      const tops = candidates.filter((h) => h.depth === topDepth && !wrappers.has(h.index));
      const [only] = tops;
      if (tops.length !== 1 || !only) break;
      if (inSubtree(only.index) !== total || directly(only.index) > 0) break;
      if (classifyPhaseHeading(only.text) !== null || topicStage(only.text) !== null) break;
      const inner = candidates.filter((h) => h.index > only.index && h.index < subtreeEnd.get(only.index)!);
      if (inner.length === 0) break;
      wrappers.add(only.index);
      wrapperTitle ??= takeHeadingMarkers(only.text).text;
      topDepth = Math.min(...inner.map((h) => h.depth));
    }

    // Checkboxes under a sign-off heading are sign-offs, unless there are no others.
    let outsideSignoffs = 0;
    const stack: { depth: number; signoff: boolean }[] = [];
    nodes.forEach((node, index) => {
      if (node.type === "heading") {
        while (stack.length > 0 && stack.at(-1)!.depth >= node.depth) stack.pop();
        if (index !== titleIndex) stack.push({ depth: node.depth, signoff: classifyPhaseHeading(this.inlineText(node)) === "SIGNOFFS" });
      } else if (!stack.some((h) => h.signoff)) {
        outsideSignoffs += countCheckboxes(node);
      }
    });

    return { titleIndex, wrapperTitle, wrappers, topDepth, signoffsEnabled: outsideSignoffs > 0, checkboxesBefore, headingFrom };
  }

  /** Whether root children from `start` up to the next heading hold a checkbox. */
  private checkboxesFrom(start: number): boolean {
    const { checkboxesBefore, headingFrom } = this.shape;
    return checkboxesBefore[headingFrom[start]!]! - checkboxesBefore[start]! > 0;
  }

  // ---------------------------------------------------------------- walk

  private visit(node: RootContent, index: number): void {
    if (node.type === "heading") return this.visitHeading(node, index);
    this.addContent(node, index);
  }

  private visitHeading(node: Heading, index: number): void {
    const before = (node.position?.start.line ?? 1) - 1;
    if (index === this.shape.titleIndex) return this.cut(node);
    if (this.shape.wrappers.has(index)) return this.closeTop(before);
    const text = this.inlineText(node);
    if (takeHeadingMarkers(text).text === "") {
      this.warn(node, "A heading without text was ignored.");
      return this.cut(node);
    }
    if (node.depth <= this.shape.topDepth) this.openTop(node, text, index);
    else this.openGroup(node, text, index);
  }

  private openTop(node: Heading, text: string, index: number): void {
    this.closeTop((node.position?.start.line ?? 1) - 1);
    const markers = takeHeadingMarkers(text);
    this.headingMarkerWarnings(markers, node);
    const kind = classifyPhaseHeading(markers.text);
    let named = kind === null || kind === "SIGNOFFS" ? null : kind;
    if (markers.stage !== null) {
      const stage = parseStageName(markers.stage);
      if (stage) named = stage;
      else this.warn(node, `"(stage: ${markers.stage})" names no stage; use pre-release, release day, post-release or rollback.`);
    }
    const signoff = kind === "SIGNOFFS" && markers.stage === null && this.shape.signoffsEnabled;
    const heading = markers.text;
    this.top = {
      heading,
      line: lineOf(node),
      depth: node.depth,
      named,
      stageHeading: kind !== null && kind !== "SIGNOFFS" && kind === named,
      topic: topicStage(heading),
      signoff,
      preamble: false,
      groups: [],
      skipped: [],
      hasText: false,
    };
    const title = this.top.stageHeading ? heading : stripNumbering(heading);
    this.group = this.newGroup(title, node, node.depth, false, markers.stepName, signoff, index + 1);
  }

  private openGroup(node: Heading, text: string, index: number): void {
    this.closeGroup((node.position?.start.line ?? 1) - 1);
    const top = this.currentTop();
    const markers = takeHeadingMarkers(text);
    this.headingMarkerWarnings(markers, node);
    if (markers.stage !== null) this.warn(node, `"(stage: ${markers.stage})" only applies to a top-level section; ignored here.`);
    while (this.groupStack.length > 0 && this.groupStack.at(-1)!.depth >= node.depth) this.groupStack.pop();
    const parent = this.groupStack.at(-1);
    const own = stripNumbering(markers.text);
    const title = parent ? `${parent.title} › ${own}` : own;
    const signoff =
      top.signoff || (parent?.signoff ?? false) || (this.shape.signoffsEnabled && classifyPhaseHeading(markers.text) === "SIGNOFFS");
    this.groupStack.push({ depth: node.depth, title, signoff });
    this.group = this.newGroup(title, node, node.depth, true, markers.stepName, signoff, index + 1);
  }

  private newGroup(
    title: string,
    node: Heading | null,
    depth: number,
    fromHeading: boolean,
    stepName: string | null,
    signoff: boolean,
    /** The first root child of the group's content. */
    start: number,
  ): GroupDraft {
    const line = node ? lineOf(node) : null;
    return {
      title: this.fitTitle(title, "Section title", node),
      line,
      depth,
      fromHeading,
      stepName,
      signoff,
      hasCheckboxes: this.checkboxesFrom(start),
      items: [],
      leadingCode: [],
      firstLine: node ? (node.position?.end.line ?? 0) + 1 : (this.nodes[start]?.position?.start.line ?? 1),
      cuts: [],
      note: null,
    };
  }

  /** The section of checkboxes before the first top-level heading; its stage comes from its position. */
  private currentTop(): TopDraft {
    if (this.top) return this.top;
    const heading = this.title || this.options.fallbackTitle?.trim() || DEFAULT_CHECKLIST_TITLE;
    this.top = {
      heading,
      line: null,
      depth: 0,
      named: null,
      stageHeading: false,
      topic: null,
      signoff: false,
      preamble: true,
      groups: [],
      skipped: [],
      hasText: false,
    };
    return this.top;
  }

  private currentGroup(index: number): GroupDraft {
    if (this.group) return this.group;
    const top = this.currentTop();
    this.group = this.newGroup(top.heading, null, top.depth, false, null, top.signoff, index);
    return this.group;
  }

  private addContent(node: RootContent, index: number): void {
    const group = this.currentGroup(index);
    if (group.signoff) return this.addSignoffContent(node, this.nodes[index + 1], group);
    if (node.type === "list") return this.addList(node, group);
    if (node.type === "code") return this.addCodeBlock(node, group);
    if (node.type === "thematicBreak" || (node.type === "html" && /^\s*<!--/.test(node.value))) return this.cutFrom(group, node);
    for (const task of tasksWithin([node])) this.addTask(task, group);
  }

  private addList(list: List, group: GroupDraft): void {
    const procedure = list.ordered === true && !group.hasCheckboxes;
    for (const listItem of list.children) {
      const first = listItem.children[0];
      if (procedure || typeof listItem.checked === "boolean") this.addTask(listItem, group);
      else if (first?.type === "paragraph" && isBareCheckbox(this.inlineText(first), listItem)) this.addTask(listItem, group);
      else for (const task of tasksWithin(listItem.children)) this.addTask(task, group);
    }
  }

  /** A task item (or procedure step) and the checkboxes nested under it, each an item. */
  private addTask(node: ListItem, group: GroupDraft): void {
    this.cutFrom(group, node);
    const [first, ...rest] = node.children;
    const text = first?.type === "paragraph" ? this.inlineText(first) : "";
    if (node.checked === true) this.warn(node, `Ticked item imported as unticked: "${text}".`);
    const nested = tasksWithin(rest);
    if (isBareCheckbox(text, node)) {
      this.warn(node, "A checkbox without text was skipped.");
    } else {
      const { text: unmarked, automation } = this.takeAutomationMarker(text, node);
      const markers = takeBindingMarkers(unmarked);
      const { title, command: inlineCommand, required } = splitItemText(markers.text);
      if (markers.scope !== null) this.warn(node, '"(attests: …)" belongs on a sign-off; ignored on a checklist item.');
      // The first code block directly under the item is its command; nested checkboxes are items of their own.
      const cuts: [number, number][] = nested.map(lineRange);
      let command = inlineCommand;
      for (const child of rest) {
        if (child.type !== "code") continue;
        if (command === null && child.value.trim() !== "") command = child.value;
        else if (child.value.trim() !== "") continue;
        cuts.push(lineRange(child));
      }
      // "Tag and push:" followed by its commands reads as "Tag and push".
      const titled = inlineCommand === null && command !== null ? title.replace(/\s*:$/, "") : title;
      const detailStart = first?.type === "paragraph" ? (first.position?.end.line ?? 0) + 1 : (node.position?.start.line ?? 1);
      const dedent = (rest[0]?.position?.start.column ?? 1) - 1;
      let detail = this.textOfLines(detailStart, node.position?.end.line ?? 0, cuts, dedent);
      if (titled === "") {
        this.warn(node, "Item has no text.");
      } else {
        const fitted = this.fitItemTitle(titled, node);
        if (fitted !== titled) detail = joinDetails([titled, detail ?? ""]);
        group.items.push({
          title: fitted,
          required,
          command,
          detail,
          line: lineOf(node),
          ownStep: markers.stepName,
          incident: markers.recordsIncident,
          ...(automation ? { automation } : {}),
        });
      }
    }
    for (const task of nested) this.addTask(task, group);
  }

  /** A trailing `<!-- preflight: github.workflow_run release.yml success -->` names what ticks the item. */
  private takeAutomationMarker(text: string, node: ListItem): { text: string; automation: string | null } {
    const marker = AUTOMATION_MARKER.exec(text);
    if (!marker) return { text, automation: null };
    const rest = text.slice(0, marker.index).trimEnd();
    const parsed = parseAutomation(marker[1] ?? "");
    if (parsed.ok) return { text: rest, automation: formatAutomation(parsed.automation) };
    this.warn(node, `The automation marker is ignored: ${parsed.problem}.`);
    return { text: rest, automation: null };
  }

  private addCodeBlock(node: Code, group: GroupDraft): void {
    if (node.value.trim() === "") return this.cutFrom(group, node);
    const previous = group.items.at(-1);
    if (!previous) {
      group.leadingCode.push(node);
      return;
    }
    this.cutFrom(group, node);
    if (previous.command === null) previous.command = node.value;
    else previous.detail = joinDetails([previous.detail ?? "", this.textOfLines(...lineRange(node), [], 0) ?? ""]);
  }

  private addSignoffContent(node: RootContent, next: RootContent | undefined, group: GroupDraft): void {
    if (node.type === "list") {
      const procedure = node.ordered === true && !group.hasCheckboxes;
      let plain = 0;
      for (const listItem of node.children) {
        if (procedure || typeof listItem.checked === "boolean") this.addSignoff(listItem);
        else plain += 1;
      }
      if (plain > 0) this.warn(node, `${plain === 1 ? "A plain bullet" : `${plain} plain bullets`} under "${group.title}" ${plain === 1 ? "is" : "are"} not a sign-off; write sign-offs as "- [ ] …".`);
    } else if (node.type === "paragraph" && next?.type !== "list") {
      this.addApprovalFields(node);
    }
  }

  private addSignoff(node: ListItem): void {
    const first = node.children[0];
    const text = first?.type === "paragraph" ? this.inlineText(first) : "";
    if (node.checked === true) this.warn(node, `Ticked sign-off imported as unticked: "${text}".`);
    if (isBareCheckbox(text, node)) return this.warn(node, "A checkbox without text was skipped.");
    const markers = takeBindingMarkers(text);
    const { title, role, unknownRole } = splitSignoffRole(markers.text);
    if (unknownRole !== null) {
      this.warn(node, `Unknown sign-off role "${unknownRole}"; the sign-off goes to the ${role} role. Roles: ${SIGNOFF_ROLES.join(", ")}.`);
    }
    if (title === "") return this.warn(node, "Sign-off has no text.");
    if (markers.stepName !== null || markers.recordsIncident) this.warn(node, 'A sign-off cannot name a step or "(incident note)"; ignored.');
    const fitted = this.fitItemTitle(title, node);
    const signoff: SignoffDraft = { title: fitted, role, excludeReleaseManager: requiresFourEyes(fitted), line: lineOf(node) };
    if (markers.scope !== null) signoff.scope = markers.scope;
    this.signoffs.push(signoff);
  }

  private addApprovalFields(node: Paragraph): void {
    for (const child of node.children) {
      if (child.type !== "strong") continue;
      const label = plainText(child).trim().replace(/:$/, "").trim();
      if (label !== "" && !this.approvalFields.includes(label)) this.approvalFields.push(label);
    }
  }

  /** Ends the open group; its text runs up to `lastLine`. */
  private closeGroup(lastLine: number): void {
    const group = this.group;
    this.group = null;
    const top = this.top;
    if (!group || !top) return;
    const [command, ...moreCode] = group.items.length === 0 ? group.leadingCode : [];
    if (command) {
      // "### 1. Create Git Tag" followed by its commands: one item titled like the group.
      this.cutFrom(group, command);
      const item: ItemDraft = { ...interpretItemTitle(group.title), command: command.value, detail: null, line: lineOf(command), ownStep: null, incident: false };
      for (const code of moreCode) {
        this.cutFrom(group, code);
        item.detail = joinDetails([item.detail ?? "", this.textOfLines(...lineRange(code), [], 0) ?? ""]);
      }
      group.items.push(item);
    }
    if (group.signoff) return;
    const note = this.textOfLines(group.firstLine, lastLine, group.cuts, 0);
    if (group.items.length > 0) {
      top.groups.push({ ...group, note });
      return;
    }
    if (note !== null) top.hasText = true;
    if (group.fromHeading && note !== null) top.skipped.push({ line: group.line, message: `Section "${group.title}" has no items and was skipped.` });
    else if (note !== null && !top.preamble) top.skipped.push({ line: top.line, message: `Text under "${"#".repeat(top.depth)} ${top.heading}" outside any section was ignored.` });
  }

  private closeTop(lastLine: number): void {
    this.closeGroup(lastLine);
    this.groupStack = [];
    const top = this.top;
    this.top = null;
    if (!top) return;
    if (top.signoff) return;
    this.tops.push(top);
    if (top.groups.length > 0) {
      top.skipped.forEach((problem) => this.warnAt(problem.line, problem.message));
    } else if (!top.preamble && (top.hasText || top.skipped.length > 0)) {
      this.warnAt(top.line, `"${"#".repeat(top.depth)} ${top.heading}" has no checkboxes, so it was not imported. Write its steps as "- [ ] …" to import them.`);
    }
  }

  // ---------------------------------------------------------------- finish

  private finish(): ImportResult {
    const itemCount = this.tops.reduce((sum, top) => sum + top.groups.reduce((n, g) => n + g.items.length, 0), 0);
    if (this.shape.checkboxesBefore[this.nodes.length] === 0) {
      this.errors.push({ line: null, message: 'No checklist items found: the Markdown has no checkboxes. Write each step as "- [ ] Run the tests".' });
    } else if (itemCount === 0) {
      this.errors.push({ line: null, message: 'No checklist items found: the checkboxes have no text. Write each step as "- [ ] Run the tests".' });
    }
    if (this.errors.length > 0) return { ok: false, errors: this.errors };

    const inferred = inferStages(this.tops.map((top) => ({ named: top.named, topic: top.topic })));
    const kept = this.tops.flatMap((top, i) => (top.groups.length > 0 ? [{ top, inferred: inferred[i]! }] : []));
    const staged = kept.map(({ top, inferred }, index) => ({ top, inferred, stage: this.options.stageOf?.(index, top.heading) ?? inferred }));

    let monitoringWindowHours: number | null = null;
    const sections: (ParsedSection & { line: number | null })[] = [];
    let incidentLines: number[] = [];
    for (const { top, stage } of staged) {
      const keepsHeading = top.stageHeading && classifyPhaseHeading(top.heading) === stage;
      const phaseTitle = keepsHeading ? this.fitPhaseTitle(top) : DEFAULT_STAGE_TITLES[stage];
      if (keepsHeading && stage === "POST_RELEASE") monitoringWindowHours ??= parseMonitoringWindow(top.heading);
      for (const group of top.groups) {
        const items = group.items.map((item) => this.bindItem(item, group, stage, incidentLines));
        sections.push({ phase: stage, phaseTitle, title: group.title, detail: group.note, items, line: group.line });
      }
    }
    // An empty "## Post-Release (6 hours)" still sets the window (the export writes one when no section is post-release).
    monitoringWindowHours ??= this.tops
      .filter((top) => top.stageHeading && top.named === "POST_RELEASE")
      .map((top) => parseMonitoringWindow(top.heading))
      .find((hours) => hours !== null) ?? null;
    if (incidentLines.length > 1) {
      this.warnAt(incidentLines[1] ?? null, `"(incident note)" is on ${incidentLines.length} items (lines ${incidentLines.join(", ")}); only the first holds the incident note.`);
    }
    incidentLines = [];

    const seen = new Set<string>();
    for (const section of sections) {
      const key = `${section.phase}\n${section.title}`;
      if (seen.has(key)) this.warnAt(section.line, `Section "${section.title}" appears twice in ${section.phase}.`);
      seen.add(key);
    }
    const sorted = [...sections].sort((a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));
    if (sorted.some((section, i) => section !== sections[i])) {
      this.warnAt(null, "Stages were out of order; sections were regrouped as Pre-Release, Release Day, Post-Release, Rollback.");
    }
    const signoffRequirements = this.checkScopes(sorted);

    if (this.title === null && !this.options.fallbackTitle?.trim()) {
      this.warnAt(null, `No "# Title" heading found; the title defaults to "${DEFAULT_CHECKLIST_TITLE}".`);
    }
    const checklist: ParsedChecklist = {
      title: this.title || this.options.fallbackTitle?.trim() || DEFAULT_CHECKLIST_TITLE,
      sections: sorted.map(({ line: _line, ...section }) => section),
      signoffRequirements,
      approvalFields: this.approvalFields,
      monitoringWindowHours,
    };
    const items = checklist.sections.flatMap((s) => s.items);
    const versionOffer = findVersionOffer(
      [...checklist.sections.flatMap((s) => [s.title, s.detail ?? ""]), ...items.flatMap((i) => [i.title, i.detail ?? ""])],
      items.flatMap((i) => (i.command === null ? [] : [i.command])),
    );
    if (this.options.replaceVersion && versionOffer) {
      for (const item of items) if (item.command !== null) item.command = replaceVersion(item.command, versionOffer.version);
    }
    if (this.unlistedWarnings > 0) this.warnings.push({ line: null, message: `${this.unlistedWarnings} more warnings are not listed.` });
    return {
      ok: true,
      checklist,
      warnings: this.warnings,
      outline: staged.map(({ top, inferred, stage }) => ({
        heading: top.heading,
        line: top.line,
        stage,
        inferredStage: inferred,
        groups: top.groups.map((group) => ({
          title: group.title,
          items: group.items.length,
          optional: group.items.filter((item) => !item.required).length,
          commands: group.items.filter((item) => item.command !== null).length,
        })),
        items: top.groups.reduce((n, g) => n + g.items.length, 0),
      })),
      counts: { sections: staged.length, items: items.length, signoffs: signoffRequirements.length },
      versionOffer,
    };
  }

  /** The item's bindings, given the stage its section ended up in. */
  private bindItem(draft: ItemDraft, group: GroupDraft, stage: ChecklistPhase, incidentLines: number[]): ParsedItem {
    const { line, ownStep, incident, ...item } = draft;
    const stepName = ownStep ?? group.stepName;
    if (stepName !== null && (stage === "RELEASE_DAY" || stage === "ROLLBACK")) item.stepName = stepName;
    else if (ownStep !== null) this.warnAt(line, `"(step: ${ownStep})" is ignored: only release-day and rollback items follow a pipeline step.`);
    if (incident && stage !== "ROLLBACK") {
      this.warnAt(line, '"(incident note)" is ignored: it marks an item in the rollback stage.');
    } else if (incident) {
      incidentLines.push(line ?? 0);
      if (incidentLines.length === 1) item.recordsIncident = true;
    }
    return item;
  }

  /** Names a sign-off attests must be pre-release sections or items; others are dropped with a warning. */
  private checkScopes(sections: ParsedSection[]): ParsedSignoffRequirement[] {
    const preRelease = sections.filter((s) => s.phase === "PRE_RELEASE");
    const known = new Set(preRelease.flatMap((s) => [s.title, ...s.items.map((i) => i.title)]).map((t) => t.toLowerCase()));
    return this.signoffs.map(({ line, ...signoff }) => {
      if (!signoff.scope) return signoff;
      const unknown = signoff.scope.filter((name) => !known.has(name.toLowerCase()));
      if (unknown.length === 0) return signoff;
      const scope = signoff.scope.filter((name) => known.has(name.toLowerCase()));
      const names = unknown.map((name) => `"${name}"`).join(", ");
      const left = scope.length > 0 ? "left out" : "left out, so it attests every required pre-release item";
      this.warnAt(line, `Sign-off "${signoff.title}" attests ${names}, which ${unknown.length === 1 ? "is" : "are"} no pre-release section or item; ${left}.`);
      const { scope: _dropped, ...rest } = signoff;
      return scope.length > 0 ? { ...rest, scope } : rest;
    });
  }

  // ---------------------------------------------------------------- helpers

  private headingMarkerWarnings(markers: HeadingMarkers, node: Heading): void {
    if (markers.recordsIncident) this.warn(node, '"(incident note)" belongs on one rollback item, not on a heading; ignored.');
    if (markers.scope !== null) this.warn(node, '"(attests: …)" belongs on a sign-off, not on a heading; ignored.');
  }

  private cut(node: Nodes): void {
    if (this.group) this.cutFrom(this.group, node);
  }

  private cutFrom(group: GroupDraft, node: Nodes): void {
    group.cuts.push(lineRange(node));
  }

  /**
   * Lines `from`..`to` (1-based, inclusive) without the `cuts`, as written: runs of remaining lines, each trimmed
   * of blank (or quote-marker-only) lines at its ends, joined by a blank line; up to `dedent` spaces removed.
   */
  private textOfLines(from: number, to: number, cuts: [number, number][], dedent: number): string | null {
    const runs: string[] = [];
    let run: string[] = [];
    const strip = dedent > 0 ? new RegExp(`^ {0,${dedent}}`) : null;
    const flush = () => {
      while (run.length > 0 && isEmptyLine(run[0]!)) run.shift();
      while (run.length > 0 && isEmptyLine(run.at(-1)!)) run.pop();
      if (run.length > 0) runs.push(run.join("\n"));
      run = [];
    };
    for (let line = from; line <= to; line += 1) {
      if (cuts.some(([start, end]) => line >= start && line <= end)) {
        flush();
        continue;
      }
      const text = (this.lines[line - 1] ?? "").trimEnd();
      run.push(strip ? text.replace(strip, "") : text);
    }
    flush();
    return runs.length === 0 ? null : runs.join("\n\n");
  }

  private fitTitle(text: string, what: string, node: Nodes | null): string {
    if (text.length <= MAX_TITLE_CHARS) return text;
    this.warnAt(lineOf(node ?? undefined), `${what} is ${text.length} characters long; it was shortened to ${MAX_TITLE_CHARS}.`);
    return shorten(text, MAX_TITLE_CHARS);
  }

  private fitItemTitle(title: string, node: ListItem): string {
    if (title.length <= MAX_TITLE_CHARS) return title;
    this.warn(node, `Item title is ${title.length} characters long; it was shortened to ${MAX_TITLE_CHARS} and the full text kept as its detail.`);
    return shorten(title, MAX_TITLE_CHARS);
  }

  private fitPhaseTitle(top: TopDraft): string {
    if (top.heading.length <= MAX_PHASE_TITLE_CHARS) return top.heading;
    this.warnAt(top.line, `Stage heading is ${top.heading.length} characters long; it was shortened to ${MAX_PHASE_TITLE_CHARS}.`);
    return shorten(top.heading, MAX_PHASE_TITLE_CHARS);
  }

  /** A fence left open swallows the rest of its container, so its last line is not a closing fence. */
  private checkFenceClosed(node: Code): void {
    const lines = sliceOf(node, this.source).split("\n");
    const opening = /^\s*(`{3,}|~{3,})/.exec(lines[0] ?? "")?.[1];
    if (!opening) return;
    const last = lines.length > 1 ? (lines.at(-1) ?? "").replace(/^[\s>]*/, "").trimEnd() : "";
    const closed = last.length >= opening.length && [...last].every((c) => c === opening[0]);
    if (!closed) {
      this.warn(node, `Code block opened at line ${lineOf(node) ?? "?"} is never closed, so everything after it in its list or section is code; add a closing ${opening} line.`);
    }
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

  private warn(node: Nodes, message: string): void {
    this.warnAt(lineOf(node), message);
  }

  private warnAt(line: number | null, message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ line, message });
    else this.unlistedWarnings += 1;
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
const STAGE_MARKER = /\s*\(stage:\s*([^()]*?)\s*\)$/i;

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

interface HeadingMarkers extends BindingMarkers {
  stage: string | null;
}

/** A heading's binding markers plus "(stage: …)", in any order. */
function takeHeadingMarkers(input: string): HeadingMarkers {
  let markers: HeadingMarkers = { ...takeBindingMarkers(input), stage: null };
  for (let stage = STAGE_MARKER.exec(markers.text); stage; stage = STAGE_MARKER.exec(markers.text)) {
    const inner = takeBindingMarkers(markers.text.slice(0, stage.index).trimEnd());
    markers = {
      text: inner.text,
      stepName: markers.stepName ?? inner.stepName,
      recordsIncident: markers.recordsIncident || inner.recordsIncident,
      scope: markers.scope ?? inner.scope,
      stage: markers.stage ?? stage[1] ?? null,
    };
  }
  return markers;
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
  if (match?.[1] && match[2]) {
    const title = text.slice(0, match.index).trim();
    return { title, role: defaultSignoffRole(title), unknownRole: match[2].trim() };
  }
  return { title: text, role: defaultSignoffRole(text), unknownRole: null };
}

/** "- [ ]" with no text is not a GFM task item; it parses as a plain item reading "[ ]". */
function isBareCheckbox(text: string, node: ListItem): boolean {
  return typeof node.checked !== "boolean" && /^\[[ xX]?\]$/.test(text);
}

/** "1. Prepare" → "Prepare". */
function stripNumbering(text: string): string {
  return text.replace(/^\d+[.)]\s+/, "");
}

/** Cut at a word boundary, with an ellipsis, to at most `max` characters. */
function shorten(text: string, max: number): string {
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function isEmptyLine(line: string): boolean {
  return /^[\s>]*$/.test(line);
}

function joinDetails(parts: string[]): string | null {
  const text = parts.filter((p) => p !== "").join("\n\n");
  return text === "" ? null : text;
}

/** The nearest task items among `nodes` and their descendants (not those nested in another task item), in order. */
function tasksWithin(nodes: readonly Nodes[]): ListItem[] {
  const found: ListItem[] = [];
  const stack: Nodes[] = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "listItem" && typeof node.checked === "boolean") found.push(node);
    else if ("children" in node) for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i] as Nodes);
  }
  return found;
}

function countCheckboxes(node: Nodes): number {
  let count = 0;
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === "listItem" && typeof current.checked === "boolean") count += 1;
    if ("children" in current) stack.push(...(current.children as Nodes[]));
  }
  return count;
}

function plainText(node: Nodes): string {
  if ("value" in node) return node.value;
  if ("children" in node) return node.children.map((child: Nodes) => plainText(child)).join("");
  return "";
}

function codeBlocksIn(nodes: readonly Nodes[]): Code[] {
  const found: Code[] = [];
  const stack: Nodes[] = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "code") found.push(node);
    else if ("children" in node) stack.push(...(node.children as Nodes[]));
  }
  return found.sort((a, b) => (a.position?.start.offset ?? 0) - (b.position?.start.offset ?? 0));
}

function sliceOf(node: Nodes, source: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? "" : source.slice(start, end);
}

function lineRange(node: Nodes): [number, number] {
  return [node.position?.start.line ?? 0, node.position?.end.line ?? 0];
}

function lineOf(node: Nodes | undefined): number | null {
  return node?.position?.start.line ?? null;
}

function failure(line: number | null, message: string): ImportResult {
  return { ok: false, errors: [{ line, message }] };
}
