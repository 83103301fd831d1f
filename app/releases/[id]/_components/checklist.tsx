"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { InlineMarkdown } from "@/components/markdown/inline-markdown";
import { inlineMarkdownToText, safeHttpUrl } from "@/lib/markdown/inline";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CommandBlock } from "@/components/ui/command-block";
import { Progress } from "@/components/ui/progress";
import { Tooltip } from "@/components/ui/tooltip";
import { CheckIcon, DashIcon, LinkIcon, LockIcon, MoreIcon } from "@/components/ui/icons";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format";
import type { ChecklistPhase } from "@/lib/generated/prisma/enums";
import { closedChecklistRefusal } from "@/lib/releases/outcome";
import { integrationLabels } from "@/lib/integrations/automation";
import { bindingLabel } from "@/lib/releases/release-day";
import { checkItemEditable, phaseLabels } from "@/lib/releases/rules";
import { cn } from "@/lib/utils";
import { useAnnouncer } from "./announcer";
import { ItemDialogs, type ItemDialogState } from "./item-dialogs";
import { settledCount, type Item, type Release, type Section, type Viewer } from "./release-data";
import { useItemMutation, usePendingItemIds } from "./use-release-mutations";

const ItemMenuPopup = dynamic(() => import("./item-menu").then((m) => m.ItemMenuPopup), { ssr: false, loading: () => null });

export const PHASE_ORDER: readonly ChecklistPhase[] = ["PRE_RELEASE", "RELEASE_DAY", "POST_RELEASE", "ROLLBACK"];

export function phaseAnchor(phase: ChecklistPhase): string {
  return `phase-${phase.toLowerCase().replace(/_/g, "-")}`;
}

interface PhaseGroup {
  phase: ChecklistPhase;
  /** The phase heading as the template wrote it ("Pre-Release (1 day before)"), when it says more than the label. */
  sourceTitle: string | null;
  sections: { section: Section; items: Item[] }[];
}

function groupByPhase(release: Release): PhaseGroup[] {
  const itemsBySection = new Map<string, Item[]>();
  for (const item of release.items) {
    const list = itemsBySection.get(item.sectionId) ?? [];
    list.push(item);
    itemsBySection.set(item.sectionId, list);
  }
  return PHASE_ORDER.flatMap((phase) => {
    const sections = release.sections.filter((s) => s.phase === phase);
    if (sections.length === 0) return [];
    const written = sections.find((s) => s.phaseTitle?.trim())?.phaseTitle?.trim() ?? null;
    const sourceTitle = written && written.toLowerCase().replace(/[^a-z]/g, "") !== phaseLabels[phase].toLowerCase().replace(/[^a-z]/g, "") ? written : null;
    return [{ phase, sourceTitle, sections: sections.map((section) => ({ section, items: itemsBySection.get(section.id) ?? [] })) }];
  });
}

