"use client";

import type { ActionResult } from "@/lib/actions/define-action";

/** Calls a server action; a network failure comes back as a failed result instead of throwing. */
export async function callAction<T>(action: (input: unknown) => Promise<ActionResult<T>>, input: unknown): Promise<ActionResult<T>> {
  try {
    return await action(input);
  } catch {
    return { ok: false, code: "error", message: "Could not reach Preflight. Check your connection and try again." };
  }
}

/** The message to show for a failed action, with its field errors when the message alone is generic. */
export function failureText(result: Extract<ActionResult<unknown>, { ok: false }>): string {
  const details = Object.values(result.fieldErrors ?? {}).flat();
  if (result.code === "invalid" && details.length > 0) return details.join(" ");
  return result.message;
}

/**
 * A request key for a start button: made once per rendered button, so that a double click (or a retried
 * request) starts one run. crypto.randomUUID needs a secure context; self-hosted installs on plain http
 * fall back to getRandomValues.
 */
export function newRequestKey(): string {
  if (typeof crypto.randomUUID === "function") {
    try {
      return crypto.randomUUID();
    } catch {
      // not a secure context
    }
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
