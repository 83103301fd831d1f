"use client";

import { useId, useState, type FormEvent } from "react";
import { useAction } from "@/components/actions/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { InputField, TextareaField, useFormErrors } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import type { ProjectFlag } from "@/lib/deploys/types";
import { createFlagAction, updateFlagAction } from "@/lib/flags/actions";
import { FLAG_LIMITS } from "@/lib/flags/limits";
import { formatDateTime } from "@/lib/format";

type FieldName = "key" | "description";

function lastChange(flag: ProjectFlag): string {
  const change = flag.lastChange;
  if (change) {
    return `${change.enabled ? "Enabled" : "Disabled"} by ${change.actor?.name ?? "a pipeline step"} ${formatDateTime(new Date(change.at))}${change.release ? ` for ${change.release.version}` : ""}`;
  }
  return flag.createdBy ? `Added by ${flag.createdBy.name} ${formatDateTime(new Date(flag.createdAt))}; never switched` : "Created by a pipeline step; never switched";
}

/** The project's flags as admins define them (key, description, default), with who changed each last; add and edit. */
export function FlagDefinitions({ projectId, flags }: { projectId: string; flags: ProjectFlag[] }) {
  const createFlag = useAction(createFlagAction);
  const pending = createFlag.pending;
  const formId = useId();
  const ids = { key: `${formId}-key`, description: `${formId}-description` } satisfies Record<FieldName, string>;
  const { fieldErrors, setFieldErrors, message, setMessage, clearError, showFailure } = useFormErrors(ids, ["key", "description"] as const);
  const [notice, setNotice] = useState("");

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    setMessage(null);
    setNotice("");
    const result = await createFlag.run({
      projectId,
      key: String(data.get("key") ?? ""),
      description: String(data.get("description") ?? ""),
      defaultEnabled: data.get("defaultEnabled") === "on",
    });
    if (!result.ok) {
      showFailure(result);
      return;
    }
    setFieldErrors({});
    form.reset();
    setNotice(`Added ${result.data.key}.`);
  }

  return (
    <div className="flex flex-col gap-4">
      {flags.length > 0 ? (
        <ul className="flex flex-col divide-y divide-border rounded-md border border-border" aria-label="Feature flags">
          {flags.map((flag) => (
            <li key={flag.id} aria-label={flag.key} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-3 py-2.5">
              <div className="flex min-w-0 flex-col gap-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-[13px] font-medium break-all">{flag.key}</span>
                  <Badge tone={flag.enabled ? "success" : "neutral"} dot>
                    {flag.enabled ? "On" : "Off"}
                  </Badge>
                  <span className="text-xs text-muted">default {flag.defaultEnabled ? "on" : "off"}</span>
                </div>
                {flag.description ? <p className="text-sm text-muted">{flag.description}</p> : null}
                <p className="text-xs text-muted">{lastChange(flag)}</p>
              </div>
              <EditFlagDialog flag={flag} />
            </li>
          ))}
        </ul>
      ) : null}

      <form onSubmit={(event) => void add(event)} noValidate className="flex flex-col gap-3" aria-label="Add a feature flag">
        <div className="grid items-start gap-3 sm:grid-cols-[14rem_1fr]">
          <InputField
            id={ids.key} label="Key" hint="Letters, digits, _ . or -; cannot change later." errors={fieldErrors.key} name="key" autoComplete="off"
            spellCheck={false} autoCapitalize="off" maxLength={FLAG_LIMITS.keyChars} placeholder="new-checkout" onChange={() => clearError("key")}
            inputClassName="font-mono"
          />
          <InputField
            id={ids.description} label="Description" optional errors={fieldErrors.description} name="description" autoComplete="off"
            maxLength={FLAG_LIMITS.descriptionChars} placeholder="What turning it on changes" onChange={() => clearError("description")}
          />
        </div>
        <label className="flex w-fit items-center gap-2 text-sm">
          <input type="checkbox" name="defaultEnabled" className="size-4 accent-primary" />
          On by default
        </label>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <Button type="submit" variant="secondary" aria-disabled={pending || undefined}>
            {pending ? "Adding…" : "Add flag"}
          </Button>
          <p role="alert" className="text-sm text-danger-text empty:hidden">
            {message}
          </p>
          <p role="status" className="text-sm font-medium text-success-text empty:hidden">
            {notice}
          </p>
        </div>
      </form>
    </div>
  );
}

function EditFlagDialog({ flag }: { flag: ProjectFlag }) {
  const id = useId();
  const updateFlag = useAction(updateFlagAction);
  return (
    <FormDialog
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Edit ${flag.key}`}>
          Edit
        </Button>
      }
      title={`Edit ${flag.key}`}
      description="The key stays as it is: pipelines and the flag's history refer to it. Switching the flag on or off is done on the project or release page."
      confirmLabel="Save flag"
      onSubmit={async (data) => {
        const result = await updateFlag.run({
          flagId: flag.id,
          description: String(data.get("description") ?? ""),
          defaultEnabled: data.get("defaultEnabled") === "on",
        });
        if (!result.ok) return result.fieldErrors && Object.keys(result.fieldErrors).length > 0 ? result.fieldErrors : result.message;
      }}
    >
      {(errors) => (
        <>
          <TextareaField
            id={`${id}-description`} label="Description" optional errors={errors.description} name="description" rows={2}
            maxLength={FLAG_LIMITS.descriptionChars} defaultValue={flag.description ?? ""} textareaClassName="resize-y"
          />
          <label className="flex w-fit items-center gap-2 text-sm">
            <input type="checkbox" name="defaultEnabled" defaultChecked={flag.defaultEnabled} className="size-4 accent-primary" />
            On by default
          </label>
        </>
      )}
    </FormDialog>
  );
}
