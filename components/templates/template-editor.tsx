"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { memo, useEffect, useReducer, useState, useTransition, type Dispatch, type KeyboardEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Tooltip } from "@/components/ui/tooltip";
import { AlertIcon, ChevronDownIcon, ChevronUpIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { InputField, SelectField, TextareaField } from "@/components/ui/field";
import { optionsOf } from "@/components/ui/options";
import { useAction } from "@/components/actions/use-action";
import type { ChecklistPhase } from "@/lib/generated/prisma/enums";
import { saveTemplateAction } from "@/lib/templates/actions";
import { roleLabels } from "@/lib/auth/permissions";
import { PHASES, phaseLabels } from "@/lib/releases/rules";
import { formatMonitoringWindow } from "@/lib/templates/labels";
import { SIGNOFF_ROLES, TEMPLATE_LIMITS } from "@/lib/templates/limit-values";
import { cn } from "@/lib/utils";
import {
  editorReducer,
  fieldIds,
  initialEditorState,
  isDirty,
  nameOf,
  payloadOf,
  phaseTitleOf,
  placeServerErrors,
  type Direction,
  type EditableTemplate,
  type EditorAction,
  type FieldError,
  type ItemDraft,
  type SectionDraft,
  type SignoffDraft,
} from "./editor-state";
import { useUnsavedChangesWarning } from "./use-unsaved-changes";
import { AUTOMATION_MAX_CHARS } from "@/lib/integrations/automation";

type Errors = Record<string, FieldError>;


/** Rows for a textarea that grows with its content, within bounds. */
function rowsFor(text: string, min = 2, max = 14): number {
  return Math.min(max, Math.max(min, text.split("\n").length));
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}


/** A small icon button with its accessible name shown as a tooltip; `unavailable` keeps it focusable but inert. */
function IconButton({
  id,
  label,
  unavailable = false,
  danger = false,
  onClick,
  children,
}: {
  id?: string;
  label: string;
  unavailable?: boolean;
  danger?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Tooltip content={label}>
      <Button
        id={id}
        variant="ghost"
        size="icon"
        aria-label={label}
        aria-disabled={unavailable || undefined}
        onClick={onClick}
        className={cn("size-8", danger && !unavailable && "text-danger-text hover:bg-danger-soft")}
      >
        {children}
      </Button>
    </Tooltip>
  );
}

/** Move up, move down and remove, for one entry of a list (`position` counts from 1). */
function RowControls({
  className,
  name,
  position,
  count,
  moveId,
  onMove,
  onRemove,
}: {
  className: string;
  name: string;
  position: number;
  count: number;
  moveId: (direction: Direction) => string;
  onMove: (direction: Direction) => void;
  onRemove: () => void;
}) {
  return (
    <div className={className}>
      <IconButton id={moveId("up")} label={`Move ${name} up`} unavailable={position === 1} onClick={() => onMove("up")}>
        <ChevronUpIcon />
      </IconButton>
      <IconButton id={moveId("down")} label={`Move ${name} down`} unavailable={position === count} onClick={() => onMove("down")}>
        <ChevronDownIcon />
      </IconButton>
      <IconButton label={`Remove ${name}`} danger onClick={onRemove}>
        <TrashIcon />
      </IconButton>
    </div>
  );
}

function ErrorText({ id, error }: { id: string; error: FieldError | undefined }) {
  if (!error) return null;
  return (
    <p id={id} className="text-sm text-danger-text">
      {error.messages.join(" ")}
    </p>
  );
}

/**
 * Focuses a control and, when it is hidden behind the sticky header or the save bar (or off screen),
 * scrolls it to the middle of the window.
 */
function focusControl(id: string) {
  const element = document.getElementById(id);
  if (!element) return;
  element.focus({ preventScroll: true });
  const rect = element.getBoundingClientRect();
  if (rect.top < 96 || rect.bottom > window.innerHeight - 128) element.scrollIntoView({ block: "center" });
}

export function TemplateEditor({ template }: { template: EditableTemplate }) {
  const router = useRouter();
  const [state, dispatch] = useReducer(editorReducer, template, initialEditorState);
  const saveTemplate = useAction(saveTemplateAction);
  // Pending until the saved template's page has loaded, not only until the action answered.
  const [navigating, startTransition] = useTransition();
  const pending = saveTemplate.pending || navigating;
  const [message, setMessage] = useState<string | null>(null);
  const [removingSection, setRemovingSection] = useState<SectionDraft | null>(null);
  const { draft, errors } = state;
  const dirty = isDirty(state);

  useUnsavedChangesWarning(dirty);

  // Focus follows structural changes (a new item's title, the button that moved, the next item after a
  // removal). After the commit, and after a closing dialog has put focus back where it was.
  useEffect(() => {
    if (!state.focus) return;
    const { id } = state.focus;
    const timer = window.setTimeout(() => focusControl(id), 0);
    return () => window.clearTimeout(timer);
  }, [state.focus]);

  async function save() {
    if (pending) return;
    const sent = draft;
    setMessage(null);
    const result = await saveTemplate.run({ templateId: state.templateId, expectedUpdatedAt: state.updatedAt, ...payloadOf(sent) });
    if (result.ok) {
      dispatch({ type: "saved", updatedAt: result.data.updatedAt });
      startTransition(() => router.push(`/templates/${state.templateId}?notice=saved`));
      return;
    }
    if (result.code === "unreachable") {
      setMessage(`${result.message} Your changes are still here.`);
      return;
    }
    const placed = placeServerErrors(result.fieldErrors ?? {}, sent);
    dispatch({ type: "failed", errors: placed.errors });
    const count = Object.keys(placed.errors).length;
    const summary = count > 0 ? ` ${plural(count, "field")} to fix, highlighted below.` : "";
    setMessage([result.message + summary, ...placed.general].join(" "));
  }

  /** Enter in a one-line input does not submit (it would save and leave); Ctrl/⌘+S saves. */
  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    const target = event.target as HTMLElement;
    if (event.key === "Enter" && target instanceof HTMLInputElement && target.type !== "checkbox") event.preventDefault();
    if (event.key.toLowerCase() === "s" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  }

  const itemCount = draft.sections.reduce((sum, section) => sum + section.items.length, 0);
  const errorCount = Object.keys(errors).length;

  return (
    <form
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      className="flex flex-col gap-8"
      aria-busy={pending || undefined}
    >
      <p role="status" aria-live="polite" className="sr-only">
        {state.announcement}
      </p>

      <DetailsCard draft={draft} errors={errors} dispatch={dispatch} />

      {PHASES.map((phase) => (
        <PhaseGroup
          key={phase}
          phase={phase}
          title={phaseTitleOf(draft, phase)}
          sections={draft.sections.filter((section) => section.phase === phase)}
          errors={errors}
          dispatch={dispatch}
          onRemoveSection={(section) => {
            const hasContent = section.items.some((item) => item.title.trim() || item.command.trim() || item.detail.trim()) || section.title.trim();
            if (hasContent) setRemovingSection(section);
            else dispatch({ type: "removeSection", key: section.key });
          }}
        />
      ))}

      <SignoffsCard signoffs={draft.signoffs} errors={errors} dispatch={dispatch} />
      <ApprovalFieldsCard fields={draft.approvalFields} errors={errors} dispatch={dispatch} />

      <ConfirmDialog
        open={removingSection !== null}
        onOpenChange={(open) => {
          if (!open) setRemovingSection(null);
        }}
        title={removingSection ? `Remove ${nameOf("section", removingSection.title, 0).replace(/ 0$/, "")}?` : "Remove section?"}
        description={
          removingSection
            ? `Its ${plural(removingSection.items.length, "item")} go with it. Nothing is saved until you save the template; leave without saving to undo.`
            : ""
        }
        confirmLabel="Remove section"
        tone="danger"
        onConfirm={() => {
          if (removingSection) dispatch({ type: "removeSection", key: removingSection.key });
        }}
      />

      <div className="sticky bottom-4 z-10 rounded-lg border border-border-strong bg-surface/95 px-4 py-3 shadow-lg backdrop-blur sm:px-5">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <Button type="submit" aria-disabled={pending || undefined}>
            {pending ? "Saving…" : "Save template"}
          </Button>
          <Button asChild variant="secondary">
            <Link href={`/templates/${state.templateId}`}>Cancel</Link>
          </Button>
          <p className="text-sm text-muted tabular-nums">
            {plural(draft.sections.length, "section")} · {plural(itemCount, "item")} · {plural(draft.signoffs.length, "sign-off")}
            {dirty ? <span className="font-medium text-warning-text"> · Unsaved changes</span> : null}
          </p>
          <div role="alert" className="w-full empty:hidden">
            {message ? (
              <p className="flex items-start gap-2 text-sm text-danger-text">
                <AlertIcon />
                <span>
                  {message}
                  {errorCount > 0 ? (
                    <>
                      {" "}
                      <button
                        type="button"
                        className="cursor-pointer rounded-sm font-medium underline underline-offset-2"
                        onClick={() => {
                          const first = Object.keys(errors)[0];
                          if (first) focusControl(first);
                        }}
                      >
                        Go to the first one
                      </button>
                    </>
                  ) : null}
                </span>
              </p>
            ) : null}
          </div>
        </div>
      </div>
    </form>
  );
}

interface BlockProps {
  errors: Errors;
  dispatch: Dispatch<EditorAction>;
}

function DetailsCard({ draft, errors, dispatch }: BlockProps & { draft: { name: string; description: string; monitoringWindowHours: string } }) {
  const hours = /^\d+$/.test(draft.monitoringWindowHours.trim()) ? Number(draft.monitoringWindowHours) : null;
  return (
    <Card role="region" aria-labelledby="details-heading">
      <CardHeader className="pb-4">
        <CardTitle id="details-heading">Details</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <InputField
          id={fieldIds.name} label="Name" errors={errors[fieldIds.name]?.messages} type="text" autoComplete="off"
          maxLength={TEMPLATE_LIMITS.nameChars} value={draft.name}
          onChange={(event) => dispatch({ type: "setDetails", patch: { name: event.target.value } })}
        />
        <InputField
          id={fieldIds.monitoring} label="Monitoring window (hours)"
          hint={hours !== null && hours > 0 ? `How long a release is watched after it ships: ${formatMonitoringWindow(hours)}.` : "How long a release is watched after it ships."}
          errors={errors[fieldIds.monitoring]?.messages} type="number" inputMode="numeric" min={1} max={TEMPLATE_LIMITS.monitoringWindowHours}
          step={1} value={draft.monitoringWindowHours}
          onChange={(event) => dispatch({ type: "setDetails", patch: { monitoringWindowHours: event.target.value } })} inputClassName="tabular-nums"
        />
        <TextareaField
          id={fieldIds.description} label="Description" optional errors={errors[fieldIds.description]?.messages} className="md:col-span-2"
          rows={rowsFor(draft.description, 2, 6)} maxLength={TEMPLATE_LIMITS.descriptionChars} value={draft.description}
          onChange={(event) => dispatch({ type: "setDetails", patch: { description: event.target.value } })}
        />
      </CardContent>
    </Card>
  );
}

interface PhaseGroupProps extends BlockProps {
  phase: ChecklistPhase;
  title: string;
  sections: SectionDraft[];
  onRemoveSection: (section: SectionDraft) => void;
}

function PhaseGroup({ phase, title, sections, errors, dispatch, onRemoveSection }: PhaseGroupProps) {
  const headingId = fieldIds.phase(phase);
  const items = sections.reduce((sum, section) => sum + section.items.length, 0);
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 border-b border-border pb-2">
        <h2 id={headingId} className="min-w-0 text-lg font-semibold tracking-tight [overflow-wrap:anywhere]">
          {title}
        </h2>
        <span className="text-xs text-muted tabular-nums">
          {plural(sections.length, "section")} · {plural(items, "item")}
        </span>
      </div>
      {sections.length === 0 ? <p className="text-sm text-muted">No sections in this phase.</p> : null}
      {sections.map((section, index) => (
        <SectionEditor
          key={section.key}
          section={section}
          position={index + 1}
          count={sections.length}
          phaseTitle={title}
          errors={errors}
          dispatch={dispatch}
          onRemove={onRemoveSection}
        />
      ))}
      <div>
        <Button id={fieldIds.addSection(phase)} variant="secondary" size="sm" onClick={() => dispatch({ type: "addSection", phase })}>
          <PlusIcon />
          Add section<span className="sr-only"> to {title}</span>
        </Button>
      </div>
    </section>
  );
}

