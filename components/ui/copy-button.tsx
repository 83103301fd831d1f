"use client";

import { useEffect, useRef, useState } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

type CopyState = "idle" | "copied" | "failed";

/** Copies with the async Clipboard API, falling back to a hidden textarea where it is unavailable (plain http). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied or unavailable: try the fallback below.
  }
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.opacity = "0";
  document.body.appendChild(textarea);
  textarea.select();
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  textarea.remove();
  active?.focus();
  return copied;
}

export type CopyButtonProps = Omit<ButtonProps, "onClick" | "children" | "asChild"> & {
  /** The text put on the clipboard. */
  text: string;
  /**
   * What is copied, for the accessible name: "command for Deploy to Production" gives
   * "Copy command for Deploy to Production". Defaults to just "Copy".
   */
  label?: string;
};

/**
 * A "Copy" button. The outcome ("Copied" / "Copy failed") is shown on the button for two seconds
 * and announced through a polite live region.
 */
export function CopyButton({ text, label, variant = "secondary", size = "sm", className, ...props }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  async function copy() {
    const copied = await copyText(text);
    setState(copied ? "copied" : "failed");
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2000);
  }

  const name = label ? `Copy ${label}` : "Copy";
  return (
    <>
      <Button
        variant={variant}
        size={size}
        aria-label={name}
        onClick={() => void copy()}
        className={cn("min-w-[5.5rem]", className)}
        {...props}
      >
        {state === "copied" ? <CheckIcon /> : <CopyIcon />}
        <span>{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}</span>
      </Button>
      <span role="status" aria-live="polite" className="sr-only">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text and copy it yourself" : ""}
      </span>
    </>
  );
}
