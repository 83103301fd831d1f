"use client";

import { useId, type ReactNode } from "react";
import { TextareaField } from "@/components/ui/field";
import { FormDialog, type DialogTriggerElement } from "@/components/ui/form-dialog";
import { DEPLOY_LIMITS } from "@/lib/deploys/limits";

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
  trigger: DialogTriggerElement;
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

const reasonOf = (data: FormData) => String(data.get("reason") ?? "").trim();

/** A confirmation dialog (a FormDialog) with an optional, or required, free-text reason. */
export function ReasonDialog({ trigger, title, description, confirmLabel, cancelLabel, tone, field, children, onConfirm }: ReasonDialogProps) {
  const fieldId = `${useId()}-field`;
  return (
    <FormDialog
      trigger={trigger}
      title={title}
      description={description}
      confirmLabel={confirmLabel}
      cancelLabel={cancelLabel}
      tone={tone}
      validate={(data) => (field?.required && !reasonOf(data) ? { reason: [field.missingMessage ?? "Give a reason."] } : null)}
      onSubmit={(data) => onConfirm(reasonOf(data))}
    >
      {(errors) => (
        <>
          {children}
          {field ? (
            <TextareaField
              id={fieldId} label={field.label} optional={!field.required} hint={field.hint} errors={errors.reason} name="reason"
              rows={field.rows ?? 3} maxLength={field.maxLength ?? DEPLOY_LIMITS.reasonChars} required={field.required}
              placeholder={field.placeholder} textareaClassName="resize-y"
            />
          ) : null}
        </>
      )}
    </FormDialog>
  );
}
