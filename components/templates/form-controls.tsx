import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export const inputClasses =
  "h-9 w-full min-w-0 rounded-md border bg-surface px-3 text-sm text-foreground shadow-xs placeholder:text-muted/80";
export const textareaClasses =
  "block w-full min-w-0 rounded-md border bg-surface px-3 py-2 text-sm leading-relaxed text-foreground shadow-xs placeholder:text-muted/80";
export const selectClasses = cn(inputClasses, "cursor-pointer px-2");

export function borderFor(invalid: boolean): string {
  return invalid ? "border-danger" : "border-border-strong";
}

export interface FieldProps {
  id: string;
  label: ReactNode;
  optional?: boolean;
  hint?: ReactNode;
  errors?: string[];
  /** Hide the label visually (it stays the control's accessible name). */
  labelHidden?: boolean;
  className?: string;
  children: (props: { "aria-describedby": string | undefined; "aria-invalid": true | undefined }) => ReactNode;
}

/** A label, its control, an optional hint and the field's error messages, wired with aria-describedby. */
export function Field({ id, label, optional = false, hint, errors, labelHidden = false, className, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex min-w-0 flex-col gap-1.5", className)}>
      <label htmlFor={id} className={cn("text-sm font-medium", labelHidden && "sr-only")}>
        {label}
        {optional ? <span className="font-normal text-muted"> (optional)</span> : null}
      </label>
      {children({ "aria-describedby": describedBy, "aria-invalid": errorId ? true : undefined })}
      {hint ? (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="text-sm text-danger-text">
          {errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function AlertIcon({ className }: { className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      className={cn("mt-0.5 size-4 shrink-0", className)}
    >
      <circle cx="12" cy="12" r="10" />
      <path d="M12 8v4M12 16h.01" />
    </svg>
  );
}

/** What to show when a page needs `template.manage`. */
export function TemplatesForbidden({ reason, backHref = "/templates" }: { reason: string; backHref?: string }) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <p className="text-sm font-semibold text-link">403</p>
      <h1 className="text-2xl font-semibold tracking-tight">{reason}</h1>
      <p className="text-muted">Creating, importing and editing checklist templates is for admins. You can still view and export them.</p>
      <Button asChild className="mt-2">
        <Link href={backHref}>Back to templates</Link>
      </Button>
    </div>
  );
}
