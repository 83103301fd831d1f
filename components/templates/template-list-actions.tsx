"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { PlusIcon, UploadIcon } from "@/components/ui/icons";
import { createTemplateAction } from "@/lib/templates/actions";
import { TemplateNameDialog } from "./template-name-dialog";

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
