// The REST API's one route wrapper. An endpoint is declared once, with its permission from the one permission
// table, its zod schemas for path, query, body and response, and a handler; the same declaration serves the
// request (app/api/v1/**/route.ts export its `handle`) and the OpenAPI document (./openapi.ts).
//
// Every request: API token → rate limit → permission (role and token scope, lib/auth/permissions.ts) → path,
// query and body validated → handler. Changes go through the server actions with the token's user
// (./actions.ts → executeAction), so authorization, validation and audit are the UI's own.
import "server-only";
import type { z } from "zod";
import { can, type Permission } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { declare } from "@/lib/http/route";
import type { ProjectScope } from "@/lib/tokens/scopes";
import { authenticateToken, tokenRefusalMessages, type TokenPrincipal } from "@/lib/tokens/store";
import { ApiProblem, problemResponse, zodFieldErrors, type ProblemKind } from "./problem";
import { apiRateLimiter } from "./rate-limit";

/** The largest request body accepted (the longest note or reason is a few KB). */
export const MAX_BODY_BYTES = 64 * 1024;

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type AnyObject = z.ZodObject;

export interface EndpointContext<P, Q, B> {
  request: Request;
  principal: TokenPrincipal;
  /** The token's user, for a user token; null for a project token. */
  actor: CurrentUser | null;
  params: P;
  query: Q;
  body: B;
}

/** A handler's answer with a status other than the endpoint's usual one. */
export class Reply<T> {
  constructor(
    readonly status: number,
    readonly data: T,
  ) {}
}

export interface EndpointDefinition<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType> {
  method: Method;
  /** The OpenAPI path, e.g. /api/v1/releases/{id}; its route file is app/api/v1/releases/[id]/route.ts. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  permission: Permission;
  /** Also accept a project token holding this scope (the endpoint checks the project is the token's). */
  projectTokenScope?: ProjectScope;
  params?: P;
  /** What an unknown id in the path is called in the 404 ("release"). */
  notFound?: string;
  query?: Q;
  body?: B;
  response: { status: 200 | 201; description: string; schema: R; also?: { status: 200 | 201; description: string } };
  /** Problem statuses this endpoint can answer besides 401, 403 and 429 (which every endpoint can). */
  problems: readonly ProblemKind[];
  handler: (context: EndpointContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<z.input<R> | Reply<z.input<R>>>;
}

type RouteContext = { params: Promise<Partial<Record<string, string | string[]>>> };

export interface Endpoint extends EndpointDefinition<AnyObject, AnyObject, z.ZodType, z.ZodType> {
  handle: (request: Request, context: RouteContext) => Promise<Response>;
}

export function defineEndpoint<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType>(
  definition: EndpointDefinition<P, Q, B, R>,
): Endpoint {
  const handle = declare(
    async (request: Request, context: RouteContext): Promise<Response> => {
      const instance = new URL(request.url).pathname;
      try {
        return await serve(definition as unknown as Endpoint, request, await context.params);
      } catch (error) {
        if (error instanceof ApiProblem) return problemResponse(error, instance);
        const reference = crypto.randomUUID().slice(0, 8);
        console.error(`[api ${definition.method} ${definition.path}] failed, reference ${reference}: ${error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error)}`);
        return problemResponse(new ApiProblem("error", `Something went wrong (reference ${reference}).`), instance);
      }
    },
    { kind: "api", permission: definition.permission },
  );
  return { ...(definition as unknown as Endpoint), handle };
}

async function serve(endpoint: Endpoint, request: Request, rawParams: Partial<Record<string, string | string[]>>): Promise<Response> {
  const principal = await authenticate(request);
  const limited = apiRateLimiter().take(principal.token.id);
  if (!limited.allowed) {
    throw new ApiProblem("rate_limited", `This token sent too many requests; try again in ${limited.retryAfterSeconds} s.`, {
      headers: { "Retry-After": String(limited.retryAfterSeconds) },
    });
  }
  const actor = principal.kind === "user" ? principal.user : null;
  authorize(endpoint, principal);

  const params = parseParams(endpoint, rawParams);
  const query = endpoint.query ? parseOr422(endpoint.query, firstValues(new URL(request.url).searchParams)) : {};
  // No body reads as {}: a missing required field is then named, as in a body that left it out.
  const body = endpoint.body ? parseOr422(endpoint.body, (await readJsonBody(request)) ?? {}) : undefined;

  const result = await endpoint.handler({ request, principal, actor, params, query, body });
  const reply = result instanceof Reply ? result : new Reply(endpoint.response.status, result);
  return Response.json(reply.data, { status: reply.status, headers: { "Cache-Control": "no-store" } });
}

async function authenticate(request: Request): Promise<TokenPrincipal> {
  const header = request.headers.get("authorization");
  const challenge = { "WWW-Authenticate": 'Bearer realm="preflight"' };
  if (!header) throw new ApiProblem("unauthorized", "Send an API token: `Authorization: Bearer pf_…` (create one on your account's API tokens page).", { headers: challenge });
  const match = /^Bearer[ ]+(\S{1,200})\s*$/i.exec(header);
  const check = match ? await authenticateToken(db, match[1]!) : ({ ok: false, reason: "malformed" } as const);
  if (!check.ok) throw new ApiProblem("unauthorized", tokenRefusalMessages[check.reason], { headers: { "WWW-Authenticate": `${challenge["WWW-Authenticate"]}, error="invalid_token"` } });
  return check.principal;
}

function authorize(endpoint: Endpoint, principal: TokenPrincipal) {
  if (principal.kind === "project") {
    const scope = endpoint.projectTokenScope;
    if (!scope || !principal.scopes.includes(scope)) throw new ApiProblem("forbidden", "A project token can only read its project's feature flags.");
    return;
  }
  // An admin-reset password: nothing but choosing a new one (in the browser), as for sessions.
  if (principal.user.mustChangePassword) throw new ApiProblem("forbidden", "Choose a new password first (your password was reset by an admin).");
  const decision = can(principal.user, endpoint.permission);
  if (!decision.allowed) throw new ApiProblem("forbidden", `${decision.reason}.`);
}

function parseParams(endpoint: Endpoint, raw: Partial<Record<string, string | string[]>>) {
  if (!endpoint.params) return {};
  const parsed = endpoint.params.safeParse(raw);
  if (!parsed.success) throw new ApiProblem("not_found", `That ${endpoint.notFound ?? "resource"} does not exist.`);
  return parsed.data;
}

function parseOr422<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiProblem("invalid", "Check the failing fields.", { errors: zodFieldErrors(parsed.error) });
  return parsed.data;
}

function firstValues(search: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of search) if (!(key in values)) values[key] = value;
  return values;
}

/**
 * The request's raw body, read only up to `maxBytes`: a larger one (declared or streamed) is refused with
 * 413 before it is all in memory.
 */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new ApiProblem("too_large", `The body is larger than ${(maxBytes / 1024).toLocaleString("en-US")} KB.`);
  const declared = request.headers.get("content-length");
  if (declared && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The request's JSON body, bounded; an empty body is `undefined` (the schema decides whether that is fine). */
export async function readJsonBody(request: Request): Promise<unknown> {
  const body = await readBoundedBody(request, MAX_BODY_BYTES);
  if (body.length === 0) return undefined;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new ApiProblem("unsupported_media_type", "Send the body as JSON, with `Content-Type: application/json`.");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new ApiProblem("malformed", "The body is not valid UTF-8.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiProblem("malformed", "The body is not valid JSON.");
  }
}

