"use client";

import { useId, useState, type FormEvent, type ReactElement, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { AlertIcon, borderFor, textareaClasses } from "@/components/templates/form-controls";
import { cn } from "@/lib/utils";

export interface ReasonField {
  label: string;
  required: boolean;
  placeholder?: string;
  hint?: string;
  maxLength?: number;
  rows?: number;
  /** Shown when a required field is left empty. */
  missingMessage?: string;
}

export interface ReasonDialogProps {
  /** The element that opens the dialog (a Button). */
  trigger: ReactElement;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** The button that closes without doing anything (default "Cancel"; say "Keep it running" where "Cancel" would be ambiguous). */
  cancelLabel?: string;
  tone?: "primary" | "danger";
  /** The free-text field (reason, comment); omit for a plain confirmation. */
  field?: ReasonField;
  /** Extra content between the description and the field (e.g. an approval step's instructions). */
  children?: ReactNode;
  /** Runs on confirm with the trimmed text. Return an error message to keep the dialog open and show it; null closes it. */
  onConfirm: (text: string) => Promise<string | null>;
}

/**
 * A confirmation dialog with an optional (or required) reason: Cancel first, so Enter in the field never
 * confirms by accident; errors stay inside the dialog.
 */
export function ReasonDialog({ trigger, title, description, confirmLabel, cancelLabel = "Cancel", tone = "primary", field, children, onConfirm }: ReasonDialogProps) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const id = useId();

  function change(next: boolean) {
    if (pending) return;
    setError(null);
    setFieldError(null);
    setOpen(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const text = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
    if (field?.required && !text) {
      setFieldError(field.missingMessage ?? "Give a reason.");
      return;
    }
    setPending(true);
    setError(null);
    setFieldError(null);
    try {
      const problem = await onConfirm(text);
      if (problem) setError(problem);
      else setOpen(false);
    } finally {
      setPending(false);
    }
  }

  const fieldId = `${id}-field`;
  const describedBy = [fieldError ? `${id}-field-error` : null, field?.hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="sm:max-w-lg">
        <form onSubmit={(event) => void submit(event)} noValidate className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle className="[overflow-wrap:anywhere]">{title}</DialogTitle>
            <DialogDescription asChild={typeof description !== "string"} className="[overflow-wrap:anywhere]">
              {typeof description === "string" ? description : <div>{description}</div>}
            </DialogDescription>
          </DialogHeader>
          {children}
          {field ? (
            <div className="flex flex-col gap-1.5">
              <label htmlFor={fieldId} className="text-sm font-medium">
                {field.label}
                {field.required ? null : <span className="font-normal text-muted"> (optional)</span>}
              </label>
              <textarea
                id={fieldId}
                name="reason"
                rows={field.rows ?? 3}
                maxLength={field.maxLength ?? 500}
                required={field.required}
                placeholder={field.placeholder}
                aria-invalid={fieldError ? true : undefined}
                aria-describedby={describedBy}
                className={cn(textareaClasses, borderFor(!!fieldError), "resize-y")}
              />
              {field.hint ? (
                <p id={`${id}-hint`} className="text-xs text-muted">
                  {field.hint}
                </p>
              ) : null}
              {fieldError ? (
                <p id={`${id}-field-error`} className="text-sm text-danger-text">
                  {fieldError}
                </p>
              ) : null}
            </div>
          ) : null}
          {error ? (
            <p role="alert" className="flex gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text">
              <AlertIcon />
              <span className="min-w-0 [overflow-wrap:anywhere]">{error}</span>
            </p>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={pending}>
                {cancelLabel}
              </Button>
            </DialogClose>
            <Button type="submit" variant={tone} aria-disabled={pending || undefined} aria-busy={pending || undefined}>
              {pending ? "Working…" : confirmLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
