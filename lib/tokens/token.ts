// API token strings: generated here, stored only as their SHA-256 (the token has 256 random bits, so a
// plain hash is enough: no salt or slow hash is needed against guessing, unlike a password).
import { createHash, randomBytes } from "node:crypto";

/** Every token starts with this, so secret scanners and people can recognise one. */
export const TOKEN_PREFIX = "pf_";
/** How many characters of a token are kept in clear to tell tokens apart ("pf_" and 8 more). */
export const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;

const TOKEN_PATTERN = /^pf_[A-Za-z0-9_-]{43}$/;

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function shownPrefix(token: string): string {
  return token.slice(0, SHOWN_PREFIX_LENGTH);
}

/** Whether `value` has a token's shape (checked before any database lookup). */
export function isTokenShaped(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
