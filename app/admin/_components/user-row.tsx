"use client";

import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { useAction, type ActionHandle } from "@/components/actions/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { AlertIcon } from "@/components/ui/icons";
import { Tooltip } from "@/components/ui/tooltip";
import { roleLabels, roles } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { changeUserRoleAction, resetUserPasswordAction, setUserDisabledAction } from "@/lib/users/actions";
import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/lib/utils";
import { optionsOf } from "@/components/ui/options";

/** One user, with dates already formatted on the server. */
export interface UserRowData {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  lastSignIn: { iso: string; label: string } | null;
  created: { iso: string; label: string; title: string };
}

type Confirmation = { kind: "role"; role: Role } | { kind: "disable" } | { kind: "reset" };

export function UserRow({ user, isSelf }: { user: UserRowData; isSelf: boolean }) {
  // The list comes back re-rendered with each action's answer (they revalidate /admin).
  const changeRole = useAction(changeUserRoleAction);
  const setDisabled = useAction(setUserDisabledAction);
  const resetPassword = useAction(resetUserPasswordAction);
  const pending = changeRole.pending || setDisabled.pending || resetPassword.pending;
  const [error, setError] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  // A password an admin reset: shown once, here, until dismissed.
  const [oneTimePassword, setOneTimePassword] = useState<string | null>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  // The control the last action started from: focus goes back there when the dialog closes, or when the
  // refreshed list moves this row (disabled users sort last) and the browser drops focus on the way.
  const returnFocusTo = useRef<"role" | "toggle" | null>(null);
  const errorId = `user-${user.id}-error`;

  useEffect(() => {
    if (confirmation || !returnFocusTo.current) return;
    const target = returnFocusTo.current === "role" ? selectRef.current : toggleRef.current;
    // After the dialog has unmounted (Radix restores focus only to a trigger, and this dialog has none).
    const timer = window.setTimeout(() => {
      const active = document.activeElement;
      if (target && (!active || active === document.body)) target.focus();
    }, 0);
    return () => window.clearTimeout(timer);
  }, [confirmation, user.role, user.disabled]);

  /** Runs an action; resolves (never rejects) once its outcome is shown, so the dialog can close. */
  async function run<T>(action: ActionHandle<unknown, T>, input: unknown, onDone?: (data: T) => void): Promise<void> {
    setError(null);
    const outcome = await action.run(input);
    if (outcome.ok) onDone?.(outcome.data);
    else setError(outcome.message);
  }

  function onRoleChange(event: ChangeEvent<HTMLSelectElement>) {
    const next = roles.find((role) => role === event.target.value);
    // The select stays on the current role until the change is confirmed and saved.
    if (!next || next === user.role || pending) return;
    returnFocusTo.current = "role";
    setConfirmation({ kind: "role", role: next });
  }

  function onToggle() {
    if (pending) return;
    returnFocusTo.current = "toggle";
    if (user.disabled) void run(setDisabled, { userId: user.id, disabled: false });
    else setConfirmation({ kind: "disable" });
  }

  function dismissError() {
    setError(null);
    (returnFocusTo.current === "toggle" ? toggleRef.current : selectRef.current)?.focus();
  }

  const from = roleLabels[user.role];
  const dialog =
    confirmation?.kind === "role"
      ? {
          title: `Change ${user.name}’s role from ${from} to ${roleLabels[confirmation.role]}?`,
          description:
            isSelf && user.role === "ADMIN"
              ? "You will no longer be an admin: you lose access to this page as soon as the change is saved."
              : `The new role’s permissions apply from ${user.name}’s next request.`,
          confirmLabel: "Change role",
          tone: isSelf ? ("danger" as const) : ("primary" as const),
          onConfirm: () => run(changeRole, { userId: user.id, role: confirmation.role }),
        }
      : confirmation?.kind === "reset"
        ? {
            title: `Reset ${user.name}’s password?`,
            description: `${user.name} is signed out everywhere. Preflight shows a one-time password once; ${user.name} must choose a new password at the next sign-in.`,
            confirmLabel: "Reset password",
            tone: "danger" as const,
            onConfirm: () => run(resetPassword, { userId: user.id }, (data) => setOneTimePassword(data.password)),
          }
        : {
          title: `Disable ${user.name}?`,
          description: `${user.name} will be signed out on their next request and cannot sign in. You can enable the account again later.`,
          confirmLabel: "Disable user",
          tone: "danger" as const,
          onConfirm: () => run(setDisabled, { userId: user.id, disabled: true }),
        };

  const toggleLabel = user.disabled ? (pending ? "Enabling…" : "Enable") : pending ? "Disabling…" : "Disable";
  const toggle = (
    <Button
      ref={toggleRef}
      variant="secondary"
      size="sm"
      onClick={onToggle}
      aria-disabled={isSelf || pending || undefined}
      aria-describedby={error ? errorId : undefined}
      className="min-w-[5.5rem]"
    >
      {toggleLabel}
      <span className="sr-only"> {user.name}</span>
    </Button>
  );

  return (
    <>
      <tr aria-busy={pending || undefined} className={cn(!error && "border-b border-border last:border-0")}>
        <th scope="row" className="px-5 py-3 text-left font-medium">
          <div className="flex min-w-0 items-center gap-2">
            <span className={cn("min-w-0 truncate", user.disabled && "text-muted")} title={user.name}>
              {user.name}
            </span>
            {isSelf ? <Badge tone="info">You</Badge> : null}
          </div>
        </th>
        <td className="py-3 pr-4">
          <span className="block truncate text-muted" title={user.email}>
            {user.email}
          </span>
        </td>
        <td className="py-3 pr-4">
          <select
            ref={selectRef}
            aria-label={`Role of ${user.name}`}
            aria-describedby={error ? errorId : undefined}
            aria-disabled={pending || undefined}
            value={user.role}
            onChange={onRoleChange}
            className={cn(
              "h-8 w-40 cursor-pointer rounded-md border border-border-strong bg-surface px-2 text-sm text-foreground shadow-xs hover:bg-surface-muted",
              pending && "cursor-wait text-muted",
            )}
          >
            {optionsOf(roles, (role) => role, (role) => roleLabels[role])}
          </select>
        </td>
        <td className="py-3 pr-4">
          {user.disabled ? (
            <Badge tone="neutral" dot>
              Disabled
            </Badge>
          ) : (
            <Badge tone="success" dot>
              Active
            </Badge>
          )}
        </td>
        <td className="py-3 pr-4 whitespace-nowrap text-muted">
          {user.lastSignIn ? <time dateTime={user.lastSignIn.iso}>{user.lastSignIn.label}</time> : "Never"}
        </td>
        <td className="py-3 pr-4 whitespace-nowrap text-muted">
          <time dateTime={user.created.iso} title={user.created.title}>
            {user.created.label}
          </time>
        </td>
        <td className="py-3 pr-5 text-right">
          <div className="flex justify-end gap-2">
            {isSelf ? null : (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => {
                  if (pending) return;
                  returnFocusTo.current = "toggle";
                  setConfirmation({ kind: "reset" });
                }}
                aria-disabled={pending || undefined}
              >
                Reset password<span className="sr-only"> of {user.name}</span>
              </Button>
            )}
            {isSelf ? <Tooltip content="You cannot disable your own account">{toggle}</Tooltip> : toggle}
          </div>
          <ConfirmDialog
            open={confirmation !== null}
            onOpenChange={(open) => {
              if (!open) setConfirmation(null);
            }}
            title={dialog.title}
            description={dialog.description}
            confirmLabel={dialog.confirmLabel}
            tone={dialog.tone}
            onConfirm={dialog.onConfirm}
          />
        </td>
      </tr>
      {oneTimePassword ? (
        <tr className="border-b border-border last:border-0">
          <td colSpan={7} className="px-5 pb-3">
            <div role="status" className="flex flex-wrap items-center gap-2 rounded-md border border-success/25 bg-success-soft p-3 text-sm">
              <p className="text-foreground">
                Give this one-time password to <strong className="font-semibold">{user.email}</strong>; it will not be shown again.
              </p>
              <code className="rounded-md border border-border bg-surface px-3 py-1.5 font-mono text-sm tracking-wide break-all select-all">{oneTimePassword}</code>
              <CopyButton text={oneTimePassword} label={`one-time password for ${user.email}`} />
              <Button variant="secondary" size="sm" className="sm:ml-auto" onClick={() => setOneTimePassword(null)}>
                Done, I have handed it over
              </Button>
            </div>
          </td>
        </tr>
      ) : null}
      {error ? (
        <tr className="border-b border-border last:border-0">
          <td colSpan={7} className="px-5 pb-3">
            <div
              role="alert"
              id={errorId}
              className="flex items-start gap-2 rounded-md border border-danger/25 bg-danger-soft py-1.5 pr-1.5 pl-3 text-sm text-danger-text"
            >
              <AlertIcon />
              <p className="flex-1 py-0.5">
                <span className="sr-only">{user.name}: </span>
                {error}
              </p>
              <Button variant="ghost" size="sm" onClick={dismissError} className="h-7 text-danger-text">
                Dismiss
              </Button>
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}
