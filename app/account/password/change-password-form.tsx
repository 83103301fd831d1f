"use client";

import { useId, useState, type FormEvent } from "react";
import { useAction } from "@/components/actions/use-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { InputField } from "@/components/ui/field";
import { signOut } from "@/lib/auth/client";
import { changeOwnPasswordAction } from "@/lib/users/actions";
import { USER_LIMITS } from "@/lib/users/limits";

type FieldName = "currentPassword" | "newPassword" | "confirmPassword";

export function ChangePasswordForm({ email }: { email: string }) {
  const formId = useId();
  const changePassword = useAction(changeOwnPasswordAction);
  // Also while signing out after the change.
  const [signingOut, setSigningOut] = useState(false);
  const pending = changePassword.pending || signingOut;
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string[]>>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    // Fire and forget: submit() catches its own failures and shows them in the form.
    void submit(new FormData(event.currentTarget));
  }

  async function submit(data: FormData) {
    setMessage(null);
    setFieldErrors({});
    const result = await changePassword.run({
      currentPassword: String(data.get("currentPassword") ?? ""),
      newPassword: String(data.get("newPassword") ?? ""),
      confirmPassword: String(data.get("confirmPassword") ?? ""),
    });
    if (!result.ok) {
      setMessage(result.message);
      setFieldErrors(result.fieldErrors ?? {});
      return;
    }
    // Every session of this account has ended; this browser signs in again with the new password.
    setSigningOut(true);
    await signOut("/login");
  }

  const field = (name: FieldName, label: string, autoComplete: string, hint?: string) => (
    <InputField
      id={`${formId}-${name}`} label={label} hint={hint} errors={fieldErrors[name]} name={name} type="password" autoComplete={autoComplete} required
      maxLength={USER_LIMITS.passwordChars}
    />
  );

  return (
    <Card>
      <CardContent className="pt-5">
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
          {field("currentPassword", "Current password", "current-password")}
          {field("newPassword", "New password", "new-password", `At least ${USER_LIMITS.newPasswordMinChars} characters.`)}
          {field("confirmPassword", "Repeat the new password", "new-password")}
          <p role="alert" className="min-h-5 text-sm text-danger-text">
            {message}
          </p>
          <Button type="submit" aria-disabled={pending || undefined}>
            {pending ? "Changing…" : "Change password"}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
