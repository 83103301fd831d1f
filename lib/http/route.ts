// Route handlers declare who may call them: publicRoute(...) or protectedRoute(permission, ...).
// The authorization matrix test finds every route handler and refuses one without a declaration.
import "server-only";
import { NextResponse } from "next/server";
import { can, type Permission } from "@/lib/auth/permissions";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { errorSummary, log } from "@/lib/log";
import type { ProjectScope } from "@/lib/tokens/scopes";

export const routeAccess = Symbol.for("preflight.routeAccess");
/**
 * "api": the REST API (lib/api/endpoint.ts), authenticated by an API token instead of the session.
 * "projectToken": OFREP (lib/flags/ofrep.ts), a project's token holding this scope, never a session.
 */
export type RouteAccess =
  | { kind: "public" }
  | { kind: "protected"; permission: Permission }
  | { kind: "api"; permission: Permission }
  | { kind: "projectToken"; scope: ProjectScope };

type Handler = (...args: never[]) => unknown;

export function declare<H extends Handler>(handler: H, access: RouteAccess): H {
  Object.defineProperty(handler, routeAccess, { value: access });
  return handler;
}

export function publicRoute<H extends Handler>(handler: H): H {
  const wrapped = ((...args: Parameters<H>) => handler(...args)) as H;
  return declare(wrapped, { kind: "public" });
}

export function jsonError(status: number, message: string) {
  return NextResponse.json({ error: message }, { status, headers: { "Cache-Control": "no-store" } });
}

export function protectedRoute<P>(
  permission: Permission,
  handler: (request: Request, context: { user: CurrentUser; params: P }) => Promise<Response>,
) {
  const wrapped = async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const user = await getCurrentUser();
    if (!user) return jsonError(401, "Sign in first");
    if (user.mustChangePassword) return jsonError(403, "Choose a new password first (your password was reset by an admin).");
    const decision = can(user, permission);
    if (!decision.allowed) return jsonError(403, decision.reason);
    try {
      return await handler(request, { user, params: await context.params });
    } catch (error) {
      const reference = crypto.randomUUID().slice(0, 8);
      log.error({ route: `${request.method} ${new URL(request.url).pathname}`, reference, error: errorSummary(error) }, "route failed");
      return jsonError(500, `Something went wrong (reference ${reference}).`);
    }
  };
  return declare(wrapped, { kind: "protected", permission });
}
