// A release's filled checklist as Markdown, in the shape of the checklist file teams used before Preflight
// (prisma/default-template.md): phases, sections, "- [x]" items with who ticked them and when, notes,
// evidence, N/A reasons, the sign-offs and the approval block. Pure, so it is unit-tested and the export
// route only loads and serves it.
import type { ChecklistPhase, ItemState, ReleaseStatus, Role } from "@/lib/generated/prisma/enums";
import { roleLabels } from "@/lib/auth/permissions";
import { formatDate, formatDateTime } from "@/lib/format";
import { neutraliseImages } from "@/lib/markdown/neutralise";
import { fillApprovalFields } from "./approval-fields";
import { keyDateOf } from "./outcome";
import { describeDelay, phaseLabels, releaseStatusLabels } from "./rules";

const PHASE_ORDER: readonly ChecklistPhase[] = ["PRE_RELEASE", "RELEASE_DAY", "POST_RELEASE", "ROLLBACK"];
const BLANK_FIELD = "_______________";

export interface ReleaseExportInput {
  version: string;
  title: string;
  status: ReleaseStatus;
  plannedAt: Date | null;
  releasedAt: Date | null;
  monitoringAt?: Date | null;
  deployingAt?: Date | null;
  failedAt?: Date | null;
  rollingBackAt?: Date | null;
  rolledBackAt?: Date | null;
  cancelledAt?: Date | null;
  closedAt?: Date | null;
  cancelReason?: string | null;
  closeEarlyReason?: string | null;
  /** Deployed with break-glass: who, when, why, which sign-offs were missing and until when they were due. */
  breakGlassAt?: Date | null;
  breakGlassBy?: { name: string } | null;
  breakGlassReason?: string | null;
  breakGlassMissing?: string[];
  breakGlassSignoffsDueAt?: Date | null;
  templateName: string;
  project: { name: string; slug: string };
  releaseManager: { name: string };
  approvalFields: string[];
  sections: { id: string; phase: ChecklistPhase; phaseTitle: string | null; title: string; detail: string | null }[];
  items: {
    sectionId: string;
    title: string;
    detail: string | null;
    command: string | null;
    required: boolean;
    state: ItemState;
    note: string | null;
    evidenceUrl: string | null;
    naReason: string | null;
    tickedAt: Date | null;
    tickedBy: { name: string } | null;
    /** The pipeline step the item is bound to, and the run that ticked (or noted) it. */
    stepName?: string | null;
    tickedByRunId?: string | null;
    recordsIncident?: boolean;
    phase?: ChecklistPhase;
  }[];
  /** Approved deploy/rollback steps, with the approver's comment (getReleaseApprovals). */
  approvals?: { step: string; by: { name: string } | null; at: Date; comment: string | null }[];
  signoffRequirements: {
    title: string;
    role: Role;
    excludeReleaseManager: boolean;
    /** Missing at a break-glass deploy: owed after it, until this time. */
    dueAfterDeployAt?: Date | null;
    signoff: {
      /** Given after the break-glass deploy. */
      afterBreakGlass?: boolean;
      signedAt: Date;
      comment: string | null;
      staleAt: Date | null;
      staleReason: string | null;
      signedBy: { name: string };
    } | null;
  }[];
}

/** "gateway-0.6.0.md": ASCII only, so it is safe in a Content-Disposition header. */
export function releaseExportFileName(release: { project: { slug: string }; version: string }): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9.+-]+/g, "-").replace(/^-+|-+$/g, "");
  return `${safe(release.project.slug) || "release"}-${safe(release.version) || "unversioned"}.md`;
}

/**
 * Text a person typed (notes, reasons, comments) goes into the file as text: lines that Markdown would
 * read as structure (headings, list items, quotes, fences) are escaped, and every line is indented to
 * stay inside the list item it belongs to.
 */