interface SectionEditorProps extends BlockProps {
  section: SectionDraft;
  position: number;
  count: number;
  phaseTitle: string;
  onRemove: (section: SectionDraft) => void;
}

const SectionEditor = memo(function SectionEditor({ section, position, count, phaseTitle, errors, dispatch, onRemove }: SectionEditorProps) {
  const name = nameOf("section", section.title, position);
  const itemsError = errors[fieldIds.addItem(section.key)];
  const itemsErrorId = `${fieldIds.addItem(section.key)}-error`;
  return (
    <Card role="group" aria-label={`Section ${position} of ${count} in ${phaseTitle}`} className="flex flex-col">
      <div className="flex flex-col gap-3 px-4 pt-4 pb-3 sm:px-5">
        <div className="flex items-start gap-2">
          <div className="grid min-w-0 flex-1 gap-3 sm:grid-cols-[minmax(0,1fr)_12rem]">
            <InputField
              id={fieldIds.sectionTitle(section.key)} label="Section title" errors={errors[fieldIds.sectionTitle(section.key)]?.messages} type="text"
              autoComplete="off" value={section.title} maxLength={TEMPLATE_LIMITS.titleChars}
              onChange={(event) => dispatch({ type: "setSection", key: section.key, patch: { title: event.target.value } })}
              inputClassName="font-semibold"
            />
            <SelectField
              id={fieldIds.sectionPhase(section.key)} label="Phase" errors={errors[fieldIds.sectionPhase(section.key)]?.messages}
              value={section.phase} onChange={(event) => { const phase = PHASES.find((p) => p === event.target.value);
              if (phase) dispatch({ type: "setSectionPhase", key: section.key, phase }); }}
            >
              {optionsOf(PHASES, (phase) => phase, (phase) => phaseLabels[phase])}
            </SelectField>
          </div>
          <RowControls
            className="mt-6 flex shrink-0 items-center"
            name={name}
            position={position}
            count={count}
            moveId={(direction) => fieldIds.sectionMove(section.key, direction)}
            onMove={(direction) => dispatch({ type: "moveSection", key: section.key, direction })}
            onRemove={() => onRemove(section)}
          />
        </div>
        <TextareaField
          id={fieldIds.sectionDetail(section.key)} label="Notes" optional errors={errors[fieldIds.sectionDetail(section.key)]?.messages}
          rows={rowsFor(section.detail, 1, 8)} value={section.detail}
          onChange={(event) => dispatch({ type: "setSection", key: section.key, patch: { detail: event.target.value } })}
        />
      </div>
      <ol className="flex flex-col border-t border-border" aria-label={`Items of ${name}`}>
        {section.items.map((item, index) => (
          <ItemEditor
            key={item.key}
            item={item}
            phase={section.phase}
            sectionKey={section.key}
            sectionName={name}
            position={index + 1}
            count={section.items.length}
            errors={errors}
            dispatch={dispatch}
          />
        ))}
      </ol>
      <div className="flex flex-col gap-2 border-t border-border px-4 py-3 sm:px-5">
        <div>
          <Button
            id={fieldIds.addItem(section.key)}
            variant="secondary"
            size="sm"
            aria-describedby={itemsError ? itemsErrorId : undefined}
            onClick={() => dispatch({ type: "addItem", sectionKey: section.key })}
          >
            <PlusIcon />
            Add item<span className="sr-only"> to {name}</span>
          </Button>
        </div>
        <ErrorText id={itemsErrorId} error={itemsError} />
      </div>
    </Card>
  );
});

