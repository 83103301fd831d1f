"use client";

import { useRouter } from "next/navigation";
import { useDeferredValue, useId, useMemo, useRef, useState, useTransition, type ChangeEvent, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AlertIcon } from "@/components/ui/icons";
import { Field, InputField, selectClasses, TextareaField } from "@/components/ui/field";
import { optionsOf } from "@/components/ui/options";
import { Stat } from "@/components/ui/stat";
import { useAction } from "@/components/actions/use-action";
import { importTemplateAction } from "@/lib/templates/actions";
import { roleLabels } from "@/lib/auth/permissions";
import { PHASES, phaseLabels } from "@/lib/releases/rules";
import { formatMonitoringWindow } from "@/lib/templates/labels";
import { checkTemplateMarkdown, TEMPLATE_LIMITS } from "@/lib/templates/limits";
import type { ChecklistPhase, ImportProblem, OutlineSection, ParsedChecklist, VersionOffer } from "@/lib/templates/markdown-import";
import { titleFromFileName } from "@/lib/templates/slug";
import { VERSION_VARIABLE } from "@/lib/templates/version";
import { cn } from "@/lib/utils";
import { useUnsavedChangesWarning } from "./use-unsaved-changes";

/** Bytes; a file this large cannot be under the character limit anyway, so it is not even read. */
const MAX_FILE_BYTES = TEMPLATE_LIMITS.markdownChars * 4;

function plural(count: number, unit: string): string {
  return `${count.toLocaleString("en-US")} ${unit}${count === 1 ? "" : "s"}`;
}

/** The start and end offsets of a 1-based line in `text`. */
function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf("\n", start);
    if (next === -1) break;
    start = next + 1;
  }
  const end = text.indexOf("\n", start);
  return [start, end === -1 ? text.length : end];
}

