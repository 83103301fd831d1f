"use client";

// A settings card's form state around its actions: the fields' errors and one status line that says what the
// last action did or why it did not. The set-up page's variables, secrets and notification channels share it.
import { useState } from "react";
import { cn } from "@/lib/utils";
import { failureText, type Failure, type Outcome } from "./use-action";

export type StatusMessage = { tone: "ok" | "error"; text: string } | null;

export function useStatusForm() {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<StatusMessage>(null);
  return {
    errors,
    message,
    /** A refused save: its field errors on the fields, and the line says to look at them (or why it failed). */
    refused(failure: Failure) {
      setErrors(failure.fieldErrors ?? {});
      setMessage({ tone: "error", text: failure.code === "invalid" && failure.fieldErrors ? "Check the highlighted fields." : failure.message });
    },
    /** A save that worked: the errors go, the line says what was done. */
    saved(text: string) {
      setErrors({});
      setMessage({ tone: "ok", text });
    },
    /** Any other action's outcome on the line: `done` when it worked, why when it did not. True when it worked. */
    report(outcome: Outcome<unknown>, done: string): boolean {
      setMessage(outcome.ok ? { tone: "ok", text: done } : { tone: "error", text: failureText(outcome) });
      return outcome.ok;
    },
  };
}

/** The status line beside a form's button: announced to screen readers, red for a failure. */
export function StatusLine({ message }: { message: StatusMessage }) {
  return (
    <span role="status" className={cn("text-sm font-medium", message?.tone === "error" ? "text-danger-text" : "text-success-text")}>
      {message?.text}
    </span>
  );
}
