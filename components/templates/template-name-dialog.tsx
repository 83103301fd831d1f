"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent, type ReactElement } from "react";
import { useAction } from "@/components/actions/use-action";
import { Dialog, DialogActions, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { InputField, TextareaField } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/define-action";
import { TEMPLATE_LIMITS } from "@/lib/templates/limit-values";

export interface TemplateNameDialogProps {
  trigger: ReactElement;
  title: string;
  description: string;
  submitLabel: string;
  pendingLabel: string;
  defaultName?: string;
  /** Also ask for a description. */
  withDescription?: boolean;
  submit: (input: { name: string; description: string }) => Promise<ActionResult<{ id: string }>>;
  /** Where to go with the new template's id. */
  destination: (id: string) => string;
}

/** A small dialog asking for a template name (and description), used by "New template" and "Duplicate". */
export function TemplateNameDialog({
  trigger,
  title,
  description,
  submitLabel,
  pendingLabel,
  defaultName = "",
  withDescription = false,
  submit,
  destination,
}: TemplateNameDialogProps) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const action = useAction(submit);
  // Pending until the template's page has loaded, not only until the action answered.
  const [navigating, startTransition] = useTransition();
  const pending = action.pending || navigating;
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);

  function onOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (!next) {
      setFieldErrors({});
      setMessage(null);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    setMessage(null);
    const result = await action.run({ name: String(data.get("name") ?? ""), description: String(data.get("description") ?? "") });
    if (result.ok) {
      startTransition(() => router.push(destination(result.data.id)));
      return;
    }
    const errors = result.fieldErrors ?? {};
    setFieldErrors(errors);
    setMessage(errors.name || errors.description ? null : result.message);
    if (errors.name) document.getElementById(`${id}-name`)?.focus();
    else if (errors.description) document.getElementById(`${id}-description`)?.focus();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form onSubmit={(event) => void onSubmit(event)} noValidate className="flex flex-col gap-4">
          <InputField
            id={`${id}-name`} label="Name" errors={fieldErrors.name} name="name" type="text" autoComplete="off" required
            maxLength={TEMPLATE_LIMITS.nameChars} defaultValue={defaultName}
            onChange={() => fieldErrors.name && setFieldErrors(({ name: _name, ...rest }) => rest)}
          />
          {withDescription ? (
            <TextareaField
              id={`${id}-description`} label="Description" optional errors={fieldErrors.description} name="description" rows={3}
              maxLength={TEMPLATE_LIMITS.descriptionChars}
            />
          ) : null}
          <p role="alert" className="text-sm text-danger-text empty:hidden">
            {message}
          </p>
          <DialogActions type="submit" confirmLabel={submitLabel} pendingLabel={pendingLabel} pending={pending} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
