"use client";

import { useState, type ComponentProps, type ReactElement, type ReactNode } from "react";
import { Dialog as DialogPrimitive } from "radix-ui";
import { Button, type ButtonProps } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;

/** Modal panel with backdrop, focus trap and Escape-to-close. Include a DialogTitle. */
export function DialogContent({ className, children, ...props }: ComponentProps<typeof DialogPrimitive.Content>) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-overlay animate-fade-in motion-reduce:animate-none" />
      <DialogPrimitive.Content
        className={cn(
          "fixed top-1/2 left-1/2 z-50 flex max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 flex-col gap-4 overflow-y-auto",
          "rounded-lg border border-border bg-surface p-6 text-foreground shadow-xl",
          "animate-dialog-in motion-reduce:animate-none",
          className,
        )}
        {...props}
      >
        {children}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

export function DialogHeader({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("flex flex-col gap-1.5", className)} {...props} />;
}

export function DialogTitle({ className, ...props }: ComponentProps<typeof DialogPrimitive.Title>) {
  return <DialogPrimitive.Title className={cn("text-lg font-semibold tracking-tight", className)} {...props} />;
}

export function DialogDescription({ className, ...props }: ComponentProps<typeof DialogPrimitive.Description>) {
  return <DialogPrimitive.Description className={cn("text-sm text-muted", className)} {...props} />;
}

type DialogActionsProps = Omit<ButtonProps, "variant" | "children"> & {
  confirmLabel: ReactNode;
  cancelLabel?: string;
  /** What the confirm button says while `pending`. */
  pendingLabel?: string;
  tone?: "primary" | "danger";
  pending: boolean;
};

/**
 * A dialog's footer: Cancel (closes; disabled while pending) and the confirm button, aria-disabled while pending.
 * The rest of the props (onClick, type="submit", aria-busy …) go to the confirm button.
 */
export function DialogActions({ confirmLabel, cancelLabel = "Cancel", pendingLabel = "Working…", tone = "primary", pending, ...props }: DialogActionsProps) {
  return (
    <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
      <DialogPrimitive.Close asChild>
        <Button variant="secondary" disabled={pending}>
          {cancelLabel}
        </Button>
      </DialogPrimitive.Close>
      <Button variant={tone} aria-disabled={pending || undefined} {...props}>
        {pending ? pendingLabel : confirmLabel}
      </Button>
    </div>
  );
}

export type ConfirmDialogProps = {
  /** The element that opens the dialog (usually a `<Button>`). Omit when controlling `open`. */
  trigger?: ReactElement;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** `danger` for destructive or irreversible actions. */
  tone?: "primary" | "danger";
  /**
   * Runs on confirm. The dialog closes when it resolves and stays open if it throws, so
   * handle and show errors in the caller.
   */
  onConfirm: () => void | Promise<void>;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
};

/** A confirmation dialog. Focus starts on Cancel, so Enter never confirms by accident. */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  cancelLabel = "Cancel",
  tone = "primary",
  onConfirm,
  open: openProp,
  onOpenChange,
}: ConfirmDialogProps) {
  const [openState, setOpenState] = useState(false);
  const [pending, setPending] = useState(false);
  const open = openProp ?? openState;
  const setOpen = (next: boolean) => {
    if (openProp === undefined) setOpenState(next);
    onOpenChange?.(next);
  };

  async function confirm() {
    setPending(true);
    try {
      await onConfirm();
      setOpen(false);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={(next) => !pending && setOpen(next)}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription asChild={typeof description !== "string"}>
            {typeof description === "string" ? description : <div>{description}</div>}
          </DialogDescription>
        </DialogHeader>
        <DialogActions confirmLabel={confirmLabel} cancelLabel={cancelLabel} tone={tone} pending={pending} onClick={() => void confirm()} />
      </DialogContent>
    </Dialog>
  );
}