function userText(text: string, indent: string): string {
  return noHtml(text)
    .replace(/\r\n?/g, "\n")
    .trim()
    .replace(/\n{3,}/g, "\n\n")
    .split("\n")
    .map((line, index) => {
      const escaped = line.replace(/^(\s*)([#>*+-]|\d+[.)]|`{3,}|~{3,}|=+\s*$)/, (_m, space: string, marker: string) => `${space}\\${marker}`);
      if (index === 0) return escaped;
      return escaped.trim() === "" ? "" : `${indent}${escaped}`;
    })
    .join("\n");
}

/**
 * "<" escaped, so a Markdown renderer never reads typed text as an HTML tag ("\\<script>" shows as "<script>"),
 * and images turned into plain links, so opening the file fetches nothing.
 */
function noHtml(text: string): string {
  return neutraliseImages(text.replace(/</g, "\\<"));
}

/** One line of typed text (a title, a reason after a dash): line breaks become spaces. */
function oneLine(text: string): string {
  return noHtml(text.replace(/\s*[\r\n]+\s*/g, " ").trim());
}

function fence(code: string, indent: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const marks = "`".repeat(Math.max(3, longestRun + 1));
  const body = code.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n").map((line) => (line === "" ? "" : `${indent}${line}`));
  return [`${indent}${marks}bash`, ...body, `${indent}${marks}`].join("\n");
}

type ExportItem = ReleaseExportInput["items"][number];

function itemMarkdown(item: ExportItem): string {
  const optional = item.required ? "" : " (optional)";
  const done = item.state !== "OPEN";
  let line = `- [${done ? "x" : " "}] ${oneLine(item.title)}${optional}`;
  // Ticked by a pipeline step: the deploy (or rollback) is the actor, never "someone".
  const pipeline = item.phase === "ROLLBACK" ? "Rollback" : "Deploy";
  const by = item.tickedBy?.name ?? (item.tickedByRunId ? `${pipeline}${item.stepName ? ` (step ‘${oneLine(item.stepName)}’)` : ""}` : "someone");
  const at = item.tickedAt ? ` at ${formatDateTime(item.tickedAt)}` : "";
  if (item.state === "DONE") line += ` — ticked by ${by}${at}`;
  if (item.state === "NOT_APPLICABLE") {
    line += ` — not applicable${item.naReason ? `: ${oneLine(item.naReason)}` : ""} (marked by ${by}${at})`;
  }
  if (item.state === "OPEN" && item.stepName) line += ` — runs with ${pipeline.toLowerCase()} step ‘${oneLine(item.stepName)}’`;
  const lines = [line];
  const indent = "  ";
  if (item.detail) lines.push(`${indent}${userText(item.detail, indent)}`);
  if (item.command) lines.push(fence(item.command, indent));
  if (item.note) lines.push(`${indent}- ${item.recordsIncident ? "Incident note" : "Note"}: ${userText(item.note, `${indent}  `)}`);
  if (item.evidenceUrl) lines.push(`${indent}- Evidence: <${item.evidenceUrl.replace(/[<>\s]/g, encodeURIComponent)}>`);
  return lines.join("\n");
}

function signoffMarkdown(requirement: ReleaseExportInput["signoffRequirements"][number], breakGlassAt: Date | null): string {
  const role = roleLabels[requirement.role].toLowerCase();
  const fourEyes = requirement.excludeReleaseManager ? ", not the release manager" : "";
  const head = `${requirement.title} (${role}${fourEyes})`;
  const { signoff } = requirement;
  const owed = requirement.dueAfterDeployAt ? ` (owed after the break-glass deploy, due by ${formatDateTime(requirement.dueAfterDeployAt)})` : "";
  if (!signoff) return `- [ ] ${head} — missing${owed}`;
  const late =
    signoff.afterBreakGlass && breakGlassAt ? `, after the break-glass deploy (${describeDelay(breakGlassAt.getTime(), signoff.signedAt.getTime())})` : "";
  const signed = `signed by ${signoff.signedBy.name} at ${formatDateTime(signoff.signedAt)}${late}`;
  const lines = signoff.staleAt
    ? [`- [ ] ${head} — stale: ${oneLine(signoff.staleReason ?? "the checklist changed after signing")} (${signed})`]
    : [`- [x] ${head} — ${signed}`];
  if (signoff.comment) lines.push(`  - Comment: ${userText(signoff.comment, "    ")}`);
  return lines.join("\n");
}

function approvalLine(approval: NonNullable<ReleaseExportInput["approvals"]>[number]): string {
  const lines = [`- [x] ${oneLine(approval.step)} — approved by ${approval.by?.name ?? "someone"} at ${formatDateTime(approval.at)}`];
  if (approval.comment) lines.push(`  - Comment: ${userText(approval.comment, "    ")}`);
  return lines.join("\n");
}

/** The header's break-glass lines: who deployed without which sign-offs, when, why, and until when they were due. */
function breakGlassLines(release: ReleaseExportInput): string[] {
  if (!release.breakGlassAt) return [];
  const missing = release.breakGlassMissing ?? [];
  const without = missing.length === 0 ? "" : `, without ${missing.length === 1 ? "the sign-off" : "the sign-offs"} ${missing.map((title) => `“${oneLine(title)}”`).join(", ")}`;
  return [
    `- **Break-glass deploy:** by ${release.breakGlassBy?.name ?? "an admin"} at ${formatDateTime(release.breakGlassAt)}${without}`,
    ...(release.breakGlassReason ? [`- Break-glass reason: ${oneLine(release.breakGlassReason)}`] : []),
    ...(release.breakGlassSignoffsDueAt ? [`- Missing sign-offs due by: ${formatDateTime(release.breakGlassSignoffsDueAt)}`] : []),
  ];
}

export function releaseToMarkdown(release: ReleaseExportInput, options: { exportedAt?: Date } = {}): string {
  const exportedAt = options.exportedAt ?? new Date();
  const keyDate = keyDateOf(release);
  const header = [
    `# ${release.project.name} ${release.version}: ${oneLine(release.title)}`,
    "",
    `- Status: ${releaseStatusLabels[release.status]}`,
    `- Release manager: ${release.releaseManager.name}`,
    ...(release.plannedAt ? [`- Planned: ${formatDate(release.plannedAt)}`] : []),
    // The outcome's own date: a rolled-back release says "Rolled back", never "Released".
    ...(keyDate.date && keyDate.label !== "Planned" ? [`- ${keyDate.label}: ${formatDate(keyDate.date)}`] : []),
    ...(release.closedAt ? [`- Closed: ${formatDate(release.closedAt)}`] : []),
    ...(release.status === "CANCELLED" && release.cancelReason ? [`- Cancelled: ${oneLine(release.cancelReason)}`] : []),
    ...(release.closeEarlyReason ? [`- Monitoring closed early: ${oneLine(release.closeEarlyReason)}`] : []),
    ...breakGlassLines(release),
    `- Template: ${release.templateName}`,
    `- Exported: ${formatDateTime(exportedAt)}`,
  ].join("\n");

  const itemsBySection = new Map<string, ExportItem[]>();
  for (const item of release.items) {
    const list = itemsBySection.get(item.sectionId) ?? [];
    list.push(item);
    itemsBySection.set(item.sectionId, list);
  }

  const phaseBlocks = PHASE_ORDER.flatMap((phase) => {
    const sections = release.sections.filter((section) => section.phase === phase);
    if (sections.length === 0) return [];
    const phaseTitle = sections.find((s) => s.phaseTitle?.trim())?.phaseTitle?.trim() ?? phaseLabels[phase];
    const parts = [`## ${phaseTitle}`];
    for (const section of sections) {
      const items = itemsBySection.get(section.id) ?? [];
      const sectionLines = [`### ${section.title}`];
      if (section.detail) sectionLines.push("", userText(section.detail, ""));
      sectionLines.push("", items.length === 0 ? "_No items._" : items.map(itemMarkdown).join("\n"));
      parts.push(sectionLines.join("\n"));
    }
    return [parts.join("\n\n")];
  });

  const approval = ["## Release Approval"];
  if (release.signoffRequirements.length > 0) {
    approval.push(`**Required sign-offs before release:**\n${release.signoffRequirements.map((r) => signoffMarkdown(r, release.breakGlassAt ?? null)).join("\n")}`);
  }
  if (release.approvals && release.approvals.length > 0) {
    approval.push(`**Deploy approvals:**\n${release.approvals.map(approvalLine).join("\n")}`);
  }
  const fields = fillApprovalFields(release.approvalFields, release);
  if (fields.length > 0) {
    // One field a line, as on the checklist file (blank fields keep its underscores).
    approval.push(fields.map((f) => `**${f.label}:** ${f.value ?? BLANK_FIELD}`).join("\n"));
  }

  return `${[header, ...phaseBlocks, approval.join("\n\n")].join("\n\n---\n\n")}\n`;
}
