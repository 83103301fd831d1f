import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/errors";
import { getCurrentUser } from "@/lib/auth/session";
import { enabledProviders } from "@/lib/auth/config";
import { getWebEnv } from "@/lib/env";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

interface LoginPageProps {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  if (await getCurrentUser()) redirect(safeCallbackPath(callbackUrl));
  const providers = enabledProviders(getWebEnv());
  return (
    <div className="mx-auto flex max-w-sm flex-col gap-6 pt-8">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to Preflight</h1>
        <p className="text-sm text-muted">Use the account your Preflight admin gave you.</p>
      </div>
      <SignInForm
        callbackUrl={safeCallbackPath(callbackUrl)}
        initialError={signInErrorMessage(params.error)}
        github={providers.github}
        oidc={providers.oidc}
      />
    </div>
  );
}
