"use client";

import dynamic from "next/dynamic";
import { cloneElement, useState, type MouseEventHandler, type ReactElement } from "react";
import type { FormDialogPanelProps } from "./form-dialog-panel";

// The dialog's code loads when a dialog first opens, not with the page: most people open none.
const FormDialogPanel = dynamic(() => import("./form-dialog-panel").then((m) => m.FormDialogPanel), { ssr: false });

export type { FieldErrors, FormDialogOutcome } from "./form-dialog-panel";

/** The element that opens a dialog: a Button (its click opens the dialog). */
export type DialogTriggerElement = ReactElement<{ onClick?: MouseEventHandler<HTMLButtonElement> }>;

export interface FormDialogProps extends Omit<FormDialogPanelProps, "open" | "onOpenChange" | "onCloseAutoFocus"> {
  /** The element that opens the dialog (a Button). Omit when controlling `open`. */
  trigger?: DialogTriggerElement;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Where focus goes when the dialog closes (default: back to the trigger). */
  onCloseAutoFocus?: (event: Event) => void;
}

/**
 * A modal form: title, explanation, fields, Cancel and a confirm button (Cancel first, so Enter in a field never
 * confirms by accident); errors stay inside it, and it cannot be closed while the submit runs. The dialog itself
 * (./form-dialog-panel.tsx) is loaded on first opening and stays mounted after.
 */
export function FormDialog({ trigger, open: openProp, onOpenChange, onCloseAutoFocus, ...panel }: FormDialogProps) {
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  const [triggerElement, setTriggerElement] = useState<HTMLElement | null>(null);

  function setOpen(next: boolean) {
    if (openProp === undefined) setOpenState(next);
    onOpenChange?.(next);
  }

  return (
    <>
      {trigger
        ? cloneElement(trigger, {
            "aria-haspopup": "dialog",
            onClick: (event) => {
              trigger.props.onClick?.(event);
              if (event.defaultPrevented) return;
              setTriggerElement(event.currentTarget);
              setOpen(true);
            },
          } as { onClick: MouseEventHandler<HTMLButtonElement> })
        : null}
      {opened ? (
        <FormDialogPanel
          {...panel}
          open={open}
          onOpenChange={setOpen}
          onCloseAutoFocus={
            onCloseAutoFocus ??
            ((event) => {
              event.preventDefault();
              triggerElement?.focus();
            })
          }
        />
      ) : null}
    </>
  );
}