interface ItemEditorProps extends BlockProps {
  item: ItemDraft;
  /** Release-day and rollback items can be bound to a pipeline step; a rollback item can hold the incident note. */
  phase: ChecklistPhase;
  sectionKey: string;
  sectionName: string;
  position: number;
  count: number;
}

const ItemEditor = memo(function ItemEditor({ item, phase, sectionKey, sectionName, position, count, errors, dispatch }: ItemEditorProps) {
  const name = nameOf("item", item.title, position);
  const pipeline = phase === "RELEASE_DAY" ? "deploy" : phase === "ROLLBACK" ? "rollback" : null;
  const set = (patch: Partial<Pick<ItemDraft, "title" | "detail" | "command" | "required" | "stepName" | "recordsIncident" | "automation">>) =>
    dispatch({ type: "setItem", sectionKey, key: item.key, patch });
  return (
    <li className="border-b border-border px-4 py-3 last:border-b-0 sm:px-5">
      <fieldset className="min-w-0">
        <legend className="sr-only">
          Item {position} of {count} in {sectionName}
        </legend>
        <div className="flex items-start gap-3">
          <span
            aria-hidden="true"
            className="mt-7 flex size-6 shrink-0 items-center justify-center rounded-full bg-surface-muted text-xs font-medium text-muted tabular-nums"
          >
            {position}
          </span>
          <div className="grid min-w-0 flex-1 gap-3">
            <div className="flex flex-wrap items-start gap-x-4 gap-y-2">
              <InputField
                id={fieldIds.itemTitle(item.key)} label="Title" errors={errors[fieldIds.itemTitle(item.key)]?.messages} className="min-w-48 flex-1"
                type="text" autoComplete="off" value={item.title} maxLength={TEMPLATE_LIMITS.titleChars}
                onChange={(event) => set({ title: event.target.value })}
              />
              <div className="flex h-9 items-center gap-2 sm:mt-[1.625rem]">
                <input
                  id={fieldIds.itemRequired(item.key)}
                  type="checkbox"
                  checked={item.required}
                  onChange={(event) => set({ required: event.target.checked })}
                  className="size-4 cursor-pointer accent-primary"
                />
                <label htmlFor={fieldIds.itemRequired(item.key)} className="cursor-pointer text-sm font-medium select-none">
                  Required
                </label>
              </div>
            </div>
            <div className="grid gap-3 md:grid-cols-2">
              <TextareaField
                id={fieldIds.itemDetail(item.key)} label="Detail" optional errors={errors[fieldIds.itemDetail(item.key)]?.messages}
                rows={rowsFor(item.detail, 1)} value={item.detail} onChange={(event) => set({ detail: event.target.value })}
              />
              <TextareaField
                id={fieldIds.itemCommand(item.key)} label="Command" optional errors={errors[fieldIds.itemCommand(item.key)]?.messages}
                rows={rowsFor(item.command, 1)} value={item.command} spellCheck={false} autoCapitalize="off" autoComplete="off"
                maxLength={TEMPLATE_LIMITS.commandChars} onChange={(event) => set({ command: event.target.value })}
                textareaClassName="bg-surface-muted/50 font-mono text-xs"
              />
            </div>
            <InputField
              id={fieldIds.itemAutomation(item.key)} label="Ticked by an outside event" optional
              hint="e.g. github.workflow_run release.yml success, github.release, github.push tag or ci.check <name>: the event ticks this item with its link as evidence."
              errors={errors[fieldIds.itemAutomation(item.key)]?.messages} type="text" autoComplete="off" spellCheck={false} value={item.automation}
              maxLength={AUTOMATION_MAX_CHARS} placeholder="e.g. github.workflow_run ci.yml success"
              onChange={(event) => set({ automation: event.target.value })} inputClassName="font-mono"
            />
            {pipeline ? (
              <div className="grid gap-3 md:grid-cols-2">
                <InputField
                  id={fieldIds.itemStep(item.key)} label={`Ticked by ${pipeline} step`} optional
                  hint={`The name of a ${pipeline} pipeline step: its success ticks this item (as “${pipeline === "deploy" ? "Deploy" : "Rollback"}”), its failure notes it.`}
                  errors={errors[fieldIds.itemStep(item.key)]?.messages} type="text" autoComplete="off" value={item.stepName}
                  maxLength={TEMPLATE_LIMITS.stepNameChars} placeholder="e.g. Run migrations"
                  onChange={(event) => set({ stepName: event.target.value })}
                />
                {phase === "ROLLBACK" ? (
                  <div className="flex h-9 items-center gap-2 md:mt-[1.625rem]">
                    <input
                      id={fieldIds.itemIncident(item.key)}
                      type="checkbox"
                      checked={item.recordsIncident}
                      onChange={(event) => set({ recordsIncident: event.target.checked })}
                      className="size-4 cursor-pointer accent-primary"
                    />
                    <label htmlFor={fieldIds.itemIncident(item.key)} className="cursor-pointer text-sm font-medium select-none">
                      Its note is the incident note
                    </label>
                  </div>
                ) : null}
              </div>
            ) : null}
          </div>
          <RowControls
            className="mt-6 flex shrink-0 flex-col items-center sm:flex-row"
            name={name}
            position={position}
            count={count}
            moveId={(direction) => fieldIds.itemMove(item.key, direction)}
            onMove={(direction) => dispatch({ type: "moveItem", sectionKey, key: item.key, direction })}
            onRemove={() => dispatch({ type: "removeItem", sectionKey, key: item.key })}
          />
        </div>
      </fieldset>
    </li>
  );
});

