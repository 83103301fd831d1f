"use client";

import { forwardRef, useId } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";

export type GuardedButtonProps = ButtonProps & {
  /** Why the action is unavailable: the button is then aria-disabled (still focusable) and explains itself. */
  disabledReason?: string | null;
  /** While the action runs: aria-disabled and aria-busy. */
  pending?: boolean;
};

/**
 * A button that, when its action is unavailable, stays focusable, shows the reason as a tooltip on hover
 * and focus, and carries it as its accessible description. The server still decides: this only explains.
 */
export const GuardedButton = forwardRef<HTMLButtonElement, GuardedButtonProps>(function GuardedButton(
  { disabledReason, pending = false, children, ...props },
  ref,
) {
  const reasonId = useId();
  if (disabledReason) {
    return (
      <>
        <Tooltip content={disabledReason}>
          <Button ref={ref} {...props} aria-disabled="true" aria-describedby={reasonId} onClick={undefined}>
            {children}
          </Button>
        </Tooltip>
        <span id={reasonId} className="sr-only">
          {disabledReason}
        </span>
      </>
    );
  }
  return (
    <Button ref={ref} {...props} aria-disabled={pending || props["aria-disabled"] || undefined} aria-busy={pending || undefined}>
      {children}
    </Button>
  );
});
