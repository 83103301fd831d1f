// Reading next-auth's session cookie without next-auth's request handler. getServerSession runs the whole
// `session` endpoint for every call (option set-up, the jwt and session callbacks, a CSRF token) and, for a
// JWT session, decrypts the token and encrypts a fresh one, which an App Router request cannot even set as a
// cookie; each of those derives the key again with HKDF. Here the key is derived once per secret and the
// token is only decrypted: the same checks as next-auth 4's `decode` (jose's jwtDecrypt, "dir" + A256GCM,
// next-auth's 15 s clock tolerance on exp and nbf). tests/unit/session-token.test.ts decodes tokens that
// next-auth's own `encode` made, and refuses expired, forged and foreign ones.
import { createDecipheriv, hkdfSync } from "node:crypto";

/** What Preflight keeps in the session token (lib/auth/options.ts, jwt callback), and its times. */
export interface SessionClaims {
  [claim: string]: unknown;
  /** The user's id. */
  sub?: string;
  /** The user's sessionVersion when the token was issued. */
  sv?: number;
  /** An admin reset the password: only choosing a new one is allowed. */
  mcp?: boolean;
  exp?: number;
  iat?: number;
  nbf?: number;
}

const CLOCK_TOLERANCE_SECONDS = 15;
const keys = new Map<string, Buffer>();

/** next-auth 4's key: HKDF-SHA256 of the secret, empty salt, its fixed info string, 32 bytes. */
function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32));
    keys.set(secret, key);
  }
  return key;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The claims of a session token, or null when it is malformed, forged, for another secret, expired or not yet valid. */
export function decodeSessionToken(token: string, secret: string, nowMs = Date.now()): SessionClaims | null {
  const parts = token.split(".");
  // Only base64url characters: Buffer's decoder skips others, and the header's bytes are what the tag covers, so
  // a respelled header would otherwise pass (jose refuses it too).
  if (parts.length !== 5 || !parts.every((part) => /^[A-Za-z0-9_-]*$/.test(part))) return null;
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  // "dir": no encrypted key. Any other algorithm, compression or critical extension is refused, as jose does
  // for a key given as bytes.
  const header = json(Buffer.from(protectedHeader, "base64url").toString("utf8"));
  if (encryptedKey !== "" || typeof header !== "object" || header === null) return null;
  const { alg, enc, zip, crit } = header as Record<string, unknown>;
  if (alg !== "dir" || enc !== "A256GCM" || zip !== undefined || crit !== undefined) return null;
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== 12 || tagBytes.length !== 16) return null;
  let payload: unknown;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), ivBytes, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(protectedHeader, "ascii"));
    decipher.setAuthTag(tagBytes);
    payload = json(Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8"));
  } catch {
    return null; // authentication failed: forged, altered, or another secret's
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return null;
  const claims = payload as Record<string, unknown>;
  const now = Math.floor(nowMs / 1000);
  for (const time of ["exp", "nbf", "iat"]) if (claims[time] !== undefined && typeof claims[time] !== "number") return null;
  if (typeof claims.exp === "number" && claims.exp <= now - CLOCK_TOLERANCE_SECONDS) return null;
  if (typeof claims.nbf === "number" && claims.nbf > now + CLOCK_TOLERANCE_SECONDS) return null;
  if (claims.sub !== undefined && typeof claims.sub !== "string") return null;
  return claims as SessionClaims;
}

/** The session cookie's name: next-auth's, with the __Secure- prefix when the site is served over HTTPS. */
export function sessionCookieName(nextAuthUrl: string | undefined): string {
  return nextAuthUrl?.startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

/** The token from the cookies, joined again when next-auth split a large one into `name.0`, `name.1`… */
export function sessionTokenFrom(cookies: ReadonlyArray<{ name: string; value: string }>, name: string): string | null {
  const whole = cookies.find((cookie) => cookie.name === name);
  if (whole) return whole.value;
  const chunks = cookies
    .map((cookie) => ({ index: cookie.name.startsWith(`${name}.`) ? Number(cookie.name.slice(name.length + 1)) : NaN, value: cookie.value }))
    .filter((chunk) => Number.isInteger(chunk.index) && chunk.index >= 0)
    .sort((a, b) => a.index - b.index);
  return chunks.length > 0 ? chunks.map((chunk) => chunk.value).join("") : null;
}