function SignoffsCard({ signoffs, errors, dispatch }: BlockProps & { signoffs: SignoffDraft[] }) {
  const addError = errors[fieldIds.addSignoff];
  return (
    <Card role="region" aria-labelledby="signoffs-heading">
      <CardHeader className="pb-4">
        <CardTitle id="signoffs-heading">Sign-offs</CardTitle>
        <CardDescription>
          Who must sign a release off before it ships. Four-eyes: the release’s own manager cannot give that sign-off.
        </CardDescription>
      </CardHeader>
      {signoffs.length === 0 ? (
        <CardContent>
          <p className="text-sm text-muted">No sign-offs: releases from this template can ship without one.</p>
        </CardContent>
      ) : (
        <ol className="flex flex-col border-t border-border" aria-label="Sign-offs">
          {signoffs.map((signoff, index) => (
            <SignoffRow key={signoff.key} signoff={signoff} position={index + 1} count={signoffs.length} errors={errors} dispatch={dispatch} />
          ))}
        </ol>
      )}
      <div className="flex flex-col gap-2 border-t border-border px-5 py-3">
        <div>
          <Button
            id={fieldIds.addSignoff}
            variant="secondary"
            size="sm"
            aria-describedby={addError ? `${fieldIds.addSignoff}-error` : undefined}
            onClick={() => dispatch({ type: "addSignoff" })}
          >
            <PlusIcon />
            Add sign-off
          </Button>
        </div>
        <ErrorText id={`${fieldIds.addSignoff}-error`} error={addError} />
      </div>
    </Card>
  );
}