export function ImportForm() {
  const router = useRouter();
  const id = useId();
  const ids = { name: `${id}-name`, description: `${id}-description`, file: `${id}-file`, markdown: `${id}-markdown` };
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [markdown, setMarkdown] = useState("");
  const [name, setName] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const importTemplate = useAction(importTemplateAction);
  // Pending until the imported template's page has loaded, not only until the action answered.
  const [navigating, startTransition] = useTransition();
  const pending = importTemplate.pending || navigating;
  const [saved, setSaved] = useState(false);
  // Stages chosen in the preview, by "<position>:<heading>" so that a choice survives edits elsewhere.
  const [stageChoices, setStageChoices] = useState<ReadonlyMap<string, ChecklistPhase>>(new Map());
  const [replaceVersion, setReplaceVersion] = useState(true);

  // The preview runs the same importer as the server, in the browser; typing stays responsive because
  // the (re-)parse renders at lower priority.
  const deferredMarkdown = useDeferredValue(markdown);
  const fallbackTitle = fileName ? titleFromFileName(fileName) : undefined;
  const check = useMemo(
    () =>
      deferredMarkdown.trim() === ""
        ? null
        : checkTemplateMarkdown(deferredMarkdown, {
            stageOf: (index, heading) => stageChoices.get(`${index}:${heading}`),
            replaceVersion,
            ...(fallbackTitle ? { fallbackTitle } : {}),
          }),
    [deferredMarkdown, stageChoices, replaceVersion, fallbackTitle],
  );
  const stale = deferredMarkdown !== markdown;

  const suggestedName = check?.ok ? check.checklist.title : (fallbackTitle ?? "");
  const nameValue = name ?? suggestedName.slice(0, TEMPLATE_LIMITS.nameChars);

  function chooseStage(index: number, section: OutlineSection, stage: ChecklistPhase) {
    setStageChoices((choices) => {
      const next = new Map(choices);
      if (stage === section.inferredStage) next.delete(`${index}:${section.heading}`);
      else next.set(`${index}:${section.heading}`, stage);
      return next;
    });
  }

  useUnsavedChangesWarning(markdown.trim() !== "" && !saved);

  function clearError(field: string) {
    if (!fieldErrors[field]) return;
    setFieldErrors(({ [field]: _cleared, ...rest }) => rest);
  }

  function onMarkdownChange(value: string) {
    setMarkdown(value);
    clearError("markdown");
    setMessage(null);
  }

  function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(`“${file.name}” is ${(file.size / 1_000_000).toFixed(1)} MB; a checklist has at most ${TEMPLATE_LIMITS.markdownChars.toLocaleString("en-US")} characters.`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      setFileName(file.name);
      onMarkdownChange(typeof reader.result === "string" ? reader.result : "");
    };
    reader.onerror = () => setFileError(`“${file.name}” could not be read. Try again, or paste its content below.`);
    reader.readAsText(file);
  }

  function showLine(line: number) {
    const textarea = textareaRef.current;
    if (!textarea) return;
    const [start, end] = lineRange(textarea.value, line);
    textarea.focus();
    textarea.setSelectionRange(start, end);
    const lineHeight = Number.parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  const errors: ImportProblem[] = check && !check.ok ? check.errors : [];
  const serverMarkdownErrors = fieldErrors.markdown ?? [];
  const blocked = pending || markdown.trim() === "" || stale || errors.length > 0;
  const blockedReason =
    markdown.trim() === ""
      ? "Paste a checklist or upload a file first."
      : errors.length > 0
        ? `Fix the ${errors.length === 1 ? "problem" : `${errors.length} problems`} shown in the preview first.`
        : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (blocked) return;
    const description = String(new FormData(event.currentTarget).get("description") ?? "");
    setMessage(null);
    const stages = check?.ok ? check.outline.map((section) => (section.stage === section.inferredStage ? null : section.stage)) : [];
    const result = await importTemplate.run({ name: nameValue, description, markdown, stages, replaceVersion, ...(fallbackTitle ? { fallbackTitle } : {}) });
    if (result.ok) {
      setSaved(true);
      startTransition(() => router.push(`/templates/${result.data.id}?notice=imported`));
      return;
    }
    const errors = result.fieldErrors ?? {};
    setFieldErrors(errors);
    setMessage(result.message);
    if (errors.name) document.getElementById(ids.name)?.focus();
    else if (errors.description) document.getElementById(ids.description)?.focus();
    else if (errors.markdown) textareaRef.current?.focus();
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <Card role="region" aria-labelledby={`${id}-source`}>
        <CardHeader className="pb-4">
          <CardTitle id={`${id}-source`}>Checklist</CardTitle>
          <CardDescription>Paste the Markdown or upload a .md file. Nothing is saved until you import it.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <Field id={ids.file} label="Upload a Markdown file" optional errors={fileError ? [fileError] : undefined}>
            {(aria) => (
              <input
                id={ids.file}
                type="file"
                accept=".md,.markdown,.txt,text/markdown,text/plain"
                onChange={onFile}
                className={cn(
                  "block w-full min-w-0 cursor-pointer rounded-md text-sm text-muted",
                  "file:mr-3 file:h-9 file:cursor-pointer file:rounded-md file:border file:border-border-strong file:bg-surface file:px-4 file:text-sm file:font-medium file:text-foreground file:shadow-sm hover:file:bg-surface-muted",
                )}
                {...aria}
              />
            )}
          </Field>
          <TextareaField
            id={ids.markdown} label="Markdown"
            hint={`${markdown.length.toLocaleString("en-US")} of ${TEMPLATE_LIMITS.markdownChars.toLocaleString("en-US")} characters`}
            errors={serverMarkdownErrors.length > 0 ? ["The server could not import this Markdown; see the problems in the preview."] : undefined}
            ref={textareaRef} rows={22} spellCheck={false} autoCapitalize="off" autoComplete="off"
            placeholder={"# Release checklist\n\n## Pre-Release\n\n### Code\n- [ ] All tests passing: `npm test`\n- [ ] Load test if major changes\n\n## Release Approval\n- [ ] Engineering lead reviewed code"}
            value={markdown} onChange={(event) => onMarkdownChange(event.target.value)} textareaClassName="min-h-64 resize-y font-mono text-xs"
          />
          <InputField
            id={ids.name} label="Name" hint="Taken from the checklist’s # heading until you change it." errors={fieldErrors.name} type="text"
            autoComplete="off" maxLength={TEMPLATE_LIMITS.nameChars} value={nameValue} onChange={(event) => { setName(event.target.value);
            clearError("name"); }}
          />
          <TextareaField
            id={ids.description} label="Description" optional errors={fieldErrors.description} name="description" rows={2}
            maxLength={TEMPLATE_LIMITS.descriptionChars} onChange={() => clearError("description")}
          />
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-t border-border pt-4">
            <Button type="submit" aria-disabled={blocked || undefined} aria-describedby={blockedReason ? `${id}-blocked` : undefined}>
              {pending ? "Importing…" : "Import template"}
            </Button>
            {blockedReason && !pending ? (
              <p id={`${id}-blocked`} className="text-sm text-muted">
                {blockedReason}
              </p>
            ) : null}
            <p role="alert" className="w-full text-sm text-danger-text empty:hidden">
              {message}
            </p>
          </div>
        </CardContent>
      </Card>

      <ImportPreview
        check={check}
        stale={stale}
        serverErrors={serverMarkdownErrors}
        onShowLine={showLine}
        onChooseStage={chooseStage}
        replaceVersion={replaceVersion}
        onReplaceVersion={setReplaceVersion}
        className="lg:sticky lg:top-4 lg:max-h-[calc(100dvh-2rem)] lg:overflow-y-auto"
      />
    </form>
  );
}

