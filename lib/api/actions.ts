// Runs a server action for an API request, as the token's user: the same definition the UI calls, through
// the one wrapper (authorization with the token's scopes, validation, transaction, audit naming the token).
import "server-only";
import { actionDefinition, executeAction, type ActionFailureCode, type ServerAction } from "@/lib/actions/define-action";
import type { CurrentUser } from "@/lib/auth/session";
import { ApiProblem, toFieldErrors, type ProblemKind } from "./problem";

const problemOf: Record<ActionFailureCode, ProblemKind> = {
  unauthenticated: "unauthorized",
  forbidden: "forbidden",
  invalid: "invalid",
  not_found: "not_found",
  conflict: "conflict",
  error: "error",
};

/**
 * The action's data, or an ApiProblem with the action's own message. `fieldNames` maps the action's input
 * fields to the request's where they differ (e.g. { "change.note": "note" }).
 */
export async function runAction<T>(action: ServerAction<T>, input: unknown, actor: CurrentUser, fieldNames: Record<string, string> = {}): Promise<T> {
  const definition = action[actionDefinition];
  if (!definition) throw new Error("runAction needs an action built with defineAction()");
  const result = await executeAction(definition, input, actor);
  if (result.ok) return result.data;
  const kind = problemOf[result.code];
  const errors = toFieldErrors(result.fieldErrors ?? {}).map((error) => ({ ...error, field: fieldNames[error.field] ?? error.field }));
  // A 422 always names what failed, if only the request as a whole.
  throw new ApiProblem(kind, result.message, kind === "invalid" ? { errors: errors.length > 0 ? errors : [{ field: "_form", detail: result.message }] } : { errors: errors.length > 0 ? errors : undefined });
}
