"use client";

// The dialog itself, loaded when a FormDialog first opens (./form-dialog.tsx): Radix Dialog's focus trap, scroll
// lock and portal are not part of the pages that show only the buttons.
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { DialogActions, Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { AlertIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

export type FieldErrors = Record<string, string[]>;

/** What `onSubmit` gives back: nothing (or null, or "") closes the dialog; a message or field errors keep it open and show them. */
export type FormDialogOutcome = void | null | string | FieldErrors;

export interface FormDialogPanelProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** Without one, the title is repeated as a screen-reader-only description. */
  description?: ReactNode;
  confirmLabel: string;
  /** The button that closes the dialog without doing anything (default "Cancel"; say "Keep it running" where "Cancel" would be ambiguous). */
  cancelLabel?: string;
  tone?: "primary" | "danger";
  /**
   * Checked on submit before anything is sent: return field errors to stop there (a message from the last attempt
   * stays). When it passes, its errors are cleared.
   */
  validate?: (data: FormData) => FieldErrors | null;
  /**
   * Runs on submit with the form's data. Resolve to close the dialog; resolve to a message or a map of field errors
   * to keep it open and show them; throw (an Error, optionally with `fieldErrors`) to keep it open and show its message.
   */
  onSubmit: (data: FormData) => Promise<FormDialogOutcome> | FormDialogOutcome;
  /** The fields, between the description and the error message; a function receives the current field errors. */
  children?: ReactNode | ((errors: FieldErrors) => ReactNode);
  /** Where focus goes when the dialog closes. */
  onCloseAutoFocus?: (event: Event) => void;
  className?: string;
}

const hasErrors = (errors: FieldErrors | null | void): errors is FieldErrors => !!errors && Object.keys(errors).length > 0;

/**
 * A modal form: title, explanation, fields, Cancel and a confirm button (Cancel first, so Enter in a field never
 * confirms by accident); errors stay inside it, and it cannot be closed while the submit runs.
 */
export function FormDialogPanel({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel = "Cancel",
  tone = "primary",
  validate,
  onSubmit,
  children,
  onCloseAutoFocus,
  className,
}: FormDialogPanelProps) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const messageId = useId();
  const setOpen = onOpenChange;

  function change(next: boolean) {
    if (pending) return;
    if (!next) {
      setMessage(null);
      setErrors({});
    }
    setOpen(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    if (validate) {
      const problems = validate(data);
      if (hasErrors(problems)) {
        setErrors(problems);
        return;
      }
      setErrors({});
    }
    setPending(true);
    setMessage(null);
    try {
      const outcome = await onSubmit(data);
      if (typeof outcome === "string") {
        if (outcome) {
          setMessage(outcome);
          return;
        }
      } else if (hasErrors(outcome)) {
        setErrors(outcome);
        return;
      }
      setErrors({});
      setPending(false);
      setOpen(false);
    } catch (error) {
      setErrors((error as { fieldErrors?: FieldErrors }).fieldErrors ?? {});
      setMessage(error instanceof Error ? error.message : "Something went wrong and nothing was changed.");
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
          {typeof children === "function" ? children(errors) : children}
          {message ? (
            <p id={messageId} role="alert" className="flex gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-sm text-danger-text">
              <AlertIcon />
              <span className="min-w-0 [overflow-wrap:anywhere]">{message}</span>
            </p>
          ) : null}
          <DialogActions type="submit" confirmLabel={confirmLabel} cancelLabel={cancelLabel} tone={tone} pending={pending} aria-busy={pending || undefined} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
