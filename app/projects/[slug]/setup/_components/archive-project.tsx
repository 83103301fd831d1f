"use client";

import { useState } from "react";
import { failureText, useAction } from "@/components/actions/use-action";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { AlertIcon } from "@/components/ui/icons";
import { setProjectArchivedAction } from "@/lib/projects/actions";

/** Archives (hides from the home page and "New release"; history stays) or unarchives the project. */
export function ArchiveProject({ project }: { project: { id: string; name: string; archived: boolean } }) {
  const setArchived = useAction(setProjectArchivedAction);
  const [error, setError] = useState<string | null>(null);

  async function apply(archived: boolean) {
    const result = await setArchived.run({ projectId: project.id, archived });
    if (!result.ok) {
      setError(failureText(result));
      return;
    }
    setError(null);
  }

  return (
    <div className="flex flex-col gap-3">
      {project.archived ? (
        <Button variant="secondary" className="self-start" onClick={() => void apply(false)}>
          Unarchive {project.name}
        </Button>
      ) : (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" className="self-start">
              Archive {project.name}
            </Button>
          }
          title={`Archive ${project.name}?`}
          description="It leaves the home page and “New release”; its releases, runs and history stay, and you can unarchive it at any time."
          confirmLabel="Archive project"
          tone="danger"
          onConfirm={() => apply(true)}
        />
      )}
      {error ? (
        <p role="alert" className="flex gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text">
          <AlertIcon />
          <span className="min-w-0 [overflow-wrap:anywhere]">{error}</span>
        </p>
      ) : null}
    </div>
  );
}
