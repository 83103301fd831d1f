// next-auth puts an error code (or, for a thrown error, its message) in the sign-in page's URL. The page
// shows one of a few fixed sentences chosen by a known code and never echoes the parameter itself.

export const signInErrorMessages = {
  credentials: "Invalid email or password",
  denied: "This account cannot sign in here. Ask an admin for access.",
  provider: "Sign-in with your provider did not complete. Try again, or ask an admin.",
  session: "Sign in to continue.",
  other: "Sign-in failed. Check your details or ask an admin for access.",
  network: "Could not reach Preflight. Check your connection and try again.",
} as const;

const byCode: Record<string, keyof typeof signInErrorMessages> = {
  CredentialsSignin: "credentials",
  AccessDenied: "denied",
  Verification: "denied",
  OAuthSignin: "provider",
  OAuthCallback: "provider",
  OAuthCreateAccount: "provider",
  OAuthAccountNotLinked: "provider",
  Callback: "provider",
  SessionRequired: "session",
};

/** The sentence for next-auth's `error` parameter, or null when there is none. */
export function signInErrorMessage(code: string | string[] | null | undefined): string | null {
  if (code === null || code === undefined || code === "") return null;
  const key = typeof code === "string" ? byCode[code] : undefined;
  return signInErrorMessages[key ?? "other"];
}
