import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell/app-shell";
import { Providers } from "@/app/providers";
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
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#14171f" },
  ],
};

export default async function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  const user = await getCurrentUser();
  return (
    <html lang="en" className={inter.variable}>
      <body>
        <AppShell user={user}>{user ? <Providers>{children}</Providers> : children}</AppShell>
      </body>
    </html>
  );
}
