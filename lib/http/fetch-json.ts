// The browser's one way to read the app's JSON routes (the queries' fetchers, lib/<domain>/queries-client.ts):
// a failure becomes a sentence for the person looking at the page.

/** A read that failed, with a sentence to show. */
export class FetchProblem extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/**
 * GETs `url` as JSON. `what` names the data in messages ("release", "deploy run"). An aborted read (the query
 * was cancelled) rethrows the abort as it is.
 */
export async function fetchJson<T>(url: string, what: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store", signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new FetchProblem(`Could not reach Preflight to refresh the ${what}. Check your connection.`);
  }
  const isJson = response.headers.get("content-type")?.includes("application/json") ?? false;
  // Signed out: the sign-in redirect answers with the login page instead of JSON.
  if (response.status === 401 || (!isJson && response.redirected)) throw new FetchProblem("Your session has ended. Reload the page to sign in again.", 401);
  if (!response.ok || !isJson) {
    const body = isJson ? ((await response.json()) as { error?: string }) : null;
    throw new FetchProblem(body?.error ?? `Could not refresh the ${what} (HTTP ${response.status}).`, response.status);
  }
  return (await response.json()) as T;
}

/**
 * `value` with the named date fields (ISO strings over JSON) turned back into Dates, at any depth: what the
 * server renders with, so that server-prefetched and refetched data have one shape.
 */
export function reviveDates<T>(value: T, fields: readonly string[]): T {
  const names = new Set(fields);
  const revive = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(revive);
    if (node === null || typeof node !== "object" || node instanceof Date) return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => [key, names.has(key) && typeof item === "string" ? new Date(item) : revive(item)]),
    );
  };
  return revive(value) as T;
}
