"use client";

import { useState } from "react";
import { failureText, useAction } from "@/components/actions/use-action";
import { GuardedButton } from "@/components/ui/guarded-button";
import { savePipelineAction } from "@/lib/deploys/actions";
import { manualPipeline } from "@/lib/deploys/manual-pipeline";

/** Saves the one-step manual pipeline (the team deploys by hand and confirms it here) as the project's pipeline of `kind`. */
export function ManualPipelineButton({ projectId, kind }: { projectId: string; kind: "DEPLOY" | "ROLLBACK" }) {
  const savePipeline = useAction(savePipelineAction);
  const pending = savePipeline.pending;
  const [error, setError] = useState<string | null>(null);
  const what = kind === "DEPLOY" ? "deploy" : "rollback";

  async function save() {
    if (pending) return;
    const result = await savePipeline.run({ projectId, kind, steps: manualPipeline(kind) });
    if (!result.ok) {
      setError(failureText(result));
      return;
    }
    setError(null);
  }

  return (
    <span className="flex flex-col gap-1">
      <GuardedButton variant="secondary" size="sm" pending={pending} onClick={() => void save()}>
        {pending ? "Saving…" : `Use the manual ${what} pipeline`}
      </GuardedButton>
      {error ? (
        <span role="alert" className="text-sm text-danger-text">
          {error}
        </span>
      ) : null}
    </span>
  );
}
