"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { AlertIcon, borderFor, inputClasses, textareaClasses } from "@/components/templates/form-controls";
import { cn } from "@/lib/utils";
import { failureMessage } from "./release-data";

export interface FormDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  /** The button that closes the dialog without doing anything. */
  cancelLabel?: string;
  tone?: Extract<ButtonVariant, "primary" | "danger">;
  /**
   * Runs on submit with the form's data. Resolve to close the dialog; throw (an ActionFailure) to keep it
   * open and show the message. Return a map of field errors to show them under the fields instead.
   */
  onSubmit: (data: FormData) => Promise<void | Record<string, string[]>> | void | Record<string, string[]>;
  /** The fields; receives the current field errors. */
  children?: (errors: Record<string, string[]>) => ReactNode;
  /** Where focus goes when the dialog closes (default: back to what opened it). */
  onCloseAutoFocus?: (event: Event) => void;
  className?: string;
}

/** A modal form: title, explanation, fields, Cancel and a confirm button; errors stay inside it. */
export function FormDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel = "Cancel",
  tone = "primary",
  onSubmit,
  children,
  onCloseAutoFocus,
  className,
}: FormDialogProps) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const messageId = useId();

  function change(next: boolean) {
    if (pending) return;
    if (!next) {
      setMessage(null);
      setErrors({});
    }
    onOpenChange(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    setPending(true);
    setMessage(null);
    try {
      const fieldErrors = await onSubmit(data);
      if (fieldErrors && Object.keys(fieldErrors).length > 0) {
        setErrors(fieldErrors);
        return;
      }
      setErrors({});
      setPending(false);
      onOpenChange(false);
    } catch (error) {
      const fieldErrors = (error as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {};
      setErrors(fieldErrors);
      setMessage(failureMessage(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogContent className={cn("sm:max-w-lg", className)} onCloseAutoFocus={onCloseAutoFocus}>
        <form onSubmit={(event) => void submit(event)} noValidate className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle className="[overflow-wrap:anywhere]">{title}</DialogTitle>
            {description ? (
              <DialogDescription asChild={typeof description !== "string"} className="[overflow-wrap:anywhere]">
                {typeof description === "string" ? description : <div>{description}</div>}
              </DialogDescription>
            ) : (
              <DialogDescription className="sr-only">{title}</DialogDescription>
            )}
          </DialogHeader>
          {children?.(errors)}
          {message ? (
            <p id={messageId} role="alert" className="flex gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text">
              <AlertIcon />
              <span className="min-w-0 [overflow-wrap:anywhere]">{message}</span>
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

export interface TextAreaFieldProps {
  name: string;
  label: string;
  errors?: string[];
  required?: boolean;
  maxLength: number;
  defaultValue?: string;
  placeholder?: string;
  hint?: string;
  rows?: number;
  autoFocus?: boolean;
}

/** A labelled textarea with a live character count and its errors. */
export function TextAreaField({ name, label, errors, required = false, maxLength, defaultValue = "", placeholder, hint, rows = 4, autoFocus }: TextAreaFieldProps) {
  const id = useId();
  const [length, setLength] = useState(defaultValue.length);
  const invalid = (errors?.length ?? 0) > 0;
  const describedBy = [invalid ? `${id}-error` : null, `${id}-count`, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
        {required ? null : <span className="font-normal text-muted"> (optional)</span>}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        maxLength={maxLength}
        required={required}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoFocus={autoFocus}
        onChange={(event) => setLength(event.currentTarget.value.length)}
        className={cn(textareaClasses, borderFor(invalid), "resize-y")}
      />
      <div className="flex items-start justify-between gap-3 text-xs text-muted">
        <span id={hint ? `${id}-hint` : undefined}>{hint}</span>
        <span id={`${id}-count`} className="shrink-0 tabular-nums">
          {length.toLocaleString("en-GB")} / {maxLength.toLocaleString("en-GB")}
        </span>
      </div>
      {invalid ? (
        <p id={`${id}-error`} className="text-sm text-danger-text">
          {errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export interface TextFieldProps {
  name: string;
  label: string;
  errors?: string[];
  required?: boolean;
  maxLength: number;
  defaultValue?: string;
  placeholder?: string;
  type?: "text" | "url" | "date";
}

/** A labelled one-line input and its errors. */
export function TextField({ name, label, errors, required = false, maxLength, defaultValue = "", placeholder, type = "text" }: TextFieldProps) {
  const id = useId();
  const invalid = (errors?.length ?? 0) > 0;
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
        {required ? null : <span className="font-normal text-muted"> (optional)</span>}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        maxLength={maxLength}
        required={required}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        className={cn(inputClasses, borderFor(invalid))}
      />
      {invalid ? (
        <p id={`${id}-error`} className="text-sm text-danger-text">
          {errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
