"use client";

import { useState, type ReactNode } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import { Tooltip } from "radix-ui";
import { makeQueryClient } from "@/lib/query-client";

/**
 * What every page has, the sign-in page included: the theme and the tooltips' timing. `nonce`: this response's CSP nonce, for
 * next-themes' inline script that sets the theme before first paint.
 */
export function ThemeProviders({ children, nonce }: { children: ReactNode; nonce: string | undefined }) {
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      <Tooltip.Provider delayDuration={300}>{children}</Tooltip.Provider>
    </ThemeProvider>
  );
}

/** The query cache of a signed-in user's pages (the sign-in page has no data to cache, and loads none of this). */
export function Providers({ children }: { children: ReactNode }) {
  // One client per browser session (and per request during SSR), never shared between users.
  const [queryClient] = useState(makeQueryClient);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
