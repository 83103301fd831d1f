// Response headers that keep pages from being framed, scripted or leaked. Pure, so proxy.ts (every page,
// with a fresh nonce) and next.config.ts (everything else, no CSP) share one list, and it is unit-tested.

/** Headers for every response, pages and static files alike. */
export function baseSecurityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    // Only over HTTPS: a browser remembers it, and a plain-HTTP installation would become unreachable.
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/**
 * The Content-Security-Policy for a page. Scripts run only from this site and with this response's nonce
 * (Next.js reads it from the request's CSP header and puts it on its own scripts; 'strict-dynamic' lets
 * those load the chunks they need). Styles allow inline attributes: React and the dialog/tooltip library
 * position elements with style attributes, which nonces cannot cover, and styles cannot run code.
 */
export function contentSecurityPolicy(options: { nonce: string; https: boolean; dev: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** A fresh, unguessable nonce (128 bits, base64). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