function ProblemList({ problems, onShowLine }: { problems: ImportProblem[]; onShowLine: (line: number) => void }) {
  return (
    <ul className="flex flex-col gap-1.5">
      {problems.map((problem, index) => (
        <li key={index} className="flex items-baseline gap-2 text-sm">
          {problem.line === null ? null : (
            <button
              type="button"
              onClick={() => onShowLine(problem.line!)}
              className="shrink-0 cursor-pointer rounded-sm font-mono text-xs font-semibold underline underline-offset-2"
              aria-label={`Line ${problem.line}: show it in the Markdown`}
            >
              Line {problem.line}
            </button>
          )}
          <span className="min-w-0 [overflow-wrap:anywhere]">{problem.message}</span>
        </li>
      ))}
    </ul>
  );
}

interface ImportPreviewProps {
  check: ReturnType<typeof checkTemplateMarkdown> | null;
  stale: boolean;
  serverErrors: string[];
  onShowLine: (line: number) => void;
  onChooseStage: (index: number, section: OutlineSection, stage: ChecklistPhase) => void;
  replaceVersion: boolean;
  onReplaceVersion: (replace: boolean) => void;
  className?: string;
}

function ImportPreview({ check, stale, serverErrors, onShowLine, onChooseStage, replaceVersion, onReplaceVersion, className }: ImportPreviewProps) {
  const headingId = useId();
  const summary =
    check === null
      ? "Nothing to preview yet."
      : check.ok
        ? `Ready to import: ${summaryOf(check.counts)}${check.warnings.length ? `, ${plural(check.warnings.length, "warning")}` : ""}.`
        : `${plural(check.errors.length, "problem")} ${check.errors.length === 1 ? "stops" : "stop"} the import.`;
  return (
    <Card role="region" aria-labelledby={headingId} aria-busy={stale || undefined} className={className}>
      <CardHeader className="pb-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle id={headingId}>Preview</CardTitle>
          {check === null ? null : check.ok ? (
            <Badge tone="success" dot>
              Ready to import
            </Badge>
          ) : (
            <Badge tone="danger" dot>
              {plural(check.errors.length, "problem")}
            </Badge>
          )}
        </div>
        <p role="status" className="text-sm text-muted">
          {summary}
        </p>
      </CardHeader>
      <CardContent className={cn("flex flex-col gap-5 transition-opacity", stale && "opacity-70")}>
        {check === null ? (
          <p className="text-sm text-muted">
            Paste a checklist or upload a file: its sections, the stage each one goes to, its items and sign-offs show here as
            they will be imported, with anything the importer left out.
          </p>
        ) : null}
        {check && !check.ok ? (
          <div className="flex flex-col gap-2 rounded-md border border-danger/25 bg-danger-soft p-3 text-danger-text">
            <p className="flex items-center gap-2 text-sm font-semibold">
              <AlertIcon className="mt-0" />
              {check.errors.length === 1 ? "This stops the import:" : "These stop the import:"}
            </p>
            <ProblemList problems={check.errors} onShowLine={onShowLine} />
          </div>
        ) : null}
        {serverErrors.length > 0 && (!check || check.ok) ? (
          <div className="flex flex-col gap-2 rounded-md border border-danger/25 bg-danger-soft p-3 text-sm text-danger-text">
            <p className="font-semibold">The server refused this Markdown:</p>
            <ul className="list-disc pl-5">
              {serverErrors.map((error, index) => (
                <li key={index}>{error}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {check && check.warnings.length > 0 ? (
          <div className="flex flex-col gap-2 rounded-md border border-warning/30 bg-warning-soft p-3 text-warning-text">
            <p className="text-sm font-semibold">{check.warnings.length === 1 ? "1 warning (the import still works):" : `${check.warnings.length} warnings (the import still works):`}</p>
            <ProblemList problems={check.warnings} onShowLine={onShowLine} />
          </div>
        ) : null}
        {check?.ok ? (
          <ChecklistSummary
            checklist={check.checklist}
            outline={check.outline}
            counts={check.counts}
            versionOffer={check.versionOffer}
            replaceVersion={replaceVersion}
            onReplaceVersion={onReplaceVersion}
            onChooseStage={onChooseStage}
          />
        ) : null}
      </CardContent>
    </Card>
  );
}

function summaryOf(counts: { sections: number; items: number; signoffs: number }): string {
  return `${plural(counts.sections, "section")}, ${plural(counts.items, "item")}, ${plural(counts.signoffs, "sign-off")}`;
}

interface ChecklistSummaryProps {
  checklist: ParsedChecklist;
  outline: OutlineSection[];
  counts: { sections: number; items: number; signoffs: number };
  versionOffer: VersionOffer | null;
  replaceVersion: boolean;
  onReplaceVersion: (replace: boolean) => void;
  onChooseStage: (index: number, section: OutlineSection, stage: ChecklistPhase) => void;
}

function ChecklistSummary({ checklist, outline, counts, versionOffer, replaceVersion, onReplaceVersion, onChooseStage }: ChecklistSummaryProps) {
  const items = checklist.sections.flatMap((section) => section.items);
  return (
    <>
      <div className="flex flex-col gap-3">
        <p className="text-sm">
          <span className="text-muted">Checklist title: </span>
          <span className="font-medium [overflow-wrap:anywhere]">{checklist.title}</span>
        </p>
        <dl className="grid grid-cols-3 gap-x-4 gap-y-3 rounded-md border border-border p-3 sm:grid-cols-5">
          <Stat label="Sections" value={counts.sections} />
          <Stat label="Items" value={counts.items} />
          <Stat label="Required" value={items.filter((item) => item.required).length} />
          <Stat label="Sign-offs" value={counts.signoffs} />
          <Stat label="Monitoring" value={formatMonitoringWindow(checklist.monitoringWindowHours ?? 24)} />
        </dl>
      </div>
      {versionOffer ? <VersionChoice offer={versionOffer} replace={replaceVersion} onChange={onReplaceVersion} /> : null}
      <div className="flex flex-col gap-4">
        <p className="text-xs text-muted">Each section goes to a stage of the release, guessed from its heading and position. Change it here if the guess is wrong.</p>
        {outline.map((section, index) => (
          <OutlineRow key={`${index}:${section.heading}`} section={section} index={index} onChooseStage={onChooseStage} />
        ))}
      </div>
      <section aria-label="Sign-offs" className="flex flex-col gap-2">
        <h3 className="border-b border-border pb-1 text-sm font-semibold">Sign-offs</h3>
        {checklist.signoffRequirements.length === 0 ? (
          <p className="text-sm text-muted">None: releases from this template need no sign-offs.</p>
        ) : (
          <ul className="flex flex-col gap-1">
            {checklist.signoffRequirements.map((signoff, index) => (
              <li key={index} className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
                <span className="min-w-0 [overflow-wrap:anywhere]">{signoff.title}</span>
                <span className="text-xs text-muted">
                  {roleLabels[signoff.role]}
                  {signoff.excludeReleaseManager ? " · four-eyes" : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
        {checklist.approvalFields.length > 0 ? (
          <p className="text-xs text-muted">Approval fields: {checklist.approvalFields.join(", ")}</p>
        ) : null}
      </section>
    </>
  );
}

function OutlineRow({ section, index, onChooseStage }: { section: OutlineSection; index: number; onChooseStage: ChecklistSummaryProps["onChooseStage"] }) {
  const selectId = useId();
  const changed = section.stage !== section.inferredStage;
  return (
    <section aria-label={section.heading} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end justify-between gap-x-3 gap-y-1.5 border-b border-border pb-1.5">
        <h3 className="min-w-0 flex-1 text-sm font-semibold [overflow-wrap:anywhere]">{section.heading}</h3>
        <div className="flex items-center gap-2">
          <label htmlFor={selectId} className="text-xs text-muted">
            Stage
          </label>
          <select
            id={selectId}
            value={section.stage}
            onChange={(event) => onChooseStage(index, section, event.target.value as ChecklistPhase)}
            aria-label={`Stage of “${section.heading}”`}
            aria-describedby={`${selectId}-hint`}
            className={cn(selectClasses, "h-8 w-auto border-border-strong text-xs")}
          >
            {optionsOf(PHASES, (phase) => phase, (phase) => phaseLabels[phase])}
          </select>
          <span id={`${selectId}-hint`} className="sr-only">
            {changed ? `Changed; the guess was ${phaseLabels[section.inferredStage]}` : "Guessed from the heading and its position"}
          </span>
        </div>
      </div>
      {changed ? <p className="text-xs text-muted">Guessed: {phaseLabels[section.inferredStage]}</p> : null}
      <ul className="flex flex-col gap-1">
        {section.groups.map((group, groupIndex) => (
          <li key={groupIndex} className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
            <span className="min-w-0 [overflow-wrap:anywhere]">{group.title}</span>
            <span className="text-xs text-muted tabular-nums">
              {plural(group.items, "item")}
              {group.optional ? ` · ${group.optional} optional` : ""}
              {group.commands ? ` · ${plural(group.commands, "command")}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function VersionChoice({ offer, replace, onChange }: { offer: VersionOffer; replace: boolean; onChange: (replace: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-2 rounded-md border border-info/25 bg-info-soft p-3 text-sm text-info-text">
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          checked={replace}
          onChange={(event) => onChange(event.target.checked)}
          aria-describedby={`${id}-example`}
          className="mt-0.5 size-4 shrink-0 cursor-pointer accent-current"
        />
        <label htmlFor={id} className="cursor-pointer">
          Write <code className="font-mono text-xs">{VERSION_VARIABLE}</code> for <code className="font-mono text-xs">{offer.version}</code>, the
          checklist’s example version, in {plural(offer.commands, "command")}, so that each release fills in its own.
        </label>
      </div>
      <p id={`${id}-example`} className="flex min-w-0 flex-col gap-0.5 pl-6 text-xs">
        <span className="sr-only">For example:</span>
        <code className={cn("font-mono [overflow-wrap:anywhere]", replace && "line-through opacity-70")}>{offer.before}</code>
        <code className={cn("font-mono [overflow-wrap:anywhere]", !replace && "opacity-70")}>{offer.after}</code>
      </p>
    </div>
  );
}
