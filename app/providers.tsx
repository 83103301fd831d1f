"use client";

import { useState, type ReactNode } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import { Tooltip } from "radix-ui";
import { makeQueryClient } from "@/lib/query-client";

/** `nonce`: this response's CSP nonce, for next-themes' inline script that sets the theme before first paint. */
export function Providers({ children, nonce }: { children: ReactNode; nonce: string | undefined }) {
  // One client per browser session (and per request during SSR), never shared between users.
  const [queryClient] = useState(makeQueryClient);

  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      <QueryClientProvider client={queryClient}>
        <Tooltip.Provider delayDuration={300}>{children}</Tooltip.Provider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
