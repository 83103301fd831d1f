import { describeScope } from "@/lib/signoffs/scope";
import { InlineMarkdown } from "@/components/markdown/inline-markdown";
import { inlineMarkdownToText } from "@/lib/markdown/inline";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { CommandBlock } from "@/components/ui/command-block";
import type { ChecklistPhase } from "@/lib/generated/prisma/enums";
import { roleLabels } from "@/lib/auth/permissions";
import { PHASES, phaseLabels } from "@/lib/releases/rules";
import type { TemplateDetail } from "@/lib/templates/queries";
import { describeAutomation } from "@/lib/integrations/automation";

type Section = TemplateDetail["sections"][number];
type Item = Section["items"][number];

export interface PhaseGroup {
  phase: ChecklistPhase;
  /** The phase heading as written in the template ("Pre-Release (1 day before)"), else the default label. */
  title: string;
  sections: Section[];
}

/** Sections grouped by phase in working order (document order within a phase); empty phases are left out. */
export function groupSectionsByPhase(sections: Section[]): PhaseGroup[] {
  return PHASES.flatMap((phase) => {
    const inPhase = sections.filter((section) => section.phase === phase);
    if (inPhase.length === 0) return [];
    const title = inPhase.find((section) => section.phaseTitle?.trim())?.phaseTitle?.trim() ?? phaseLabels[phase];
    return [{ phase, title, sections: inPhase }];
  });
}

export function phaseAnchor(phase: ChecklistPhase): string {
  return `phase-${phase.toLowerCase().replace(/_/g, "-")}`;
}

function countLabel(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** Multi-line text with inline Markdown (section and item details), line breaks kept. */
function DetailText({ text, className }: { text: string; className?: string }) {
  return (
    <p className={className}>
      <InlineMarkdown text={text} className="whitespace-pre-line [overflow-wrap:anywhere]" />
    </p>
  );
}

function ChecklistItem({ item, phase }: { item: Item; phase: Section["phase"] }) {
  const plainTitle = inlineMarkdownToText(item.title);
  const pipeline = phase === "ROLLBACK" ? "rollback" : "deploy";
  return (
    <li className="flex gap-3 py-3 first:pt-0 last:pb-0">
      {/* A checkbox outline, for the look of a checklist: nothing is ticked on a template. */}
      <span aria-hidden="true" className="mt-0.5 size-4 shrink-0 rounded border border-border-strong bg-surface" />
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm leading-snug">
          <InlineMarkdown text={item.title} className="min-w-0 font-medium [overflow-wrap:anywhere]" />
          {item.required ? null : <Badge>Optional</Badge>}
        </p>
        {item.stepName ? (
          <p className="text-xs text-muted">
            Ticked by the {pipeline} step ‘{item.stepName}’
          </p>
        ) : null}
        {item.recordsIncident ? <p className="text-xs text-muted">Its note is the incident note of a rolled-back release.</p> : null}
        {item.automation ? <p className="text-xs text-muted">{describeAutomation(item.automation)}</p> : null}
        {item.detail ? <DetailText text={item.detail} className="text-sm text-muted" /> : null}
        {item.command ? <CommandBlock command={item.command} label={`command for ${plainTitle}`} /> : null}
      </div>
    </li>
  );
}

function SectionCard({ section }: { section: Section }) {
  const headingId = `section-${section.id}`;
  return (
    <Card aria-labelledby={headingId} role="group">
      <CardHeader>
        <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
          <h3 id={headingId} className="min-w-0 text-base font-semibold tracking-tight [overflow-wrap:anywhere]">
            {section.title}
          </h3>
          <span className="text-xs text-muted tabular-nums">{countLabel(section.items.length, "item")}</span>
        </div>
        {section.detail ? <DetailText text={section.detail} className="text-sm text-muted" /> : null}
      </CardHeader>
      <CardContent>
        {section.items.length === 0 ? (
          <p className="text-sm text-muted">No items in this section.</p>
        ) : (
          <ul className="flex flex-col divide-y divide-border">
            {section.items.map((item) => (
              <ChecklistItem key={item.id} item={item} phase={section.phase} />
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

export function PhaseSection({ group }: { group: PhaseGroup }) {
  const id = phaseAnchor(group.phase);
  const items = group.sections.reduce((sum, section) => sum + section.items.length, 0);
  return (
    <section aria-labelledby={`${id}-heading`} id={id} className="flex scroll-mt-24 flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 border-b border-border pb-2">
        <h2 id={`${id}-heading`} className="min-w-0 text-lg font-semibold tracking-tight [overflow-wrap:anywhere]">
          {group.title}
        </h2>
        <span className="text-xs text-muted tabular-nums">
          {countLabel(group.sections.length, "section")} · {countLabel(items, "item")}
        </span>
      </div>
      {group.sections.map((section) => (
        <SectionCard key={section.id} section={section} />
      ))}
    </section>
  );
}

export function SignoffRequirements({ requirements }: { requirements: TemplateDetail["signoffRequirements"] }) {
  if (requirements.length === 0) {
    return <p className="text-sm text-muted">This template needs no sign-offs.</p>;
  }
  return (
    <Card>
      <ul className="flex flex-col divide-y divide-border">
        {requirements.map((requirement) => (
          <li key={requirement.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-5 py-3">
            <div className="flex min-w-0 flex-col gap-0.5">
              <p className="text-sm font-medium [overflow-wrap:anywhere]">
                <InlineMarkdown text={requirement.title} />
              </p>
              {requirement.excludeReleaseManager ? (
                <p className="text-xs text-muted">Four-eyes: not the release manager</p>
              ) : null}
              <p className="text-xs text-muted">Attests {describeScope(requirement.scope)}</p>
            </div>
            <Badge>
              <span className="sr-only">Role: </span>
              {roleLabels[requirement.role]}
            </Badge>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function ApprovalFields({ fields }: { fields: string[] }) {
  if (fields.length === 0) {
    return <p className="text-sm text-muted">This template has no approval fields.</p>;
  }
  return (
    <Card className="p-5">
      <p className="mb-4 text-sm text-muted">Filled in on each release before it ships.</p>
      <ul className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3">
        {fields.map((field, index) => (
          <li key={`${index}-${field}`} className="flex min-w-0 flex-col gap-2">
            <span className="text-sm font-medium [overflow-wrap:anywhere]">{field}</span>
            <span aria-hidden="true" className="h-6 border-b border-dashed border-border-strong" />
          </li>
        ))}
      </ul>
    </Card>
  );
}
