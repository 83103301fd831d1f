"use client";

import { useId, useState } from "react";
import { failureText, useAction } from "@/components/actions/use-action";
import { SelectField } from "@/components/ui/field";
import { optionsOf } from "@/components/ui/options";
import { GuardedButton } from "@/components/ui/guarded-button";
import { setProjectTemplateAction } from "@/lib/projects/actions";

export interface TemplateStepProps {
  projectId: string;
  /** The project's current template, if any. */
  currentId: string | null;
  templates: { id: string; name: string; items: number }[];
}

/** Chooses the template "New release" preselects for this project. */
export function TemplateStep({ projectId, currentId, templates }: TemplateStepProps) {
  const setTemplate = useAction(setProjectTemplateAction);
  const pending = setTemplate.pending;
  const id = useId();
  const [templateId, setTemplateId] = useState(currentId ?? templates[0]?.id ?? "");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState("");

  async function save() {
    if (pending) return;
    setNotice("");
    const result = await setTemplate.run({ projectId, templateId });
    if (!result.ok) {
      setError(failureText(result));
      return;
    }
    setError(null);
    setNotice("Saved.");
  }

  if (templates.length === 0) return null;
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <SelectField
        id={`${id}-template`} label="Checklist template" errors={error ? [error] : undefined} className="w-full sm:w-80" value={templateId}
        onChange={(event) => {
          setTemplateId(event.currentTarget.value);
          setError(null);
          setNotice("");
        }}
      >
        {optionsOf(templates, (t) => t.id, (t) => `${t.name} (${t.items} items)`)}
      </SelectField>
      <GuardedButton type="submit" variant="secondary" pending={pending} disabledReason={templateId === currentId ? "This is already the project's template" : null}>
        {pending ? "Saving…" : "Use this template"}
      </GuardedButton>
      <span role="status" className="text-sm font-medium text-success-text empty:hidden">
        {notice}
      </span>
    </form>
  );
}
