"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { createTemplateAction } from "@/lib/templates/actions";
import { TemplateNameDialog } from "./template-name-dialog";

function PlusIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M12 5v14M5 12h14" />
    </svg>
  );
}

function UploadIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M21 15v4a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-4M17 8l-5-5-5 5M12 3v12" />
    </svg>
  );
}

/** The admin's buttons on the templates list: start an empty template, or import one from Markdown. */
export function TemplateListActions() {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button asChild variant="secondary">
        <Link href="/templates/import">
          <UploadIcon />
          Import from Markdown
        </Link>
      </Button>
      <TemplateNameDialog
        trigger={
          <Button>
            <PlusIcon />
            New template
          </Button>
        }
        title="New template"
        description="Starts with one pre-release section and one item; you edit the rest next."
        submitLabel="Create and edit"
        pendingLabel="Creating…"
        withDescription
        submit={(input) => createTemplateAction(input)}
        destination={(id) => `/templates/${id}/edit`}
      />
    </div>
  );
}
