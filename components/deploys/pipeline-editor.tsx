"use client";

import { useEffect, useId, useRef, useState, type ChangeEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { borderFor, selectClasses, textareaClasses } from "@/components/ui/field";
import { AlertIcon, DownloadIcon, PlusIcon, UploadIcon } from "@/components/ui/icons";
import { GuardedButton } from "@/components/ui/guarded-button";
import { savePipelineAction, savePipelineYamlAction } from "@/lib/deploys/actions";
import { manualPipeline } from "@/lib/deploys/manual-pipeline";
import { sortPipelineProblems } from "@/lib/deploys/pipeline-problems";
import { PIPELINE_YAML_MAX_CHARS, pipelineToYaml, readPipelineYaml } from "@/lib/deploys/pipeline-yaml-text";
import { draftProblems, draftsFromSteps, duplicateStep, moveStep, newStepDraft, STEP_KINDS, stepKindLabels, stepsFromDrafts, type StepDraft, type StepKindName } from "@/lib/deploys/step-drafts";
import type { PipelineView } from "@/lib/deploys/types";
import type { PipelineKind } from "@/lib/generated/prisma/enums";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { useAction } from "@/components/actions/use-action";
import { PipelineStepCard } from "./pipeline-step-card";

export interface PipelineEditorProps {
  projectId: string;
  projectSlug: string;
  kind: PipelineKind;
  /** The latest saved version, or null when the project has none of this kind yet. */
  pipeline: PipelineView | null;
}

const kindWords: Record<PipelineKind, string> = { DEPLOY: "deploy", ROLLBACK: "rollback" };
type Tab = "form" | "yaml";

/**
 * One pipeline, edited as a list of steps (the default) or as YAML: the same steps either way, and saving
 * from either writes the next version. The server's schema judges; its problems come back onto the fields
 * (form) or by line and column (YAML). Nothing is saved while there is a problem.
 */
export function PipelineEditor({ projectId, projectSlug, kind, pipeline }: PipelineEditorProps) {
  const id = useId();
  const [tab, setTab] = useState<Tab>("form");
  const [saved, setSaved] = useState(() => ({ yaml: pipelineToYaml(pipeline?.steps ?? []), version: pipeline?.version ?? 0 }));
  const [drafts, setDrafts] = useState<StepDraft[]>(() => draftsFromSteps(pipeline?.steps));
  const [yaml, setYaml] = useState(saved.yaml);
  const [problems, setProblems] = useState<{ message: string; list: string[] } | null>(null);
  const [notice, setNotice] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const saveSteps = useAction(savePipelineAction);
  const saveYaml = useAction(savePipelineYamlAction);
  const pending = saveSteps.pending || saveYaml.pending;
  const [addKind, setAddKind] = useState<StepKindName>("SHELL");
  const [dragged, setDragged] = useState<number | null>(null);
  const focusAfterMove = useRef<string | null>(null);
  // After a save the page refreshes with the stored version (the schema's defaults filled in): show that.
  const [seenVersion, setSeenVersion] = useState(pipeline?.version ?? 0);
  if (pipeline && pipeline.version !== seenVersion) {
    setSeenVersion(pipeline.version);
    const stored = pipelineToYaml(pipeline.steps);
    setSaved({ yaml: stored, version: pipeline.version });
    setDrafts(draftsFromSteps(pipeline.steps));
    setYaml(stored);
  }

  const formYaml = pipelineToYaml(stepsFromDrafts(drafts));
  const dirty = (tab === "form" ? formYaml : yaml) !== saved.yaml;
  // The server's problems from the last save, and what the form sees wrong now (env names, headers…) as it is typed.
  const sorted = sortPipelineProblems(tab === "form" ? [...new Set([...(problems?.list ?? []), ...draftProblems(drafts)])] : []);

  useEffect(() => {
    if (!focusAfterMove.current) return;
    document.getElementById(focusAfterMove.current)?.focus();
    focusAfterMove.current = null;
  }, [drafts]);

  function edit(next: StepDraft[]) {
    setDrafts(next);
    setNotice("");
  }

  function move(from: number, to: number, focus: string | null) {
    if (to < 0 || to >= drafts.length || from === to) return;
    const step = drafts[from]!;
    focusAfterMove.current = focus;
    edit(moveStep(drafts, from, to));
    setProblems(null);
    setAnnouncement(`Moved ${step.name.trim() || "the step"} to position ${to + 1} of ${drafts.length}.`);
  }

  function switchTo(next: Tab) {
    if (next === tab) return;
    if (next === "yaml") {
      // The YAML tab shows what the form holds now.
      setYaml(formYaml);
      setProblems(null);
      setTab("yaml");
      return;
    }
    const read = readPipelineYaml(yaml);
    if (!read.ok || !Array.isArray(read.value)) {
      setProblems({ message: "Fix the YAML before going back to the form (or discard the changes).", list: read.ok ? ["The YAML must be a list of steps"] : read.problems });
      return;
    }
    setDrafts(draftsFromSteps(read.value));
    setProblems(null);
    setTab("form");
  }

  async function save() {
    if (pending) return;
    setNotice("");
    // Rows the server could not even receive as they are (two headers of one name) stop here, beside their fields.
    const local = tab === "form" ? draftProblems(drafts, { saving: true }) : [];
    if (local.length > 0) {
      setProblems({ message: "The pipeline has problems; nothing was saved.", list: local });
      return;
    }
    const result = tab === "form" ? await saveSteps.run({ projectId, kind, steps: stepsFromDrafts(drafts) }) : await saveYaml.run({ projectId, kind, yaml });
    if (!result.ok) {
      const list = Object.values(result.fieldErrors ?? {}).flat();
      setProblems({ message: result.message, list });
      return;
    }
    // Until the revalidated page brings the stored version, what was sent counts as saved.
    setSaved({ yaml: tab === "form" ? formYaml : yaml, version: result.data.version });
    setProblems(null);
    setNotice(`Saved as version ${result.data.version}.`);
  }

  function discard() {
    setDrafts(draftsFromSteps(readPipelineYaml(saved.yaml).value));
    setYaml(saved.yaml);
    setProblems(null);
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = "";
    if (!file) return;
    if (file.size > PIPELINE_YAML_MAX_CHARS * 4) {
      setProblems({ message: "That file is too large to be a pipeline; nothing was loaded.", list: [] });
      return;
    }
    setYaml(await file.text());
    setProblems(null);
    setNotice(`Loaded ${file.name}: check it, then save.`);
  }

  function download() {
    const blob = new Blob([tab === "form" ? formYaml : yaml], { type: "application/yaml" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = `${projectSlug}-${kindWords[kind]}-pipeline.yaml`;
    link.click();
    URL.revokeObjectURL(url);
  }

  const problemsId = `${id}-problems`;
  const tabId = (t: Tab) => `${id}-tab-${t}`;
  const panelId = (t: Tab) => `${id}-panel-${t}`;
  const title = kind === "DEPLOY" ? "Deploy pipeline" : "Rollback pipeline";

  return (
    <section aria-labelledby={`${id}-title`} className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-title`} className="text-lg font-semibold tracking-tight">
          {title}
        </h2>
        <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
          {saved.version > 0 ? <Badge tone="info">Version {saved.version}</Badge> : <Badge>No version yet</Badge>}
          {pipeline && saved.version === pipeline.version ? (
            <span>
              saved {formatDateTime(new Date(pipeline.createdAt))}
              {pipeline.createdBy ? ` by ${pipeline.createdBy.name}` : ""}
            </span>
          ) : null}
        </p>
      </div>

      <div role="tablist" aria-label={`Edit the ${kindWords[kind]} pipeline as`} className="flex gap-1 border-b border-border">
        {(["form", "yaml"] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={tabId(t)}
            aria-selected={tab === t}
            aria-controls={panelId(t)}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => switchTo(t)}
            onKeyDown={(e) => {
              if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                e.preventDefault();
                const other = t === "form" ? "yaml" : "form";
                switchTo(other);
                document.getElementById(tabId(other))?.focus();
              }
            }}
            className={cn(
              "-mb-px border-b-2 px-3 py-1.5 text-sm font-medium",
              tab === t ? "border-primary text-foreground" : "border-transparent text-muted hover:text-foreground",
            )}
          >
            {t === "form" ? "Steps" : "YAML"}
          </button>
        ))}
      </div>

      {tab === "form" ? (
        <div role="tabpanel" id={panelId("form")} aria-labelledby={tabId("form")} className="flex flex-col gap-3">
          {drafts.length === 0 ? <p className="text-sm text-muted">No steps yet: add the first one below.</p> : null}
          <ol aria-label={`Steps of the ${kindWords[kind]} pipeline`} className="flex flex-col gap-3">
            {drafts.map((step, index) => (
              <PipelineStepCard
                key={step.key}
                idPrefix={id}
                step={step}
                index={index}
                count={drafts.length}
                problems={sorted}
                onChange={(next) => edit(drafts.map((d, i) => (i === index ? next : d)))}
                onMove={(to, focus) => move(index, to, focus)}
                onDuplicate={() => {
                  edit(duplicateStep(drafts, index));
                  setProblems(null);
                  setAnnouncement(`Duplicated ${step.name.trim() || "the step"} as step ${index + 2}.`);
                }}
                onRemove={() => {
                  edit(drafts.filter((_, i) => i !== index));
                  setProblems(null);
                  setAnnouncement(`Removed ${step.name.trim() || "the step"}.`);
                }}
                onDragStart={() => setDragged(index)}
                onDrop={() => {
                  if (dragged !== null) move(dragged, index, `${id}-${step.key}-card`);
                  setDragged(null);
                }}
                dragging={dragged === index}
              />
            ))}
          </ol>
          <p className="text-xs text-muted">Reorder with the arrows, Alt+↑ / Alt+↓ on a focused step, or by dragging a step&rsquo;s handle.</p>
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor={`${id}-add-kind`} className="text-sm font-medium">
              New step
            </label>
            <select id={`${id}-add-kind`} value={addKind} onChange={(e) => setAddKind(e.currentTarget.value as StepKindName)} className={cn(selectClasses, "w-auto border-border-strong")}>
              {STEP_KINDS.map((k) => (
                <option key={k} value={k}>
                  {stepKindLabels[k]}
                </option>
              ))}
            </select>
            <Button
              variant="secondary"
              onClick={() => {
                const step = newStepDraft(addKind);
                focusAfterMove.current = `${id}-${step.key}-name`;
                edit([...drafts, step]);
                setAnnouncement(`Added step ${drafts.length + 1}: ${stepKindLabels[addKind]}.`);
              }}
            >
              <PlusIcon aria-hidden /> Add step
            </Button>
          </div>
        </div>
      ) : (
        <div role="tabpanel" id={panelId("yaml")} aria-labelledby={tabId("yaml")} className="flex flex-col gap-2">
          <label htmlFor={`${id}-yaml`} className="text-sm font-medium">
            Steps of the {kindWords[kind]} pipeline (YAML)
          </label>
          <textarea
            id={`${id}-yaml`}
            value={yaml}
            maxLength={PIPELINE_YAML_MAX_CHARS}
            onChange={(event) => {
              setYaml(event.currentTarget.value);
              setNotice("");
            }}
            rows={Math.min(40, Math.max(12, yaml.split("\n").length + 1))}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            wrap="off"
            aria-invalid={problems ? true : undefined}
            aria-describedby={problems ? problemsId : undefined}
            className={cn(textareaClasses, borderFor(!!problems), "resize-y overflow-x-auto font-mono text-xs leading-5")}
          />
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="ghost" onClick={download}>
              <DownloadIcon aria-hidden /> Download YAML
            </Button>
            <label className="inline-flex cursor-pointer items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium hover:bg-surface-muted focus-within:ring-2 focus-within:ring-primary">
              <UploadIcon aria-hidden /> Upload YAML
              <input type="file" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" className="sr-only" onChange={(e) => void upload(e)} />
            </label>
          </div>
        </div>
      )}

      {problems ? (
        <div id={problemsId} role="alert" className="flex gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text">
          <AlertIcon />
          <div className="flex min-w-0 flex-col gap-1">
            <p className="font-medium">{problems.message}</p>
            {problems.list.length > 0 ? (
              <ul className="list-disc pl-4">
                {problems.list.map((problem, index) => (
                  <li key={index} className="[overflow-wrap:anywhere]">
                    {problem}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <GuardedButton onClick={() => void save()} pending={pending} disabledReason={dirty ? null : "No changes to save"}>
          {pending ? "Saving…" : "Save as a new version"}
        </GuardedButton>
        {dirty ? (
          <Button variant="ghost" onClick={discard}>
            Discard changes
          </Button>
        ) : null}
        {/* For teams that deploy by hand: the run is one approval step, and is recorded as a manual deploy. */}
        <Button
          variant="ghost"
          onClick={() => {
            const steps = manualPipeline(kind);
            setDrafts(draftsFromSteps(steps));
            setYaml(pipelineToYaml(steps));
            setProblems(null);
            setNotice("");
          }}
        >
          Use a manual {kindWords[kind]} pipeline
        </Button>
        <span role="status" className="text-sm font-medium text-success-text">
          {notice}
        </span>
      </div>
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </section>
  );
}
