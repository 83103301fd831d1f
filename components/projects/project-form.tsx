"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { useAction } from "@/components/actions/use-action";
import { Button } from "@/components/ui/button";
import { InputField, TextareaField, useFormErrors } from "@/components/ui/field";
import { createProjectAction, updateProjectAction } from "@/lib/projects/actions";
import { PROJECT_LIMITS, suggestSlug } from "@/lib/projects/limits";
import { RELEASE_LIMITS } from "@/lib/releases/limits";

type FieldName = "name" | "slug" | "description" | "repositoryUrl" | "baselineVersion" | "backupMaxAgeHours";
const fieldOrder: FieldName[] = ["name", "slug", "description", "repositoryUrl", "baselineVersion", "backupMaxAgeHours"];

export interface ProjectFormProps {
  /** The project to edit; without one the form creates a project and opens its set-up page. */
  project?: { id: string; name: string; slug: string; description: string | null; repositoryUrl: string | null; baselineVersion: string | null; backupMaxAgeHours: number };
}

/** A project's name, slug, description and repository: creates one, or edits one in place. */
export function ProjectForm({ project }: ProjectFormProps) {
  const router = useRouter();
  const formId = useId();
  const [pending, startTransition] = useTransition();
  const createProject = useAction(createProjectAction);
  const updateProject = useAction(updateProjectAction);
  const ids = Object.fromEntries(fieldOrder.map((f) => [f, `${formId}-${f}`])) as Record<FieldName, string>;
  const { fieldErrors, setFieldErrors, message, setMessage, clearError, showFailure } = useFormErrors(ids, fieldOrder);
  const [name, setName] = useState(project?.name ?? "");
  // A new project's slug follows its name until someone types a slug of their own.
  const [slug, setSlug] = useState(project?.slug ?? "");
  const [slugEdited, setSlugEdited] = useState(!!project);
  const [saved, setSaved] = useState("");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const fields = Object.fromEntries(fieldOrder.map((f) => [f, String(data.get(f) ?? "")]));
    setMessage(null);
    setSaved("");
    startTransition(async () => {
      const result = project ? await updateProject.run({ projectId: project.id, ...fields }) : await createProject.run(fields);
      if (!result.ok) {
        showFailure(result);
        return;
      }
      setFieldErrors({});
      if (!project || result.data.slug !== project.slug) {
        router.push(`/projects/${result.data.slug}/setup`);
        return;
      }
      setSaved("Saved.");
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label={project ? `Details of ${project.name}` : "New project"}>
      <div className="grid items-start gap-4 sm:grid-cols-2">
        <InputField
          id={ids.name} label="Name" errors={fieldErrors.name} name="name" type="text" required autoComplete="off"
          maxLength={PROJECT_LIMITS.nameChars} placeholder="Billing API" value={name} onChange={(event) => { setName(event.currentTarget.value);
          if (!slugEdited) setSlug(suggestSlug(event.currentTarget.value)); clearError("name"); }}
        />
        <InputField
          id={ids.slug} label="Slug" errors={fieldErrors.slug}
          hint={<>Lower-case letters, digits and dashes. The project&rsquo;s address and <code className="font-mono">{"${PROJECT}"}</code> in commands.</>}
          name="slug" type="text" required autoComplete="off" spellCheck={false} autoCapitalize="off" maxLength={PROJECT_LIMITS.slugChars}
          placeholder="billing-api" value={slug} onChange={(event) => { setSlug(event.currentTarget.value); setSlugEdited(true); clearError("slug");
          }} inputClassName="font-mono"
        />
      </div>
      <TextareaField
        id={ids.description} label="Description" optional errors={fieldErrors.description} name="description" rows={2}
        maxLength={PROJECT_LIMITS.descriptionChars} defaultValue={project?.description ?? ""}
        placeholder="What the service does, for whoever releases it." onChange={() => clearError("description")} textareaClassName="resize-y"
      />
      <InputField
        id={ids.repositoryUrl} label="Repository URL" optional errors={fieldErrors.repositoryUrl} name="repositoryUrl" type="url" autoComplete="off"
        spellCheck={false} maxLength={PROJECT_LIMITS.repositoryUrlChars} defaultValue={project?.repositoryUrl ?? ""}
        placeholder="https://github.com/acme/billing-api" onChange={() => clearError("repositoryUrl")}
      />
      <InputField
        id={ids.baselineVersion} label="Version running now" optional errors={fieldErrors.baselineVersion}
        hint={<>The version in production before this project&rsquo;s first release in Preflight, like 2.3.0. Until a release is released, it is{" "}
          <code className="font-mono">{"${PREVIOUS_VERSION}"}</code> (the rollback target).</>}
        name="baselineVersion" type="text" autoComplete="off" spellCheck={false} autoCapitalize="off" maxLength={RELEASE_LIMITS.versionChars}
        defaultValue={project?.baselineVersion ?? ""} placeholder="2.3.0" onChange={() => clearError("baselineVersion")} inputClassName="max-w-48 font-mono"
      />
      {project ? (
        <InputField
          id={ids.backupMaxAgeHours} label="Oldest backup a rollback accepts (hours)" errors={fieldErrors.backupMaxAgeHours}
          hint="Before a rollback starts, Preflight checks when the deploy pipeline's backup step last succeeded; an older backup must be overridden with a reason."
          name="backupMaxAgeHours" type="number" inputMode="numeric" min={1} max={PROJECT_LIMITS.backupMaxAgeHours} step={1} required
          defaultValue={project.backupMaxAgeHours} onChange={() => clearError("backupMaxAgeHours")} inputClassName="max-w-32"
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <Button type="submit" aria-disabled={pending || undefined}>
          {pending ? "Saving…" : project ? "Save details" : "Create project"}
        </Button>
        <p role="alert" className="text-sm text-danger-text empty:hidden">
          {message}
        </p>
        <p role="status" className="text-sm font-medium text-success-text empty:hidden">
          {saved}
        </p>
      </div>
    </form>
  );
}
