"use client";

import { cloneElement, useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties, type FocusEvent, type KeyboardEvent, type PointerEvent, type ReactElement, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { cn } from "@/lib/utils";

type TriggerProps = {
  "aria-describedby"?: string;
  onPointerEnter?: (event: PointerEvent<HTMLButtonElement>) => void;
  onPointerLeave?: (event: PointerEvent<HTMLButtonElement>) => void;
  onPointerDown?: (event: PointerEvent<HTMLButtonElement>) => void;
  onFocus?: (event: FocusEvent<HTMLButtonElement>) => void;
  onBlur?: (event: FocusEvent<HTMLButtonElement>) => void;
  onKeyDown?: (event: KeyboardEvent<HTMLButtonElement>) => void;
};

export type TooltipProps = {
  /** The hint, e.g. why an action is unavailable. */
  content: ReactNode;
  /** A single button: it gets the hover and focus handlers. */
  children: ReactElement<TriggerProps>;
  side?: "top" | "bottom";
  className?: string;
};

const HOVER_DELAY_MS = 300;
const GAP = 6;
const MARGIN = 8;

/** One hint at a time, as with a shared provider: opening one closes the other. */
let closeOpenTooltip: (() => void) | null = null;

/**
 * A short hint shown on hover (after a moment) and at once on keyboard focus; Escape, leaving or pressing closes it.
 * Plain React, positioned against the viewport so that no scrolling box cuts it off (a few lines instead of a
 * positioning library on every page that has a disabled button).
 *
 * For "why is this disabled" hints, give the button `aria-disabled` rather than `disabled`:
 * a disabled `<button>` can't be focused or hovered, so the hint would never appear.
 * Don't put essential information only in a tooltip (touch users can't open it).
 */
export function Tooltip({ content, children, side = "top", className }: TooltipProps) {
  const id = useId();
  const [anchor, setAnchor] = useState<DOMRect | null>(null);
  // Asked to show (after `delay` ms) over `target`; null when not.
  const [request, setRequest] = useState<{ target: HTMLButtonElement; delay: number } | null>(null);
  const own = children.props;

  const hide = () => {
    setRequest(null);
    setAnchor(null);
  };
  const show = (target: HTMLButtonElement, delay: number) => setRequest({ target, delay });
  useEffect(() => {
    if (!request) return;
    const timer = setTimeout(() => {
      closeOpenTooltip?.();
      closeOpenTooltip = hide;
      setAnchor(request.target.getBoundingClientRect());
    }, request.delay);
    return () => clearTimeout(timer);
  }, [request]);

  const trigger = cloneElement(children, {
    // A trigger that describes itself already (GuardedButton) keeps its own description.
    "aria-describedby": own["aria-describedby"] ?? (anchor ? id : undefined),
    onPointerEnter: (event) => {
      own.onPointerEnter?.(event);
      if (event.pointerType !== "touch") show(event.currentTarget, HOVER_DELAY_MS);
    },
    onPointerLeave: (event) => {
      own.onPointerLeave?.(event);
      hide();
    },
    onPointerDown: (event) => {
      own.onPointerDown?.(event);
      hide();
    },
    onFocus: (event) => {
      own.onFocus?.(event);
      show(event.currentTarget, 0);
    },
    onBlur: (event) => {
      own.onBlur?.(event);
      hide();
    },
    onKeyDown: (event) => {
      own.onKeyDown?.(event);
      if (event.key === "Escape") hide();
    },
  });

  return (
    <>
      {trigger}
      {anchor
        ? createPortal(
            <TooltipBubble id={id} anchor={anchor} side={side} className={className}>
              {content}
            </TooltipBubble>,
            document.body,
          )
        : null}
    </>
  );
}

/** Placed beside `anchor` on `side` (or the other side when there is no room), kept inside the viewport. */
function TooltipBubble({ id, anchor, side, className, children }: { id: string; anchor: DOMRect; side: "top" | "bottom"; className?: string; children: ReactNode }) {
  const bubble = useRef<HTMLDivElement>(null);
  const [style, setStyle] = useState<CSSProperties>({ visibility: "hidden", top: 0, left: 0 });
  useLayoutEffect(() => {
    const element = bubble.current;
    if (!element) return;
    const { width, height } = element.getBoundingClientRect();
    const above = anchor.top - GAP - height;
    const below = anchor.bottom + GAP;
    const top = side === "top" ? (above >= MARGIN ? above : below) : below + height <= window.innerHeight - MARGIN ? below : above;
    const centred = anchor.left + anchor.width / 2 - width / 2;
    const left = Math.max(MARGIN, Math.min(centred, window.innerWidth - MARGIN - width));
    setStyle({ top, left });
  }, [anchor, side]);
  return (
    <div
      ref={bubble}
      id={id}
      role="tooltip"
      style={style}
      className={cn(
        "pointer-events-none fixed z-50 w-max max-w-xs rounded-md bg-foreground px-2.5 py-1.5 text-xs leading-snug font-medium text-canvas shadow-md",
        "animate-fade-in motion-reduce:animate-none",
        className,
      )}
    >
      {children}
    </div>
  );
}
