import type { ActionResult } from "@/lib/actions/define-action";

/** The data of a successful action result; a failure fails the test with its code and message. */
export function dataOf<T>(result: ActionResult<T>): T {
  if (!result.ok) {
    throw new Error(`Expected the action to succeed, got ${result.code}: ${result.message}${result.fieldErrors ? ` ${JSON.stringify(result.fieldErrors)}` : ""}`);
  }
  return result.data;
}
