"use client";

import Link from "next/link";
import { useState } from "react";
import { useAction, type ActionHandle } from "@/components/actions/use-action";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Tooltip } from "@/components/ui/tooltip";
import { AlertIcon, DownloadIcon, PencilIcon } from "@/components/ui/icons";
import { archiveTemplateAction, duplicateTemplateAction, setDefaultTemplateAction } from "@/lib/templates/actions";
import { TemplateNameDialog } from "./template-name-dialog";

export interface TemplateActionsProps {
  template: { id: string; name: string; isDefault: boolean; archived: boolean };
  canManage: boolean;
}

/** The template page's toolbar: export for everyone; edit, duplicate, make default and archive for admins. */
export function TemplateActions({ template, canManage }: TemplateActionsProps) {
  // The page comes back re-rendered with each action's answer (they revalidate the template's pages).
  const setDefault = useAction(setDefaultTemplateAction);
  const archive = useAction(archiveTemplateAction);
  const pending = setDefault.pending || archive.pending;
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function run(action: ActionHandle<unknown, unknown>, done: string): Promise<void> {
    setError(null);
    setStatus(null);
    const result = await action.run({ templateId: template.id });
    if (result.ok) setStatus(done);
    else setError(result.message);
  }

  const exportLink = (
    <Button asChild variant="secondary">
      {/* A plain link: the route answers with a file download, which client-side navigation would not handle. */}
      <a href={`/templates/${template.id}/export`} download>
        <DownloadIcon />
        Export Markdown
      </a>
    </Button>
  );

  if (!canManage) return <div className="flex flex-wrap items-center gap-2">{exportLink}</div>;

  const archiveButton = (
    <Button variant="secondary" aria-disabled={template.isDefault || pending || undefined} className={template.isDefault ? undefined : "text-danger-text"}>
      Archive
    </Button>
  );

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        {template.archived ? null : (
          <Button asChild>
            <Link href={`/templates/${template.id}/edit`}>
              <PencilIcon />
              Edit
            </Link>
          </Button>
        )}
        <TemplateNameDialog
          trigger={<Button variant="secondary">Duplicate</Button>}
          title={`Duplicate “${template.name}”`}
          description="Copies its sections, items, sign-offs and approval fields into a new template you can change freely."
          submitLabel="Duplicate"
          pendingLabel="Duplicating…"
          defaultName={`Copy of ${template.name}`.slice(0, 120)}
          submit={({ name }) => duplicateTemplateAction({ templateId: template.id, name })}
          destination={(id) => `/templates/${id}?notice=duplicated`}
        />
        {exportLink}
        {template.archived || template.isDefault ? null : (
          <Button
            variant="secondary"
            aria-disabled={pending || undefined}
            onClick={() => void run(setDefault, "This is now the default template.")}
          >
            Make default
          </Button>
        )}
        {template.archived ? null : template.isDefault ? (
          <Tooltip content="The default template cannot be archived; make another template the default first.">{archiveButton}</Tooltip>
        ) : (
          <ConfirmDialog
            trigger={archiveButton}
            title={`Archive “${template.name}”?`}
            description="New releases can no longer start from it. Releases already created from it keep their checklist, and you can still view, export and duplicate it."
            confirmLabel="Archive template"
            tone="danger"
            onConfirm={() => run(archive, "Template archived.")}
          />
        )}
      </div>
      <p role="status" className="text-sm text-success-text empty:hidden">
        {status}
      </p>
      {error ? (
        <div role="alert" className="flex items-start gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text">
          <AlertIcon />
          <p>{error}</p>
        </div>
      ) : null}
    </div>
  );
}
