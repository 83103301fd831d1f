"use client";

import { useState, type ReactNode } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { makeQueryClient } from "@/lib/query-client";

/** The query cache of a signed-in user's pages (the sign-in page has no data to cache, and loads none of this). */
export function Providers({ children }: { children: ReactNode }) {
  // One client per browser session (and per request during SSR), never shared between users.
  const [queryClient] = useState(makeQueryClient);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
