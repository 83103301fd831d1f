"use client";

import { useId, useState } from "react";
import { useAction } from "@/components/actions/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { textareaClasses } from "@/components/ui/field";
import { AlertIcon } from "@/components/ui/icons";
import { GuardedButton } from "@/components/ui/guarded-button";
import { savePipelineAction } from "@/lib/deploys/actions";
import { manualPipeline } from "@/lib/deploys/manual-pipeline";
import type { PipelineView } from "@/lib/deploys/types";
import type { PipelineKind } from "@/lib/generated/prisma/enums";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";

export interface PipelineEditorProps {
  projectId: string;
  kind: PipelineKind;
  /** The latest saved version, or null when the project has none of this kind yet. */
  pipeline: PipelineView | null;
}

const pretty = (steps: unknown) => JSON.stringify(steps ?? [], null, 2);

/** Where a JSON.parse error points, as "line 4, column 7", from the position in its message. */
function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined || /line \d+/.test(message)) return `The JSON does not parse: ${message}`;
  const before = text.slice(0, Number(position));
  const line = before.split("\n").length;
  const column = Number(position) - before.lastIndexOf("\n");
  return `The JSON does not parse (line ${line}, column ${column}): ${message}`;
}

const kindWords: Record<PipelineKind, string> = { DEPLOY: "deploy", ROLLBACK: "rollback" };

/**
 * The JSON editor for one pipeline: the latest version's steps, pretty-printed. Saving writes the next
 * version (releases keep the version they ran); every problem is listed under the editor, by step.
 */
export function PipelineEditor({ projectId, kind, pipeline }: PipelineEditorProps) {
  const id = useId();
  // The page comes back re-rendered with the action's answer (it revalidates the pipelines page).
  const savePipeline = useAction(savePipelineAction);
  const [saved, setSaved] = useState(() => ({ text: pretty(pipeline?.steps), version: pipeline?.version ?? 0 }));
  const [text, setText] = useState(saved.text);
  const [problems, setProblems] = useState<{ message: string; list: string[] } | null>(null);
  const [notice, setNotice] = useState("");
  const pending = savePipeline.pending;
  const dirty = text !== saved.text;

  async function save() {
    if (pending) return;
    setNotice("");
    let steps: unknown;
    try {
      steps = JSON.parse(text);
    } catch (error) {
      setProblems({ message: "Nothing was saved.", list: [jsonProblem(text, error)] });
      return;
    }
    const result = await savePipeline.run({ projectId, kind, steps });
    if (!result.ok) {
      const list = Object.values(result.fieldErrors ?? {}).flat();
      setProblems({ message: result.code === "invalid" ? "The pipeline has problems; nothing was saved." : result.message, list });
      return;
    }
    const formatted = pretty(steps);
    setSaved({ text: formatted, version: result.data.version });
    setText(formatted);
    setProblems(null);
    setNotice(`Saved as version ${result.data.version}.`);
  }

  const problemsId = `${id}-problems`;
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-title`} className="text-lg font-semibold tracking-tight">
          {kind === "DEPLOY" ? "Deploy pipeline" : "Rollback pipeline"}
        </h2>
        <p className="flex items-center gap-2 text-sm text-muted">
          {saved.version > 0 ? <Badge tone="info">Version {saved.version}</Badge> : <Badge>No version yet</Badge>}
          {pipeline && saved.version === pipeline.version ? (
            <span>
              saved {formatDateTime(new Date(pipeline.createdAt))}
              {pipeline.createdBy ? ` by ${pipeline.createdBy.name}` : ""}
            </span>
          ) : null}
        </p>
      </div>
      <label htmlFor={`${id}-text`} className="text-sm font-medium">
        Steps of the {kindWords[kind]} pipeline (JSON)
      </label>
      <textarea
        id={`${id}-text`}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setNotice("");
        }}
        rows={Math.min(40, Math.max(12, text.split("\n").length + 1))}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        aria-invalid={problems ? true : undefined}
        aria-describedby={problems ? problemsId : undefined}
        className={cn(textareaClasses, problems ? "border-danger" : "border-border-strong", "resize-y overflow-x-auto font-mono text-xs leading-5")}
      />
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
          <Button
            variant="ghost"
            onClick={() => {
              setText(saved.text);
              setProblems(null);
            }}
          >
            Discard changes
          </Button>
        ) : null}
        {/* For teams that deploy by hand: the run is one approval step, and is recorded as a manual deploy. */}
        <Button
          variant="ghost"
          onClick={() => {
            setText(pretty(manualPipeline(kind)));
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
    </section>
  );
}
