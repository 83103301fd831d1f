/**
 * Writes a checklist back to Markdown in the shape of prisma/default-template.md, so that
 * parseChecklistMarkdown(checklistToMarkdown(c)) gives back c for any c the importer produced.
 *
 * - Sections are grouped under one "## phaseTitle" per run of sections sharing phase and title; a
 *   phase whose only section is titled like its heading is written without an H3 (like
 *   "## Emergency Rollback"). A phaseTitle that would not be recognised as its phase is replaced
 *   by the phase's default name, and the post-release heading carries monitoringWindowHours.
 * - Items are "- [ ] title". A command that is one line without backticks is appended as
 *   ": `command`"; any other command is a fenced bash block inside the item. A section holding a
 *   single command item titled like the section is written as the heading followed by the block.
 * - Non-required items get "(optional)" unless their title already reads as conditional
 *   ("… if …"); required items that read as conditional get "(required)".
 * - Sign-off roles that differ from what the title implies get "(role: ROLE)". Four-eyes is not
 *   written: the importer derives it from the title ("review"), so a stored value that disagrees
 *   with the title is not preserved.
 * - Images in titles and details are written as plain links (lib/markdown/neutralise.ts): an exported file
 *   must not fetch anything when it is rendered. That is the one change a round trip makes.
 * - Bindings are written last: "(step: …)", "(incident note)" and the automation marker on items (on the heading of a section
 *   written as heading + code block), "(attests: …)" on sign-offs.
 */
import { neutraliseImages } from "@/lib/markdown/neutralise";
import { automationMarker } from "@/lib/integrations/automation";
import {
  classifyPhaseHeading,
  defaultSignoffRole,
  interpretItemTitle,
  isConditional,
  parseMonitoringWindow,
  PHASE_ORDER,
  removeMonitoringWindow,
  type ChecklistPhase,
  type ParsedChecklist,
  type ParsedItem,
  type ParsedSection,
  type ParsedSignoffRequirement,
} from "@/lib/templates/markdown-import";

const DEFAULT_PHASE_TITLES: Record<ChecklistPhase, string> = {
  PRE_RELEASE: "Pre-Release",
  RELEASE_DAY: "Release Day",
  POST_RELEASE: "Post-Release",
  ROLLBACK: "Emergency Rollback",
};
const ITEM_INDENT = "  ";
const BLANK_FIELD = "_______________";

export function checklistToMarkdown(checklist: ParsedChecklist): string {
  const blocks = [`# ${checklist.title}`];
  const groups = groupByPhase(checklist.sections);
  const hasPostRelease = groups.some((g) => g.phase === "POST_RELEASE");
  const phaseBlocks = groups.map((group) => phaseMarkdown(group, checklist.monitoringWindowHours));
  if (!hasPostRelease && checklist.monitoringWindowHours !== null) {
    phaseBlocks.push(`## ${phaseHeading("POST_RELEASE", "", checklist.monitoringWindowHours)}`);
  }
  const approval = approvalMarkdown(checklist.signoffRequirements, checklist.approvalFields);
  if (approval !== null) phaseBlocks.push(approval);
  blocks.push(phaseBlocks.join("\n\n---\n\n"));
  return `${blocks.join("\n\n")}\n`;
}

interface PhaseGroup {
  phase: ChecklistPhase;
  phaseTitle: string;
  sections: ParsedSection[];
}

function groupByPhase(sections: ParsedSection[]): PhaseGroup[] {
  const sorted = [...sections].sort((a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));
  const groups: PhaseGroup[] = [];
  for (const section of sorted) {
    const last = groups.at(-1);
    if (last && last.phase === section.phase && last.phaseTitle === section.phaseTitle) last.sections.push(section);
    else groups.push({ phase: section.phase, phaseTitle: section.phaseTitle, sections: [section] });
  }
  return groups;
}

function phaseMarkdown(group: PhaseGroup, monitoringWindowHours: number | null): string {
  const heading = phaseHeading(group.phase, group.phaseTitle, monitoringWindowHours);
  const [only] = group.sections;
  if (group.sections.length === 1 && only && only.title === heading) {
    return [`## ${heading}`, ...sectionBody(only, false)].join("\n\n");
  }
  const sections = group.sections.map((section) => [`### ${section.title}${headingStep(section)}`, ...sectionBody(section)].join("\n\n"));
  return [`## ${heading}`, ...sections].join("\n\n");
}

