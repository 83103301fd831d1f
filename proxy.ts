// Runs before every page and API route (not static files):
// - security headers, with a Content-Security-Policy whose nonce is fresh for every response (Next.js puts
//   it on its own scripts; see lib/http/security-headers.ts);
// - signed-out visitors are sent to the sign-in page, and a user whose password an admin reset is sent to
//   choose a new one. These are conveniences for pages only: every server action and route handler checks
//   the session and role itself (lib/actions, lib/http).
import { NextResponse, type NextRequest } from "next/server";
import { decodeSessionToken, sessionCookieName, sessionTokenFrom } from "@/lib/auth/session-token";
import { getWebEnv } from "@/lib/env";
import { baseSecurityHeaders, contentSecurityPolicy, createNonce } from "@/lib/http/security-headers";

// /api/v1 is the REST API: it authenticates every request with an API token itself (lib/api/endpoint.ts);
// /api-reference documents it (no data). /api/webhooks/* are checked by their signature or token
// (lib/integrations). /ofrep/v1 is OFREP: a project token with flags:read, checked by lib/flags/ofrep.ts.
const PUBLIC_PATHS = [/^\/login(\/|$)/, /^\/api\/auth(\/|$)/, /^\/api\/health$/, /^\/api\/v1(\/|$)/, /^\/ofrep\/v1\//, /^\/api\/webhooks\//, /^\/api-reference$/];
const CHANGE_PASSWORD_PATH = "/account/password";

function isHttps(request: NextRequest): boolean {
  return request.nextUrl.protocol === "https:" || (getWebEnv().NEXTAUTH_URL ?? "").startsWith("https:");
}

export async function proxy(request: NextRequest) {
  const https = isHttps(request);
  const nonce = createNonce();
  const csp = contentSecurityPolicy({ nonce, https, dev: getWebEnv().NODE_ENV !== "production" });
  const { pathname } = request.nextUrl;

  let response: NextResponse;
  if (PUBLIC_PATHS.some((pattern) => pattern.test(pathname))) {
    response = pass(request, csp, nonce);
  } else {
    // The same cookie choice and decryption as the server's getCurrentUser (lib/auth/session-token.ts), so the
    // two never disagree about who is signed in.
    const value = sessionTokenFrom(request.cookies.getAll(), sessionCookieName(getWebEnv().NEXTAUTH_URL));
    const token = value ? decodeSessionToken(value, getWebEnv().NEXTAUTH_SECRET) : null;
    if (!token) {
      const login = new URL("/login", request.url);
      login.searchParams.set("callbackUrl", request.url);
      response = NextResponse.redirect(login);
    } else if (token.mcp === true && pathname !== CHANGE_PASSWORD_PATH && !pathname.startsWith("/api/")) {
      response = NextResponse.redirect(new URL(CHANGE_PASSWORD_PATH, request.url));
    } else {
      response = pass(request, csp, nonce);
    }
  }
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(baseSecurityHeaders({ https }))) response.headers.set(name, value);
  return response;
}

/** Continues with the CSP on the request too: that is where Next.js reads the nonce for its scripts. */
function pass(request: NextRequest, csp: string, nonce: string): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything except static files, which need no session: the browser asks for the icons and the manifest
  // without cookies, and crawlers read robots.txt.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|site.webmanifest|.*\\.(?:svg|png|ico|woff2)$).*)"],
};
