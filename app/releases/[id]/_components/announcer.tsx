"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { CloseIcon } from "@/components/ui/icons";
import { cn } from "@/lib/utils";

export type AnnouncementTone = "success" | "error" | "info";

interface Announcement {
  id: number;
  message: string;
  tone: AnnouncementTone;
}

interface AnnouncerValue {
  /**
   * Tells the user what happened. Errors and notices are shown (and stay until dismissed or replaced);
   * confirmations of what the user just did are only announced to screen readers, since the page
   * itself already shows the change.
   */
  announce: (message: string, tone?: AnnouncementTone) => void;
}

const AnnouncerContext = createContext<AnnouncerValue>({ announce: () => undefined });

export function useAnnouncer(): AnnouncerValue {
  return useContext(AnnouncerContext);
}

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [visible, setVisible] = useState<Announcement | null>(null);
  const [spoken, setSpoken] = useState("");
  const counter = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const announce = useCallback((message: string, tone: AnnouncementTone = "success") => {
    counter.current += 1;
    if (tone === "success") {
      // Re-announce the same text: alternate a zero-width space so the live region changes.
      setSpoken(counter.current % 2 === 0 ? message : `${message}\u200b`);
      return;
    }
    setSpoken("");
    setVisible({ id: counter.current, message, tone });
    if (timer.current) clearTimeout(timer.current);
    // Notices fade after a while; errors stay until dismissed or replaced.
    if (tone === "info") timer.current = setTimeout(() => setVisible(null), 10_000);
  }, []);

  const value = useMemo(() => ({ announce }), [announce]);

  return (
    <AnnouncerContext.Provider value={value}>
      {children}
      <div role="status" aria-live="polite" className="sr-only">
        {spoken}
      </div>
      <div
        role="status"
        aria-live="polite"
        aria-atomic="true"
        data-testid="release-status-region"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-40 flex justify-center px-4 pb-4"
      >
        {visible ? (
          <div
            key={visible.id}
            className={cn(
              "pointer-events-auto flex w-full max-w-xl items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg animate-dialog-in motion-reduce:animate-none",
              visible.tone === "error" ? "border-danger/30 bg-danger-soft text-danger-text" : "border-info/25 bg-info-soft text-info-text",
            )}
          >
            <p className="min-w-0 flex-1 [overflow-wrap:anywhere]">
              <span className="sr-only">{visible.tone === "error" ? "Error: " : "Notice: "}</span>
              {visible.message}
            </p>
            <button
              type="button"
              onClick={() => setVisible(null)}
              aria-label="Dismiss message"
              className="-my-1 -mr-2 inline-flex size-7 shrink-0 cursor-pointer items-center justify-center rounded-md hover:bg-surface/60 [&_svg]:size-4"
            >
              <CloseIcon />
            </button>
          </div>
        ) : null}
      </div>
    </AnnouncerContext.Provider>
  );
}