function phaseHeading(phase: ChecklistPhase, phaseTitle: string, monitoringWindowHours: number | null): string {
  const title = classifyPhaseHeading(phaseTitle) === phase ? phaseTitle : DEFAULT_PHASE_TITLES[phase];
  if (phase !== "POST_RELEASE" || parseMonitoringWindow(title) === monitoringWindowHours) return title;
  const base = removeMonitoringWindow(title);
  return monitoringWindowHours === null ? base : `${base} (${monitoringWindowHours} hours)`;
}

function sectionBody(section: ParsedSection, underH3 = true): string[] {
  const detail = section.detail === null ? [] : [neutraliseImages(section.detail)];
  const [only] = section.items;
  // Under an H2 alone there is no heading to carry the item's step: write it as an item then.
  if (only && section.items.length === 1 && isHeadingCommand(section.title, only) && !only.recordsIncident && (underH3 || !only.stepName)) {
    return [...detail, fence(only.command ?? "")];
  }
  return [...detail, section.items.map(itemMarkdown).join("\n")];
}

/** The importer turns "### Title" followed by only a code block into this item. */
function isHeadingCommand(sectionTitle: string, item: ParsedItem): boolean {
  const fromHeading = interpretItemTitle(sectionTitle);
  return (
    item.command !== null &&
    item.detail === null &&
    fromHeading.title === item.title &&
    fromHeading.required === item.required
  );
}

function itemMarkdown(item: ParsedItem): string {
  const command = item.command;
  const inline = command !== null && isInlineCommand(command) ? `: \`${command}\`` : "";
  const lines = [`- [ ] ${neutraliseImages(item.title)}${inline}${requiredMarker(item)}${bindingMarkers(item)}`];
  if (command !== null && inline === "") lines.push(indent(fence(command)));
  if (item.detail !== null) lines.push("", indent(neutraliseImages(item.detail)));
  return lines.join("\n");
}

function bindingMarkers(item: ParsedItem): string {
  return `${item.stepName ? ` (step: ${item.stepName})` : ""}${item.recordsIncident ? " (incident note)" : ""}${item.automation ? ` ${automationMarker(item.automation)}` : ""}`;
}

/** A section written as heading + code block carries its item's step on the heading. */
function headingStep(section: ParsedSection): string {
  const [only] = section.items;
  if (!only || section.items.length !== 1 || !isHeadingCommand(section.title, only) || only.recordsIncident) return "";
  return only.stepName ? ` (step: ${only.stepName})` : "";
}

function isInlineCommand(command: string): boolean {
  return command !== "" && command === command.trim() && !/[`\n]/.test(command);
}

function requiredMarker(item: ParsedItem): string {
  const conditional = isConditional(item.title);
  if (item.required) return conditional ? " (required)" : "";
  return conditional ? "" : " (optional)";
}

function fence(code: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(Math.max(3, longestRun + 1));
  return [`${ticks}bash`, code, ticks].join("\n");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : ITEM_INDENT + line))
    .join("\n");
}

function approvalMarkdown(signoffs: ParsedSignoffRequirement[], fields: string[]): string | null {
  if (signoffs.length === 0 && fields.length === 0) return null;
  const blocks = ["## Release Approval"];
  if (signoffs.length > 0) {
    blocks.push(["**Required sign-offs before release:**", ...signoffs.map(signoffMarkdown)].join("\n"));
  }
  if (fields.length > 0) blocks.push(fields.map((field) => `**${field}:** ${BLANK_FIELD}`).join("\n"));
  return blocks.join("\n\n");
}

function signoffMarkdown(signoff: ParsedSignoffRequirement): string {
  const role = signoff.role === defaultSignoffRole(signoff.title) ? "" : ` (role: ${signoff.role})`;
  const scope = signoff.scope && signoff.scope.length > 0 ? ` (attests: ${signoff.scope.join(", ")})` : "";
  return `- [ ] ${signoff.title}${role}${scope}`;
}
