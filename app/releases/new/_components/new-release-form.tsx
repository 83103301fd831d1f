"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { useAction } from "@/components/actions/use-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { InputField, SelectField, useFormErrors } from "@/components/ui/field";
import { optionsOf } from "@/components/ui/options";
import { AlertIcon } from "@/components/ui/icons";
import { createReleaseAction } from "@/lib/releases/actions";
import { RELEASE_LIMITS } from "@/lib/releases/limits";
import { leaveReleaseNotices } from "@/lib/releases/notices";

type FieldName = "projectId" | "templateId" | "version" | "title" | "plannedAt" | "releaseManagerId";
const fieldOrder: FieldName[] = ["projectId", "templateId", "version", "title", "plannedAt", "releaseManagerId"];

export interface NewReleaseFormProps {
  projects: { id: string; name: string; slug: string; defaultTemplateId: string | null; lastReleased: string | null; suggestedVersion: string | null }[];
  templates: { id: string; name: string; isDefault: boolean; items: number; signoffs: number }[];
  managers: { id: string; name: string }[];
  currentUserId: string;
  preselectedProjectId?: string;
}

export function NewReleaseForm({ projects, templates, managers, currentUserId, preselectedProjectId }: NewReleaseFormProps) {
  const router = useRouter();
  const formId = useId();
  const createRelease = useAction(createReleaseAction);
  // Pending until the new release's page has loaded, not only until the action answered.
  const [navigating, startTransition] = useTransition();
  const pending = createRelease.pending || navigating;
  const [projectId, setProjectId] = useState(preselectedProjectId ?? "");
  const project = projects.find((p) => p.id === projectId);
  // The project's own template first, then the installation's default.
  const templateFor = (id: string) =>
    (templates.find((t) => t.id === projects.find((p) => p.id === id)?.defaultTemplateId) ?? templates.find((t) => t.isDefault) ?? templates[0])?.id ?? "";
  const [templateId, setTemplateId] = useState(() => templateFor(preselectedProjectId ?? ""));
  const template = templates.find((t) => t.id === templateId);
  const ids = Object.fromEntries(fieldOrder.map((f) => [f, `${formId}-${f}`])) as Record<FieldName, string>;
  const { fieldErrors, message, setMessage, clearError, showFailure } = useFormErrors(ids, fieldOrder);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const input = Object.fromEntries(fieldOrder.map((f) => [f, String(data.get(f) ?? "")]));
    setMessage(null);
    const result = await createRelease.run(input);
    if (!result.ok) {
      showFailure(result);
      return;
    }
    leaveReleaseNotices(result.data.id, result.data.warnings);
    startTransition(() => router.push(`/releases/${result.data.id}`));
  }

  return (
    <Card>
      <CardContent className="pt-5">
        <form onSubmit={(event) => void onSubmit(event)} noValidate className="flex flex-col gap-5" aria-label="New release">
          {message ? (
            <div role="alert" className="flex gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text">
              <AlertIcon />
              <p className="min-w-0 [overflow-wrap:anywhere]">{message}</p>
            </div>
          ) : null}

          <div className="grid gap-5 sm:grid-cols-2">
            <SelectField
              id={ids.projectId} label="Project" errors={fieldErrors.projectId} name="projectId" value={projectId} onChange={(event) => {
              setProjectId(event.currentTarget.value); setTemplateId(templateFor(event.currentTarget.value)); clearError("projectId"); }}
            >
              {projectId === "" ? (
                <option value="" disabled>
                  Choose a project
                </option>
              ) : null}
              {optionsOf(projects, (p) => p.id, (p) => p.name)}
            </SelectField>
            <SelectField
              id={ids.templateId} label="Checklist template" errors={fieldErrors.templateId}
              hint={template ? `${template.items} items, ${template.signoffs} sign-off${template.signoffs === 1 ? "" : "s"}.` : undefined}
              name="templateId" value={templateId}
              onChange={(event) => {
                setTemplateId(event.currentTarget.value);
                clearError("templateId");
              }}
            >
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                  {t.isDefault ? " (default)" : ""}
                </option>
              ))}
            </SelectField>
          </div>

          <InputField
            id={ids.version} label="Version" errors={fieldErrors.version}
            hint={
              <>
                Semantic version: MAJOR.MINOR.PATCH, like 1.4.0 or 1.5.0-rc.1.
                {project ? (project.lastReleased ? ` Last released for ${project.name}: ${project.lastReleased}.` : ` ${project.name} has no released version yet.`) : null}
              </>
            }
            className="sm:max-w-xs" name="version" type="text" required maxLength={RELEASE_LIMITS.versionChars} autoComplete="off" spellCheck={false}
            placeholder={project?.suggestedVersion ?? "0.1.0"} onChange={() => clearError("version")} inputClassName="font-mono"
          />

          <InputField
            id={ids.title} label="Title" errors={fieldErrors.title} hint="What ships, in a few words." name="title" type="text" required
            maxLength={RELEASE_LIMITS.titleChars} autoComplete="off" placeholder="Phase 2: Slack notifications" onChange={() => clearError("title")}
          />

          <div className="grid gap-5 sm:grid-cols-2">
            <InputField
              id={ids.plannedAt} label="Planned date" optional errors={fieldErrors.plannedAt} name="plannedAt" type="date"
              onChange={() => clearError("plannedAt")}
            />
            <SelectField
              id={ids.releaseManagerId} label="Release manager" errors={fieldErrors.releaseManagerId} name="releaseManagerId"
              defaultValue={managers.some((m) => m.id === currentUserId) ? currentUserId : (managers[0]?.id ?? "")}
              onChange={() => clearError("releaseManagerId")}
            >
              {managers.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                  {m.id === currentUserId ? " (you)" : ""}
                </option>
              ))}
            </SelectField>
          </div>

          <div className="flex flex-col-reverse gap-2 border-t border-border pt-4 sm:flex-row sm:justify-end">
            <Button asChild variant="secondary">
              <Link href="/">Cancel</Link>
            </Button>
            <Button type="submit" aria-disabled={pending || undefined} aria-busy={pending || undefined}>
              {pending ? "Creating…" : "Create release"}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