function count(n: number, unit: string) {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

export interface ChecklistProps {
  release: Release;
  viewer: Viewer;
}

export function Checklist({ release, viewer }: ChecklistProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const mutation = useItemMutation(release.id, viewer);
  const pending = usePendingItemIds(release.id);
  const { announce } = useAnnouncer();
  const [dialog, setDialog] = useState<ItemDialogState | null>(null);
  const dialogCount = useRef(0);
  const baseId = useId();

  const tickPermission = can(viewer, "item.tick");
  const readOnlyReason = (phase: ChecklistPhase): string | null => {
    if (!tickPermission.allowed) return tickPermission.reason;
    const verdict = checkItemEditable(release.status, phase);
    return verdict.allowed ? closedChecklistRefusal(release) : verdict.reason;
  };
  const reasonId = (phase: ChecklistPhase) => `${baseId}-${phase}-readonly`;

  function openDialog(kind: ItemDialogState["kind"], item: Item) {
    dialogCount.current += 1;
    setDialog({ kind, itemId: item.id, open: true, key: dialogCount.current });
  }

  function toggle(item: Item) {
    const reason = readOnlyReason(item.phase);
    if (reason) {
      announce(reason, "info");
      return;
    }
    if (pending.has(item.id)) return;
    if (item.state === "DONE") openDialog("untick", item);
    else mutation.mutate({ itemId: item.id, change: { kind: "tick" } });
  }

  function openNote(item: Item) {
    const reason = readOnlyReason(item.phase);
    if (reason) {
      announce(reason, "info");
      return;
    }
    openDialog("note", item);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (!target.matches("[data-item-checkbox]") || !rootRef.current) return;
    const boxes = Array.from(rootRef.current.querySelectorAll<HTMLElement>("[data-item-checkbox]"));
    const index = boxes.indexOf(target);
    const item = release.items.find((i) => i.id === target.dataset.itemId);
    const moveTo = (next: number) => {
      event.preventDefault();
      boxes[Math.max(0, Math.min(boxes.length - 1, next))]?.focus();
    };
    switch (event.key) {
      case "ArrowDown":
      case "j":
        return moveTo(index + 1);
      case "ArrowUp":
      case "k":
        return moveTo(index - 1);
      case "Home":
        return moveTo(0);
      case "End":
        return moveTo(boxes.length - 1);
      case "x":
      case "X":
        event.preventDefault();
        if (item) toggle(item);
        return;
      case "n":
      case "N":
        event.preventDefault();
        if (item) openNote(item);
        return;
    }
  }

  const groups = groupByPhase(release);
  const dialogItem = dialog ? release.items.find((i) => i.id === dialog.itemId) : undefined;

  return (
    <div ref={rootRef} onKeyDown={onKeyDown} className="flex flex-col gap-8">
      {!tickPermission.allowed ? (
        <p className="flex items-start gap-2 rounded-lg border border-border bg-surface-muted px-4 py-3 text-sm text-muted">
          <LockIcon className="mt-0.5 size-4 shrink-0" />
          <span>
            You are viewing this checklist read-only. {tickPermission.reason}.
          </span>
        </p>
      ) : (
        <p className="hidden text-xs text-muted sm:block" id={`${baseId}-keys`}>
          <span className="font-medium text-foreground">Keyboard shortcuts:</span> <Kbd>↑</Kbd> <Kbd>↓</Kbd> or <Kbd>j</Kbd> <Kbd>k</Kbd> move
          between items · <Kbd>Space</Kbd> or <Kbd>x</Kbd> tick or untick · <Kbd>n</Kbd> add a note · <Kbd>Home</Kbd> <Kbd>End</Kbd> first and last
          item
        </p>
      )}

      {groups.map((group) => {
        const reason = readOnlyReason(group.phase);
        const items = group.sections.flatMap((s) => s.items);
        const settled = settledCount(items);
        const anchor = phaseAnchor(group.phase);
        return (
          <section key={group.phase} id={anchor} aria-labelledby={`${anchor}-heading`} className="flex scroll-mt-24 flex-col gap-3">
            <div className="flex flex-col gap-2 border-b border-border pb-3">
              <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <h2 id={`${anchor}-heading`} className="text-lg font-semibold tracking-tight">
                  {phaseLabels[group.phase]}
                  {group.sourceTitle ? <span className="ml-2 text-sm font-normal text-muted [overflow-wrap:anywhere]">{group.sourceTitle}</span> : null}
                </h2>
                <span className="text-xs text-muted tabular-nums">
                  {settled} of {count(items.length, "item")} done
                </span>
              </div>
              <Progress
                label={`${phaseLabels[group.phase]} progress`}
                hideLabel
                value={settled}
                max={Math.max(items.length, 1)}
                valueText={`${settled} of ${items.length} items done or not applicable`}
                tone={items.length > 0 && settled === items.length ? "success" : "primary"}
              />
              {reason && tickPermission.allowed ? (
                <p className="flex items-start gap-1.5 text-xs text-muted">
                  <LockIcon className="mt-px size-3.5 shrink-0" />
                  <span>{reason}.</span>
                </p>
              ) : null}
              {reason ? (
                <span id={reasonId(group.phase)} className="sr-only">
                  Read-only: {reason}.
                </span>
              ) : null}
            </div>
            {group.sections.map(({ section, items: sectionItems }) => (
              <SectionCard
                key={section.id}
                section={section}
                items={sectionItems}
                readOnlyReason={reason}
                reasonId={reason ? reasonId(group.phase) : undefined}
                pending={pending}
                onToggle={toggle}
                onOpen={openDialog}
              />
            ))}
          </section>
        );
      })}

      {dialog && dialogItem ? (
        <ItemDialogs
          key={dialog.key}
          state={dialog}
          item={dialogItem}
          releaseStatus={release.status}
          hasSignoffs={release.signoffRequirements.some((r) => r.signoff && !r.signoff.staleAt)}
          onOpenChange={(open) => setDialog((current) => (current ? { ...current, open } : current))}
          onSubmit={(change) => mutation.mutate({ itemId: dialogItem.id, change })}
        />
      ) : null}
    </div>
  );
}

function Kbd({ children }: { children: string }) {
  return <kbd className="rounded border border-border-strong bg-surface px-1 py-px font-mono text-[0.7rem] text-foreground">{children}</kbd>;
}

interface SectionCardProps {
  section: Section;
  items: Item[];
  readOnlyReason: string | null;
  reasonId: string | undefined;
  pending: Set<string>;
  onToggle: (item: Item) => void;
  onOpen: (kind: ItemDialogState["kind"], item: Item) => void;
}

function SectionCard({ section, items, readOnlyReason, reasonId, pending, onToggle, onOpen }: SectionCardProps) {
  const headingId = useId();
  const settled = settledCount(items);
  const complete = items.length > 0 && settled === items.length;
  return (
    <Card role="group" aria-labelledby={headingId} className="overflow-hidden">
      <div className="flex flex-col gap-2 px-4 pt-4 pb-3 sm:px-5">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
          <h3 id={headingId} className="min-w-0 text-base font-semibold tracking-tight [overflow-wrap:anywhere]">
            {section.title}
          </h3>
          <span className={cn("text-xs tabular-nums", complete ? "font-medium text-success-text" : "text-muted")}>
            {settled}/{items.length}
            <span className="sr-only"> items done or not applicable</span>
          </span>
        </div>
        <Progress
          label={`${section.title} progress`}
          hideLabel
          value={settled}
          max={Math.max(items.length, 1)}
          valueText={`${settled} of ${items.length} items done or not applicable`}
          tone={complete ? "success" : "primary"}
        />
        {section.detail ? (
          <p className="text-sm text-muted">
            <InlineMarkdown text={section.detail} className="whitespace-pre-line [overflow-wrap:anywhere]" />
          </p>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p className="px-5 pb-4 text-sm text-muted">No items in this section.</p>
      ) : (
        <ul className="divide-y divide-border border-t border-border">
          {items.map((item) => (
            <ChecklistItem
              key={item.id}
              item={item}
              readOnlyReason={readOnlyReason}
              reasonId={reasonId}
              pending={pending.has(item.id)}
              onToggle={onToggle}
              onOpen={onOpen}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

interface ChecklistItemProps {
  item: Item;
  readOnlyReason: string | null;
  reasonId: string | undefined;
  pending: boolean;
  onToggle: (item: Item) => void;
  onOpen: (kind: ItemDialogState["kind"], item: Item) => void;
}

function ChecklistItem({ item, readOnlyReason, reasonId, pending, onToggle, onOpen }: ChecklistItemProps) {
  const titleId = useId();
  const stateId = useId();
  const plainTitle = inlineMarkdownToText(item.title);
  const done = item.state === "DONE";
  const na = item.state === "NOT_APPLICABLE";
  const readOnly = readOnlyReason !== null;
  const evidenceHref = item.evidenceUrl ? safeHttpUrl(item.evidenceUrl) : null;
  const describedBy = [na ? stateId : null, reasonId ?? null].filter(Boolean).join(" ") || undefined;
  // Tied to a pipeline step: "Runs with deploy step ‘Run migrations’", then "Ticked by Deploy · step …" with the run.
  const binding = bindingLabel(item);
  const runHref = item.tickedByRunId && item.evidenceUrl?.startsWith("/releases/") ? item.evidenceUrl : null;

  const checkbox = (
    <button
      type="button"
      role="checkbox"
      aria-checked={done}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      aria-disabled={readOnly || undefined}
      aria-busy={pending || undefined}
      data-item-checkbox=""
      data-item-id={item.id}
      onClick={() => onToggle(item)}
      className={cn(
        "mt-0.5 flex size-5 shrink-0 scroll-mt-32 scroll-mb-16 items-center justify-center rounded border-2 transition-colors [&_svg]:size-3.5 [&_svg]:stroke-[3]",
        done
          ? readOnly
            ? "border-muted bg-muted text-canvas"
            : "border-primary bg-primary text-on-primary hover:bg-primary-hover"
          : na
            ? "border-border-strong bg-surface-muted text-muted"
            : readOnly
              ? "border-border bg-surface-muted"
              : "border-border-strong bg-surface hover:border-primary",
        readOnly ? "cursor-not-allowed" : "cursor-pointer",
        pending && "animate-pulse motion-reduce:animate-none",
      )}
    >
      {done ? <CheckIcon /> : na ? <DashIcon /> : null}
    </button>
  );

  return (
    <li
      data-item-row=""
      className={cn(
        "flex gap-3 px-4 py-3 transition-colors sm:px-5",
        "has-[[data-item-checkbox]:focus-visible]:bg-surface-muted/70",
        (done || na) && "bg-canvas/40",
      )}
    >
      {readOnly ? <Tooltip content={readOnlyReason}>{checkbox}</Tooltip> : checkbox}
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <div className="flex items-start gap-2">
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm leading-snug">
              <span id={titleId} className={cn("min-w-0 font-medium [overflow-wrap:anywhere]", na && "text-muted line-through decoration-muted/60")}>
                <InlineMarkdown text={item.title} />
              </span>
              {item.required ? null : <Badge>Optional</Badge>}
              {na ? (
                <Badge tone="neutral" id={stateId}>
                  Not applicable
                </Badge>
              ) : null}
            </div>
            {binding ? (
              <p className="text-xs text-muted" data-testid="item-binding">
                {binding}
                {item.tickedByRunId && runHref ? (
                  <>
                    {" · "}
                    <Link href={runHref} className="text-link underline underline-offset-2 hover:no-underline">
                      {done ? "the run" : "last run"}
                    </Link>
                  </>
                ) : null}
              </p>
            ) : null}
            {item.recordsIncident ? <p className="text-xs text-muted">This item&rsquo;s note is the release&rsquo;s incident note.</p> : null}
            {(done || na) && (item.tickedBy || item.tickedAt) && !(done && item.tickedByRunId && !item.tickedBy) ? (
              <p className="text-xs text-muted" data-testid="item-attribution">
                <span className="sr-only">{done ? "Ticked by " : "Marked not applicable by "}</span>
                <span className="font-medium text-foreground">
                  {item.tickedBy?.name ?? (item.tickedByIntegration ? (integrationLabels[item.tickedByIntegration] ?? item.tickedByIntegration) : "Someone")}
                </span>
                {item.tickedAt ? (
                  <>
                    {" · "}
                    <time dateTime={item.tickedAt.toISOString()}>{formatDateTime(item.tickedAt)}</time>
                  </>
                ) : null}
              </p>
            ) : null}
          </div>
          {readOnly ? null : <ItemMenu item={item} plainTitle={plainTitle} onOpen={onOpen} />}
        </div>
        {item.detail ? (
          <p className="text-sm text-muted">
            <InlineMarkdown text={item.detail} className="whitespace-pre-line [overflow-wrap:anywhere]" />
          </p>
        ) : null}
        {item.command ? <CommandBlock command={item.command} label={`command for ${plainTitle}`} /> : null}
        {na && item.naReason ? (
          <p className="text-sm [overflow-wrap:anywhere] whitespace-pre-wrap">
            <span className="font-medium">N/A reason: </span>
            {item.naReason}
          </p>
        ) : null}
        {item.note ? (
          <div className="rounded-md border border-border bg-surface-muted/60 px-3 py-2 text-sm">
            <p className="text-xs font-medium text-muted">Note</p>
            <p className="[overflow-wrap:anywhere] whitespace-pre-wrap" data-testid="item-note">
              {item.note}
            </p>
          </div>
        ) : null}
        {item.evidenceUrl && item.evidenceUrl !== runHref ? (
          evidenceHref ? (
            <a
              href={evidenceHref}
              rel="noreferrer"
              target="_blank"
              className="inline-flex w-fit max-w-full items-center gap-1.5 text-sm text-link underline underline-offset-2 hover:no-underline [&_svg]:size-3.5 [&_svg]:shrink-0"
            >
              <LinkIcon />
              <span className="min-w-0 [overflow-wrap:anywhere]">Evidence: {item.evidenceUrl.replace(/^https?:\/\//i, "")}</span>
            </a>
          ) : (
            <p className="text-sm text-muted [overflow-wrap:anywhere]">Evidence: {item.evidenceUrl}</p>
          )
        ) : null}
      </div>
    </li>
  );
}

const menuTriggerClasses =
  "-my-1.5 -mr-2 inline-flex size-8 shrink-0 cursor-pointer items-center justify-center rounded-md text-muted hover:bg-surface-muted hover:text-foreground data-[state=open]:bg-surface-muted [&_svg]:size-4";

/**
 * An item's "More actions" button. The menu's code (Radix DropdownMenu) loads on first use and then takes the
 * button's place, open: fifty items need fifty buttons but rarely a menu.
 */
function ItemMenu({ item, plainTitle, onOpen }: { item: Item; plainTitle: string; onOpen: ChecklistItemProps["onOpen"] }) {
  const [wanted, setWanted] = useState(false);
  const label = `More actions for “${plainTitle}”`;
  if (wanted) return <ItemMenuPopup item={item} label={label} triggerClassName={menuTriggerClasses} onOpen={onOpen} />;
  return (
    <button
      type="button"
      aria-label={label}
      aria-haspopup="menu"
      aria-expanded={false}
      className={menuTriggerClasses}
      onClick={() => setWanted(true)}
      onKeyDown={(event) => {
        if (event.key === "ArrowDown") {
          event.preventDefault();
          setWanted(true);
        }
      }}
    >
      <MoreIcon />
    </button>
  );
}