function SignoffRow({ signoff, position, count, errors, dispatch }: BlockProps & { signoff: SignoffDraft; position: number; count: number }) {
  const name = nameOf("sign-off", signoff.title, position);
  const roles = SIGNOFF_ROLES.includes(signoff.role) ? SIGNOFF_ROLES : [...SIGNOFF_ROLES, signoff.role];
  const set = (patch: Partial<Pick<SignoffDraft, "title" | "role" | "excludeReleaseManager" | "scope">>) => dispatch({ type: "setSignoff", key: signoff.key, patch });
  return (
    <li className="border-b border-border px-5 py-4 last:border-b-0">
      <fieldset className="min-w-0">
        <legend className="sr-only">
          Sign-off {position} of {count}
        </legend>
        <div className="flex items-start gap-3">
          <div className="grid min-w-0 flex-1 items-start gap-x-4 gap-y-3 md:grid-cols-[minmax(0,1fr)_12rem]">
            <InputField
              id={fieldIds.signoffTitle(signoff.key)} label="Title" errors={errors[fieldIds.signoffTitle(signoff.key)]?.messages} type="text"
              autoComplete="off" value={signoff.title} maxLength={TEMPLATE_LIMITS.titleChars} placeholder="e.g. Engineering lead reviewed code"
              onChange={(event) => set({ title: event.target.value })}
            />
            <SelectField
              id={fieldIds.signoffRole(signoff.key)} label="Signed by" errors={errors[fieldIds.signoffRole(signoff.key)]?.messages}
              value={signoff.role}
              onChange={(event) => {
                const role = roles.find((r) => r === event.target.value);
                if (role) set({ role });
              }}
            >
              {optionsOf(roles, (role) => role, (role) => roleLabels[role])}
            </SelectField>
            <div className="flex items-center gap-2 md:col-span-2">
              <input
                id={fieldIds.signoffFourEyes(signoff.key)}
                type="checkbox"
                checked={signoff.excludeReleaseManager}
                onChange={(event) => set({ excludeReleaseManager: event.target.checked })}
                className="size-4 cursor-pointer accent-primary"
              />
              <label htmlFor={fieldIds.signoffFourEyes(signoff.key)} className="cursor-pointer text-sm select-none">
                Exclude the release’s own manager (four-eyes)
              </label>
            </div>
            <InputField
              id={fieldIds.signoffScope(signoff.key)} label="Attests" optional
              hint="Pre-release section or item titles, separated by commas. Only unticking one of these makes the sign-off stale. Empty: every required pre-release item."
              errors={errors[fieldIds.signoffScope(signoff.key)]?.messages} className="md:col-span-2" type="text" autoComplete="off"
              value={signoff.scope} placeholder="e.g. Database, Test rollback procedure" onChange={(event) => set({ scope: event.target.value })}
            />
          </div>
          <RowControls
            className="mt-6 flex shrink-0 flex-col items-center sm:flex-row"
            name={name}
            position={position}
            count={count}
            moveId={(direction) => fieldIds.signoffMove(signoff.key, direction)}
            onMove={(direction) => dispatch({ type: "moveSignoff", key: signoff.key, direction })}
            onRemove={() => dispatch({ type: "removeSignoff", key: signoff.key })}
          />
        </div>
      </fieldset>
    </li>
  );
}

