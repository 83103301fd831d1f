"use client";

import { useState, useSyncExternalStore, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { signInWithPassword, signInWithProvider } from "@/lib/auth/client";
import { signInErrorMessages } from "@/lib/auth/errors";
import { USER_LIMITS } from "@/lib/users/limits";

export interface SignInFormProps {
  callbackUrl: string;
  initialError: string | null;
  github: boolean;
  oidc: string | null;
}

export function SignInForm({ callbackUrl, initialError, github, oidc }: SignInFormProps) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  // The button stays disabled until the page is interactive: a native submit before hydration would
  // reload the page instead of signing in.
  const hydrated = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Fire and forget: submit() reports every outcome, a failed request included, in the form.
    void submit(new FormData(event.currentTarget));
  }

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    let signedIn: boolean;
    try {
      signedIn = await signInWithPassword(String(form.get("email") ?? ""), String(form.get("password") ?? ""), callbackUrl);
    } catch {
      setPending(false);
      setError(signInErrorMessages.network);
      return;
    }
    if (signedIn) {
      // A full navigation, so every server component renders with the new session.
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    // One message for every failure: it must not reveal whether an email exists, is disabled or is locked.
    setError(signInErrorMessages.credentials);
  }

  return (
    <Card>
      <CardContent className="flex flex-col gap-4 pt-5">
        <form method="post" onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
          <label className="flex flex-col gap-1.5 text-sm font-medium">
            Email
            <input
              name="email"
              type="email"
              autoComplete="username"
              required
              maxLength={USER_LIMITS.emailChars}
              className="rounded-md border border-border-strong bg-surface px-3 py-2 text-sm font-normal"
            />
          </label>
          <label className="flex flex-col gap-1.5 text-sm font-medium">
            Password
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={USER_LIMITS.passwordChars}
              className="rounded-md border border-border-strong bg-surface px-3 py-2 text-sm font-normal"
            />
          </label>
          <p role="alert" aria-live="assertive" className="min-h-5 text-sm text-danger-text">
            {error}
          </p>
          <Button type="submit" disabled={pending || !hydrated}>
            {pending ? "Signing in…" : "Sign in"}
          </Button>
        </form>
        {github || oidc ? (
          <div className="flex flex-col gap-2 border-t border-border pt-4">
            {github ? (
              <Button variant="secondary" onClick={() => void signInWithProvider("github", callbackUrl)}>
                Sign in with GitHub
              </Button>
            ) : null}
            {oidc ? (
              <Button variant="secondary" onClick={() => void signInWithProvider("oidc", callbackUrl)}>
                Sign in with {oidc}
              </Button>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
