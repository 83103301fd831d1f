"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useAction } from "@/components/actions/use-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { InputField, SelectField, useFormErrors } from "@/components/ui/field";
import { optionsOf } from "@/components/ui/options";
import { roleLabels, roles } from "@/lib/auth/permissions";
import { createUserAction } from "@/lib/users/actions";
import { USER_LIMITS } from "@/lib/users/limits";

type FieldName = "email" | "name" | "role" | "password";
const fieldOrder: FieldName[] = ["email", "name", "role", "password"];

type CreatedUser = { email: string; password: string | null };

export function CreateUserForm() {
  const formId = useId();
  const calloutRef = useRef<HTMLDivElement>(null);
  // The list of users comes back re-rendered with the action's answer (it revalidates /admin).
  const createUser = useAction(createUserAction);
  const pending = createUser.pending;
  const ids = {
    email: `${formId}-email`,
    name: `${formId}-name`,
    role: `${formId}-role`,
    password: `${formId}-password`,
  } satisfies Record<FieldName, string>;
  // Typing into a field clears its (now stale) error.
  const { fieldErrors, setFieldErrors, message, setMessage, clearError, showFailure } = useFormErrors(ids, fieldOrder);
  const [created, setCreated] = useState<CreatedUser | null>(null);

  // Screen-reader and keyboard users land on the new password (or the confirmation) right away.
  useEffect(() => {
    if (created) calloutRef.current?.focus();
  }, [created]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const input = {
      email: String(data.get("email") ?? ""),
      name: String(data.get("name") ?? ""),
      role: String(data.get("role") ?? ""),
      password: String(data.get("password") ?? ""),
    };
    setMessage(null);
    const result = await createUser.run(input);
    if (!result.ok) {
      showFailure(result);
      return;
    }
    setFieldErrors({});
    setCreated({ email: result.data.email, password: result.data.password });
    form.reset();
  }

  return (
    <Card role="region" aria-labelledby={`${formId}-heading`}>
      <CardHeader className="pb-4">
        <CardTitle id={`${formId}-heading`}>Create user</CardTitle>
        <CardDescription>
          They sign in with their email and a password. Leave the password empty and Preflight generates one for you to hand
          over.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {created ? (
          <div
            ref={calloutRef}
            tabIndex={-1}
            aria-labelledby={`${formId}-created`}
            className="flex flex-col gap-3 rounded-md border border-success/25 bg-success-soft p-4 text-sm"
          >
            <div className="flex flex-col gap-1">
              <p id={`${formId}-created`} className="font-semibold text-success-text">
                User created
              </p>
              {created.password ? (
                <p className="break-words text-foreground">
                  Give this password to <strong className="font-semibold">{created.email}</strong>; it will not be shown again.
                </p>
              ) : (
                <p className="break-words text-foreground">
                  <strong className="font-semibold">{created.email}</strong> can now sign in with the password you chose.
                </p>
              )}
            </div>
            <div className="flex flex-wrap items-center gap-2">
              {created.password ? (
                <>
                  <code className="rounded-md border border-border bg-surface px-3 py-1.5 font-mono text-sm tracking-wide break-all text-foreground select-all">
                    {created.password}
                  </code>
                  <CopyButton text={created.password} label={`password for ${created.email}`} />
                </>
              ) : null}
              <Button variant="secondary" size="sm" onClick={() => {
                  setCreated(null);
                  document.getElementById(ids.email)?.focus();
                }}
                className="sm:ml-auto">
                {created.password ? "Done, I have handed it over" : "Done"}
              </Button>
            </div>
          </div>
        ) : null}

        <form onSubmit={(event) => void onSubmit(event)} noValidate className="flex flex-col gap-4">
          <div className="grid grid-cols-1 items-start gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <InputField
              id={ids.email} label="Email" errors={fieldErrors.email} name="email" type="email" autoComplete="off" spellCheck={false} required
              maxLength={USER_LIMITS.emailChars} placeholder="name@example.com" onChange={() => clearError("email")}
            />
            <InputField
              id={ids.name} label="Name" errors={fieldErrors.name} name="name" type="text" autoComplete="off" required
              maxLength={USER_LIMITS.nameChars} onChange={() => clearError("name")}
            />
            <SelectField id={ids.role} label="Role" errors={fieldErrors.role} name="role" defaultValue="VIEWER" onChange={() => clearError("role")}>
              {optionsOf(roles, (role) => role, (role) => roleLabels[role])}
            </SelectField>
            <InputField
              id={ids.password} label="Password" optional
              hint={`At least ${USER_LIMITS.newPasswordMinChars} characters; leave empty to generate one.`} errors={fieldErrors.password}
              name="password" type="password" autoComplete="new-password" maxLength={USER_LIMITS.passwordChars}
              onChange={() => clearError("password")}
            />
          </div>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <Button type="submit" aria-disabled={pending || undefined}>
              {pending ? "Creating…" : "Create user"}
            </Button>
            <p role="alert" className="text-sm text-danger-text empty:hidden">
              {message}
            </p>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