function ApprovalFieldsCard({ fields, errors, dispatch }: BlockProps & { fields: { key: string; label: string }[] }) {
  const addError = errors[fieldIds.addApprovalField];
  return (
    <Card role="region" aria-labelledby="approval-heading">
      <CardHeader className="pb-4">
        <CardTitle id="approval-heading">Approval fields</CardTitle>
        <CardDescription>Filled in on each release before it ships, e.g. “Release manager”, “Date”, “Version”.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {fields.length === 0 ? <p className="text-sm text-muted">No approval fields.</p> : null}
        {fields.length > 0 ? (
          <ol className="grid gap-3 sm:grid-cols-2" aria-label="Approval fields">
            {fields.map((field, index) => (
              <li key={field.key} className="flex items-start gap-1">
                <InputField
                  id={fieldIds.approvalField(field.key)} label={`Approval field ${index + 1}`} labelHidden
                  errors={errors[fieldIds.approvalField(field.key)]?.messages} className="flex-1" type="text" autoComplete="off" value={field.label}
                  maxLength={TEMPLATE_LIMITS.approvalFieldChars}
                  onChange={(event) => dispatch({ type: "setApprovalField", key: field.key, label: event.target.value })}
                />
                <div className="pt-0.5">
                  <IconButton
                    label={`Remove ${nameOf("approval field", field.label, index + 1)}`}
                    danger
                    onClick={() => dispatch({ type: "removeApprovalField", key: field.key })}
                  >
                    <TrashIcon />
                  </IconButton>
                </div>
              </li>
            ))}
          </ol>
        ) : null}
        <div>
          <Button
            id={fieldIds.addApprovalField}
            variant="secondary"
            size="sm"
            aria-describedby={addError ? `${fieldIds.addApprovalField}-error` : undefined}
            onClick={() => dispatch({ type: "addApprovalField" })}
          >
            <PlusIcon />
            Add approval field
          </Button>
        </div>
        <ErrorText id={`${fieldIds.addApprovalField}-error`} error={addError} />
      </CardContent>
    </Card>
  );
}
