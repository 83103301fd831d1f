"use client";

import { useId, useState, type FormEvent } from "react";
import { useAction } from "@/components/actions/use-action";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { InputField, SelectField } from "@/components/ui/field";
import { optionsOf } from "@/components/ui/options";
import { apiScopes } from "@/lib/auth/permissions";
import { createApiTokenAction, createProjectTokenAction } from "@/lib/tokens/actions";
import { scopeDescriptions, TOKEN_NAME_MAX_LENGTH } from "@/lib/tokens/scopes";

const expiryChoices = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "", label: "Never" },
];

type Created = { name: string; token: string };

/**
 * Creates a token: the user's own (choose scopes) or, for admins, a project's flags token (choose the
 * project). The new token is shown once, here, with a copy button.
 */
export function CreateTokenForm({ projects }: { projects?: { id: string; name: string }[] }) {
  const formId = useId();
  const createApiToken = useAction(createApiTokenAction);
  const createProjectToken = useAction(createProjectTokenAction);
  const pending = createApiToken.pending || createProjectToken.pending;
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const forProject = projects !== undefined;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "");
    const expiry = String(data.get("expiresInDays") ?? "");
    const expiresInDays = expiry ? Number(expiry) : null;
    setMessage(null);
    setFieldErrors({});
    const result = forProject
      ? await createProjectToken.run({ projectId: String(data.get("projectId") ?? ""), name, expiresInDays })
      : await createApiToken.run({ name, scopes: data.getAll("scopes").map(String), expiresInDays });
    if (result.ok) {
      setCreated({ name, token: result.data.token });
      form.reset();
    } else {
      setMessage(result.message);
      setFieldErrors(result.fieldErrors ?? {});
    }
  }

  const scopeErrors = Object.entries(fieldErrors).filter(([key]) => key.startsWith("scopes")).flatMap(([, messages]) => messages);

  return (
    <div className="flex flex-col gap-4">
      {created ? (
        <div role="status" className="flex flex-col gap-2 rounded-md border border-success bg-success-soft p-4">
          <p className="text-sm font-medium">
            Token “{created.name}” created. Copy it now: it is not shown again.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="new-token" className="break-all rounded bg-surface px-2 py-1 font-mono text-sm">
              {created.token}
            </code>
            <CopyButton text={created.token} label="token" />
          </div>
          <Button variant="ghost" size="sm" className="self-start" onClick={() => setCreated(null)}>
            Done
          </Button>
        </div>
      ) : null}
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="flex flex-col gap-4" aria-label={forProject ? "New project token" : "New API token"}>
        <InputField label="Name" hint="Where it is used, e.g. “GitHub Actions”." errors={fieldErrors.name} name="name" required maxLength={TOKEN_NAME_MAX_LENGTH} />
        {forProject ? (
          <SelectField label="Project" hint="The token reads this project's feature flags, nothing else (scope flags:read)." errors={fieldErrors.projectId} name="projectId">
            {optionsOf(projects, (project) => project.id, (project) => project.name)}
          </SelectField>
        ) : (
          <fieldset className="flex flex-col gap-2" aria-describedby={scopeErrors.length ? `${formId}-scopes-error` : undefined}>
            <legend className="text-sm font-medium">Scopes</legend>
            <p className="text-sm text-muted">A token never does more than your role allows.</p>
            {apiScopes.map((scope) => (
              <label key={scope} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "read"} className="mt-1" />
                <span>
                  <span className="font-mono">{scope}</span> — {scopeDescriptions[scope]}
                </span>
              </label>
            ))}
            {scopeErrors.length ? (
              <p id={`${formId}-scopes-error`} className="text-sm text-danger-text">
                {scopeErrors.join(" ")}
              </p>
            ) : null}
          </fieldset>
        )}
        <SelectField label="Expires after" errors={fieldErrors.expiresInDays} name="expiresInDays" defaultValue="90">
          {optionsOf(expiryChoices, (choice) => choice.value, (choice) => choice.label)}
        </SelectField>
        <p role="alert" className="min-h-5 text-sm text-danger-text">
          {message}
        </p>
        <Button type="submit" className="self-start" aria-disabled={pending || undefined}>
          {pending ? "Creating…" : forProject ? "Create project token" : "Create token"}
        </Button>
      </form>
    </div>
  );
}
