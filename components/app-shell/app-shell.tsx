import type { ReactNode } from "react";
import { Nav, type NavProps } from "@/components/app-shell/nav";

export const MAIN_CONTENT_ID = "main-content";

/** Page chrome: skip link, top navigation and the main landmark. */
export function AppShell({ children, user }: { children: ReactNode } & NavProps) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href={`#${MAIN_CONTENT_ID}`}
        className="sr-only rounded-md bg-primary text-sm font-medium text-on-primary shadow-lg focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:px-4 focus:py-2"
      >
        Skip to content
      </a>
      <Nav user={user} />
      <main
        id={MAIN_CONTENT_ID}
        tabIndex={-1}
        className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 focus:outline-none sm:px-6"
      >
        {children}
      </main>
    </div>
  );
}
