"use client";

import { cloneElement, isValidElement, type ComponentProps, type MouseEvent, type MouseEventHandler } from "react";
import { cn } from "@/lib/utils";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "sm" | "md" | "lg" | "icon";

const variantClasses: Record<ButtonVariant, string> = {
  primary: "bg-primary text-on-primary shadow-sm hover:bg-primary-hover",
  secondary: "border border-border-strong bg-surface text-foreground shadow-sm hover:bg-surface-muted",
  ghost: "text-foreground hover:bg-surface-muted",
  danger: "bg-danger text-on-danger shadow-sm hover:bg-danger-hover",
};

const sizeClasses: Record<ButtonSize, string> = {
  sm: "h-8 gap-1.5 px-3 text-sm",
  md: "h-9 gap-2 px-4 text-sm",
  lg: "h-11 gap-2 px-5 text-base",
  icon: "size-9",
};

// Disabled buttons get muted colours rather than opacity: an `aria-disabled` button stays
// focusable, and opacity would fade its focus ring too.
const disabledClasses: Record<ButtonVariant, string> = {
  primary: "bg-surface-muted text-muted/80",
  secondary: "border border-border bg-surface-muted text-muted/80",
  ghost: "text-muted/80",
  danger: "bg-surface-muted text-muted/80",
};

export function buttonClasses({
  variant = "primary",
  size = "md",
  disabled = false,
  className,
}: { variant?: ButtonVariant; size?: ButtonSize; disabled?: boolean; className?: string } = {}): string {
  return cn(
    "inline-flex shrink-0 items-center justify-center rounded-md font-medium whitespace-nowrap transition-colors select-none",
    "[&_svg]:pointer-events-none [&_svg]:size-4 [&_svg]:shrink-0",
    sizeClasses[size],
    disabled ? ["cursor-not-allowed", disabledClasses[variant]] : ["cursor-pointer", variantClasses[variant]],
    className,
  );
}

export type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Render the single child (e.g. a Next `<Link>`) with button styles instead of a `<button>`. */
  asChild?: boolean;
};

/**
 * A button. Defaults to `type="button"` so it never submits a form by accident.
 *
 * For an action that is unavailable *and needs an explanation*, pass `aria-disabled` instead of
 * `disabled` and wrap it in `<Tooltip>`: it stays focusable (so keyboard users reach the hint)
 * while clicks are swallowed.
 */
export function Button({
  variant,
  size,
  asChild = false,
  className,
  type,
  onClick,
  children,
  ...props
}: ButtonProps) {
  const ariaDisabled = props["aria-disabled"] === true || props["aria-disabled"] === "true";
  const classes = buttonClasses({ variant, size, disabled: ariaDisabled || props.disabled === true, className });
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    if (ariaDisabled) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };

  // The child (a link) gets the button's props under its own, its classes after the button's, and its click
  // handler before the button's.
  if (asChild) {
    if (!isValidElement<{ className?: string; onClick?: MouseEventHandler<HTMLButtonElement> }>(children)) return null;
    const own = children.props;
    return cloneElement(children, {
      ...props,
      ...own,
      className: cn(classes, own.className),
      onClick: (event: MouseEvent<HTMLButtonElement>) => {
        own.onClick?.(event);
        handleClick(event);
      },
    });
  }

  return (
    <button type={type ?? "button"} className={classes} onClick={handleClick} {...props}>
      {children}
    </button>
  );
}
