// The one server-action wrapper: session → role permission → zod-validated input → resource rules →
// transaction with audit events → typed result. Expected failures come back as { ok: false, message };
// unexpected ones are logged once here and reported without internals. Nothing is half-written: the
// work and its audit events share one transaction.
import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { recordAuditEvent, type AuditEventDraft } from "@/lib/audit/record";
import { can, type Permission, type PermissionResource } from "@/lib/auth/permissions";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { errorSummary, log } from "@/lib/log";
import { observeAction } from "@/lib/metrics/registry";

export type ActionFailureCode = "unauthenticated" | "forbidden" | "invalid" | "not_found" | "conflict" | "error";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ActionFailureCode; message: string; fieldErrors?: Record<string, string[]> };

/** Throw from an action's `run` for an expected failure; the wrapper turns it into a result and rolls back. */
export class ActionError extends Error {
  constructor(
    readonly code: Exclude<ActionFailureCode, "error">,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export interface ActionContext<I> {
  actor: CurrentUser;
  input: I;
  tx: Prisma.TransactionClient;
  /** Records an audit event attributed to the actor, in the action's transaction. */
  audit: (event: AuditEventDraft) => Promise<void>;
}

export interface ActionDefinition<S extends z.ZodType, T> {
  name: string;
  permission: Permission;
  input: S;
  /** Facts for resource rules (four-eyes, own sign-off…); throw ActionError("not_found") for unknown ids. */
  resource?: (input: z.infer<S>) => Promise<PermissionResource>;
  run: (context: ActionContext<z.infer<S>>) => Promise<T>;
  /**
   * Paths of server-rendered pages (not fed by live queries) whose data the action changes; a route pattern
   * ("/templates/[id]") covers every page of it. The page the action was called from comes back re-rendered.
   */
  revalidate?: string[];
  /** Allowed while an admin-reset password waits to be replaced (only changing one's own password is). */
  allowWhilePasswordChangeRequired?: boolean;
}

export const actionDefinition = Symbol.for("preflight.actionDefinition");

export type ServerAction<T> = ((input: unknown) => Promise<ActionResult<T>>) & {
  [actionDefinition]?: ActionDefinition<z.ZodType, T>;
};

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/**
 * Runs an action as `actor`. Pages call the wrapped action (the session's user); the REST API calls this with
 * the user of an API token (lib/api), whose scopes `can()` checks beside the role.
 */
export async function executeAction<S extends z.ZodType, T>(
  definition: ActionDefinition<S, T>,
  rawInput: unknown,
  actor: CurrentUser | null,
): Promise<ActionResult<T>> {
  const started = performance.now();
  const result = await runAction(definition, rawInput, actor);
  observeAction(definition.name, result.ok ? "ok" : result.code, (performance.now() - started) / 1000);
  return result;
}

async function runAction<S extends z.ZodType, T>(definition: ActionDefinition<S, T>, rawInput: unknown, actor: CurrentUser | null): Promise<ActionResult<T>> {
  if (!actor) return { ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." };
  if (actor.mustChangePassword && !definition.allowWhilePasswordChangeRequired) {
    return { ok: false, code: "forbidden", message: "Choose a new password first (your password was reset by an admin)." };
  }
  const roleDecision = can(actor, definition.permission);
  if (!roleDecision.allowed) return { ok: false, code: "forbidden", message: roleDecision.reason };

  const parsed = definition.input.safeParse(rawInput);
  if (!parsed.success) {
    return { ok: false, code: "invalid", message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  }
  const input = parsed.data as z.infer<S>;
  // PostgreSQL text cannot hold NUL: refused here for every action, instead of failing in the database.
  const nul = pathWithNul(input);
  if (nul !== null) {
    return { ok: false, code: "invalid", message: "Check the highlighted fields.", fieldErrors: { [nul || "_form"]: ["Remove the NUL character (\\0) from this text"] } };
  }

  let data: T;
  try {
    if (definition.resource) {
      const decision = can(actor, definition.permission, await definition.resource(input));
      if (!decision.allowed) return { ok: false, code: "forbidden", message: decision.reason };
    }
    data = await db.$transaction(async (tx) => {
      if (actor.apiToken) {
        // Transaction-local: a trigger names the token in every audit event this change records, whichever
        // module records it (prisma/migrations/*_api_tokens).
        await tx.$executeRaw`SELECT set_config('preflight.api_token_id', ${actor.apiToken.id}, true), set_config('preflight.api_token_name', ${actor.apiToken.name}, true)`;
      }
      let audited = 0;
      const result = await definition.run({
        actor,
        input,
        tx,
        audit: async (event) => {
          audited += 1;
          await recordAuditEvent(tx, { ...event, actorId: actor.id });
        },
      });
      // Every change is attributed: an action that records nothing is a bug, not a silent success.
      if (audited === 0) throw new Error(`Action ${definition.name} changed data without an audit event`);
      return result;
    });
  } catch (error) {
    if (error instanceof ActionError) {
      return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
    }
    // A unique constraint hit by a concurrent request that got there first (same version, same email…).
    if (isUniqueViolation(error)) {
      return { ok: false, code: "conflict", message: "Someone else made the same change a moment ago. Reload to see it." };
    }
    const reference = crypto.randomUUID().slice(0, 8);
    // The error's name and message only: Prisma errors can carry the query's arguments (password hashes…).
    log.error({ action: definition.name, reference, error: errorSummary(error) }, "action failed");
    return { ok: false, code: "error", message: `Something went wrong and nothing was changed (reference ${reference}).` };
  }
  // After the commit: a failure to refresh cached pages must not be reported as "nothing was changed".
  try {
    for (const path of definition.revalidate ?? []) revalidatePath(path, path.includes("[") ? "page" : undefined);
  } catch (error) {
    log.error({ action: definition.name, error: errorSummary(error) }, "revalidatePath failed");
  }
  return { ok: true, data };
}

/** The dotted path of the first string holding a NUL character ("" for the input itself), or null. */
function pathWithNul(value: unknown, path = "", depth = 0): string | null {
  if (typeof value === "string") return value.includes("\0") ? path : null;
  if (depth > 20 || value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    const found = pathWithNul(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}


export function defineAction<S extends z.ZodType, T>(definition: ActionDefinition<S, T>): ServerAction<T> {
  const action: ServerAction<T> = async (input: unknown) => executeAction(definition, input, await getCurrentUser());
  Object.defineProperty(action, actionDefinition, { value: definition });
  return action;
}
