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
