"use client";

import { useId, useState } from "react";
import { useAction } from "@/components/actions/use-action";
import { StatusLine, useStatusForm } from "@/components/actions/use-status-form";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { InputField, TextareaField } from "@/components/ui/field";
import { GuardedButton } from "@/components/ui/guarded-button";
import { formatDateTime } from "@/lib/format";
import { deleteProjectSecretAction, setProjectSecretAction } from "@/lib/secrets/actions";
import { SECRET_LIMITS } from "@/lib/secrets/limits";
import { ScrollTable, TableHead } from "@/components/ui/table";

export interface SecretRow {
  name: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

/**
 * The project's secrets, write-only: names and who set them when; a value can be replaced, never read
 * back. Steps use them as ${secret:NAME}.
 */
export function ProjectSecrets({ projectId, secrets }: { projectId: string; secrets: SecretRow[] }) {
  const id = useId();
  // The page comes back re-rendered with each action's answer (they revalidate the pipelines page).
  const setSecret = useAction(setProjectSecretAction);
  const deleteSecret = useAction(deleteProjectSecretAction);
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const { errors, message, refused, saved, report } = useStatusForm();
  const pending = setSecret.pending;

  async function save() {
    if (pending) return;
    const result = await setSecret.run({ projectId, name, value });
    if (!result.ok) return refused(result);
    setName("");
    setValue("");
    saved(`${result.data.created ? "Added" : "Replaced"} ${result.data.name}.`);
  }

  async function remove(secretName: string) {
    report(await deleteSecret.run({ projectId, name: secretName }), `Deleted ${secretName}.`);
  }

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3">
      <div className="flex flex-col gap-1">
        <h2 id={`${id}-title`} className="text-lg font-semibold tracking-tight">
          Secrets
        </h2>
        <p className="max-w-prose text-sm text-muted">
          Use a secret in a step as <code className="font-mono text-xs">{"${secret:NAME}"}</code>: in an HTTP URL, header or body, a notify
          URL, or a shell environment value. Values are encrypted, masked in logs and never shown again; to change one, set it anew.
        </p>
      </div>
      {secrets.length === 0 ? (
        <p className="text-sm text-muted">This project has no secrets yet.</p>
      ) : (
        <ScrollTable caption="Secrets of this project">
          <TableHead className="text-xs text-muted" cellClassName="py-1 pr-3" columns={["Name", "Last set", { label: "Actions", className: "pr-0", srOnly: true }]} />
          <tbody>
            {secrets.map((secret) => (
              <tr key={secret.name} className="border-t border-border">
                <td className="py-2 pr-3 font-mono text-xs">{secret.name}</td>
                <td className="py-2 pr-3 text-muted">
                  {formatDateTime(new Date(secret.updatedAt))}
                  {secret.updatedBy ? ` by ${secret.updatedBy}` : ""}
                  {secret.createdAt !== secret.updatedAt ? ` (added ${formatDateTime(new Date(secret.createdAt))}${secret.createdBy ? ` by ${secret.createdBy}` : ""})` : ""}
                </td>
                <td className="py-2 text-right">
                  <ConfirmDialog
                    trigger={
                      <Button variant="ghost" aria-label={`Delete ${secret.name}`}>
                        Delete
                      </Button>
                    }
                    title={`Delete ${secret.name}?`}
                    description="Steps that use it would fail. A secret the latest pipelines use cannot be deleted."
                    confirmLabel="Delete secret"
                    tone="danger"
                    onConfirm={() => remove(secret.name)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <form
        className="grid gap-3 sm:grid-cols-[14rem_1fr]"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <InputField
          id={`${id}-name`} label="Name" hint="UPPER_CASE, e.g. SLACK_WEBHOOK. An existing name is replaced." errors={errors.name} value={name}
          onChange={(event) => setName(event.currentTarget.value.toUpperCase())} autoComplete="off" spellCheck={false}
          maxLength={SECRET_LIMITS.nameChars} inputClassName="font-mono"
        />
        <TextareaField
          id={`${id}-value`} label="Value" hint="Multi-line values (keys) are fine." errors={errors.value} value={value}
          onChange={(event) => setValue(event.currentTarget.value)} rows={2} autoComplete="off" spellCheck={false}
          maxLength={SECRET_LIMITS.valueChars} textareaClassName="font-mono text-xs"
        />
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <GuardedButton type="submit" pending={pending} disabledReason={name && value ? null : "Enter a name and a value"}>
            {pending ? "Saving…" : "Set secret"}
          </GuardedButton>
          <StatusLine message={message} />
        </div>
      </form>
    </section>
  );
}
