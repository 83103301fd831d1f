// The browser's side of next-auth's endpoints: a CSRF token, then a form POST (what next-auth/react's signIn and
// signOut do, without shipping that library and its Babel runtime to every page).

async function post(path: string, fields: Record<string, string>): Promise<{ ok: boolean; url: string | null }> {
  const csrf = (await (await fetch("/api/auth/csrf", { headers: { Accept: "application/json" } })).json()) as { csrfToken: string };
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken: csrf.csrfToken, json: "true" }),
  });
  const data = (await response.json().catch(() => ({}))) as { url?: string };
  return { ok: response.ok, url: data.url ?? null };
}

/** Signs in with email and password; resolves with whether it worked (why not is never told apart). */
export async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<boolean> {
  const { ok, url } = await post("/api/auth/callback/credentials", { email, password, callbackUrl });
  return ok && url !== null && !new URL(url, window.location.href).searchParams.has("error");
}

/** Starts a sign-in with an OAuth or OIDC provider: the browser goes to the provider's page. */
export async function signInWithProvider(provider: "github" | "oidc", callbackUrl: string): Promise<void> {
  const { url } = await post(`/api/auth/signin/${provider}`, { callbackUrl });
  window.location.assign(url ?? "/login");
}

/** Signs out here and goes to `callbackUrl`. */
export async function signOut(callbackUrl: string): Promise<void> {
  const { url } = await post("/api/auth/signout", { callbackUrl });
  window.location.assign(url ?? callbackUrl);
}
