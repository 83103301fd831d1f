// Where to send someone after sign-in: the `callbackUrl` of /login, reduced to a path on this site. Pure, so
// the sign-in page (server) and its form (client) can share it.

const BASE = "http://preflight.invalid";

/**
 * A same-site path ("/releases?status=READY") for `callbackUrl`, or "/" when it is missing or could leave the
 * site. next-auth's redirect to /login carries the full URL of the page asked for, so an absolute URL keeps
 * its path and query. A path that starts with "//" (or "/\"), as "https://evil.example//attacker.example"
 * or "/.//attacker.example" become once parsed, is a protocol-relative URL to a browser: refused.
 */
export function safeCallbackPath(url: string | null | undefined): string {
  if (!url) return "/";
  let parsed: URL;
  try {
    parsed = new URL(url, BASE);
  } catch {
    return "/";
  }
  const path = `${parsed.pathname}${parsed.search}`;
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  // Whatever the path holds, read back against this site it must stay on this site.
  return new URL(path, BASE).origin === BASE ? path : "/";
}
