import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { parseAuthEnv, enabledProviders } from "@/lib/auth/config";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

interface LoginPageProps {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}

// Only same-site paths: an absolute callback URL could send the user to another site after sign-in.
function safeCallback(url: string | undefined): string {
  if (!url) return "/";
  try {
    const parsed = new URL(url, "http://preflight.invalid");
    return parsed.origin === "http://preflight.invalid" ? `${parsed.pathname}${parsed.search}` : new URL(url).pathname;
  } catch {
    return "/";
  }
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { callbackUrl, error } = await searchParams;
  if (await getCurrentUser()) redirect(safeCallback(callbackUrl));
  const parsed = parseAuthEnv(process.env);
  const providers = parsed.ok ? enabledProviders(parsed.env) : { github: false, oidc: false };
  return (
    <div className="mx-auto flex max-w-sm flex-col gap-6 pt-8">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to Preflight</h1>
        <p className="text-sm text-muted">Use the account your Preflight admin gave you.</p>
      </div>
      <SignInForm
        callbackUrl={safeCallback(callbackUrl)}
        initialError={error ? "Sign-in failed. Check your details or ask an admin for access." : null}
        github={providers.github}
        oidc={providers.oidc ? (process.env.OIDC_NAME ?? "Single sign-on") : null}
      />
    </div>
  );
}
