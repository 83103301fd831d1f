import type { ActionResult } from "@/lib/actions/define-action";

/** The data of a successful action result; a failure fails the test with its code and message. */
export function dataOf<T>(result: ActionResult<T>): T {
  if (!result.ok) {
    throw new Error(`Expected the action to succeed, got ${result.code}: ${result.message}${result.fieldErrors ? ` ${JSON.stringify(result.fieldErrors)}` : ""}`);
  }
  return result.data;
}

/** What an action that refused returns, to compare a result with: `toEqual(refusal("forbidden", "Only admins can manage users"))`. */
export function refusal(code: string, message: string, fieldErrors?: Record<string, string[]>) {
  return fieldErrors ? { ok: false, code, message, fieldErrors } : { ok: false, code, message };
}
