import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell/app-shell";
import { Providers, ThemeProviders } from "@/app/providers";
import { getCurrentUser } from "@/lib/auth/session";
import "./globals.css";

// Self-hosted from the fontsource package (no network access to Google Fonts at build time).
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  weight: "100 900",
  style: "normal",
  display: "swap",
  variable: "--font-inter",
});

export const metadata: Metadata = {
  title: { template: "%s · Preflight", default: "Preflight" },
  description: "Self-hosted release dashboard: checklists, sign-offs, deploys and history in one place.",
  // app/icon.svg is linked by Next.js itself; the rest is in public/.
  icons: { apple: "/apple-touch-icon.png" },
  manifest: "/site.webmanifest",
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#14171f" },
  ],
};

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  // Read per request, so no page is prerendered at build: each carries the session's user and the response's
  // CSP nonce (proxy.ts), and the runtime environment (lib/env.ts) exists only then.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const user = await getCurrentUser();
  return (
    // next-themes sets the theme class on <html> before React hydrates.
    <html lang="en" className={inter.variable} suppressHydrationWarning>
      <body>
        <ThemeProviders nonce={nonce}>
          <AppShell user={user}>{user ? <Providers>{children}</Providers> : children}</AppShell>
        </ThemeProviders>
      </body>
    </html>
  );
}
