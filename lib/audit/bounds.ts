// Audit payloads are bounded before they are stored: a value an anonymous request controls (an email, a
// header) must not grow the append-only log without limit. Pure, so it is unit-tested.
import type { Prisma } from "@/lib/generated/prisma/client";

export const MAX_AUDIT_STRING = 500;
export const MAX_AUDIT_ARRAY = 100;
export const MAX_AUDIT_KEYS = 50;
export const MAX_AUDIT_DEPTH = 6;
/** The whole payload, serialised. Above it the payload is replaced by a marker with its first keys. */
export const MAX_AUDIT_PAYLOAD_BYTES = 8_000;

/** Caps a string to `max` characters, marking the cut. */
export function capString(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function bound(value: unknown, depth: number): Prisma.InputJsonValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return capString(value, MAX_AUDIT_STRING);
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_AUDIT_DEPTH) return "…";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_AUDIT_ARRAY).map((item) => bound(item, depth + 1));
    return value.length > MAX_AUDIT_ARRAY ? [...items, `… ${value.length - MAX_AUDIT_ARRAY} more`] : items;
  }
  if (typeof value === "object") {
    const out: Record<string, Prisma.InputJsonValue | null> = {};
    for (const [key, item] of Object.entries(value).slice(0, MAX_AUDIT_KEYS)) out[capString(key, 100)] = bound(item, depth + 1);
    return out as Prisma.InputJsonValue;
  }
  return null;
}

/** The payload with every string, array and object capped, and the whole under MAX_AUDIT_PAYLOAD_BYTES. */
export function boundAuditPayload(payload: unknown): Prisma.InputJsonValue {
  const bounded = bound(payload ?? {}, 0) ?? {};
  if (Buffer.byteLength(JSON.stringify(bounded)) <= MAX_AUDIT_PAYLOAD_BYTES) return bounded;
  const keys = typeof bounded === "object" && !Array.isArray(bounded) ? Object.keys(bounded).slice(0, 20) : [];
  return { truncated: true, keys };
}
