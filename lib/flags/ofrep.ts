// The OpenFeature Remote Evaluation Protocol (OFREP, https://openfeature.dev/docs/reference/other-technologies/ofrep/):
// POST /ofrep/v1/evaluate/flags/{key} and the bulk POST /ofrep/v1/evaluate/flags, so that any OpenFeature SDK's
// OFREP provider evaluates a project's flags. The routes in app/ofrep are thin; everything is here.
//
// A request is authenticated by a project token with scope flags:read (`Authorization: Bearer pf_…`, or
// `X-API-Key: pf_…`); the token names the project, so a token never sees another project's flags (their keys
// are FLAG_NOT_FOUND to it). Rate limited per token as the REST API is. Every answer is read fresh from the
// database, so a kill switch (0 %) is seen by the next evaluation; nothing is cacheable.
import "server-only";
import { createHash } from "node:crypto";
import { readBoundedBody } from "@/lib/api/endpoint";
import { ApiProblem } from "@/lib/api/problem";
import { ofrepRateLimiter } from "@/lib/api/rate-limit";
import { db } from "@/lib/db";
import { FLAG_KEY } from "@/lib/deploys/pipeline-schema";
import { errorSummary, log } from "@/lib/log";
import { authenticateToken, tokenRefusalMessages } from "@/lib/tokens/store";
import { evaluateFlag, type FlagResolution } from "./evaluate";
import { findFlagForEvaluation, listFlagsForEvaluation } from "./queries";

/** An OFREP request body is a context of a few attributes; this bounds what is read. */
export const OFREP_MAX_BODY_BYTES = 64 * 1024;
/** The longest targeting key accepted (a user id, an email, a UUID…). */
export const TARGETING_KEY_MAX_CHARS = 1024;

const JSON_HEADERS = { "Content-Type": "application/json", "Cache-Control": "no-store" };
const CHALLENGE = 'Bearer realm="preflight-ofrep"';

/** An answer other than a successful evaluation; thrown and turned into its response by `respond`. */
class OfrepReply extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(`OFREP ${status}`);
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** The project of a valid project token holding flags:read, after the rate limit. */
async function projectOf(request: Request): Promise<string> {
  const bearer = /^Bearer[ ]+(\S{1,200})\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const token = bearer ?? request.headers.get("x-api-key")?.trim();
  if (!token) {
    throw new OfrepReply(401, { errorDetails: "Send a project token with scope flags:read: `Authorization: Bearer pf_…`." }, { "WWW-Authenticate": CHALLENGE });
  }
  const check = await authenticateToken(db, token);
  if (!check.ok) throw new OfrepReply(401, { errorDetails: tokenRefusalMessages[check.reason] }, { "WWW-Authenticate": `${CHALLENGE}, error="invalid_token"` });
  const limited = ofrepRateLimiter().take(check.principal.token.id);
  if (!limited.allowed) {
    throw new OfrepReply(429, { errorDetails: `This token sent too many requests; try again in ${limited.retryAfterSeconds} s.` }, { "Retry-After": String(limited.retryAfterSeconds) });
  }
  const { principal } = check;
  if (principal.kind !== "project") {
    throw new OfrepReply(403, { errorDetails: "OFREP takes a project's token with scope flags:read (the project's settings page, or npm run token:create -- --project <slug> --scopes flags:read), not a user's token." });
  }
  if (!principal.scopes.includes("flags:read")) throw new OfrepReply(403, { errorDetails: "This project token lacks the scope flags:read." });
  return principal.projectId;
}

type ContextProblem = { errorCode: "PARSE_ERROR" | "INVALID_CONTEXT"; errorDetails: string };

/** The targeting key of the request's context (null when it has none), or what is wrong with the body. */
async function targetingKeyOf(request: Request): Promise<{ ok: true; targetingKey: string | null } | ({ ok: false } & ContextProblem)> {
  let raw: Buffer;
  try {
    raw = await readBoundedBody(request, OFREP_MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof ApiProblem) return { ok: false, errorCode: "PARSE_ERROR", errorDetails: error.detail };
    throw error;
  }
  if (raw.length === 0) return { ok: true, targetingKey: null };
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    return { ok: false, errorCode: "PARSE_ERROR", errorDetails: "The body is not valid JSON: send {\"context\": {\"targetingKey\": \"…\"}}." };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, errorCode: "PARSE_ERROR", errorDetails: "The body must be a JSON object: {\"context\": {\"targetingKey\": \"…\"}}." };
  }
  const context = (body as { context?: unknown }).context;
  if (context === undefined || context === null) return { ok: true, targetingKey: null };
  if (typeof context !== "object" || Array.isArray(context)) return { ok: false, errorCode: "INVALID_CONTEXT", errorDetails: "context must be an object." };
  const targetingKey = (context as { targetingKey?: unknown }).targetingKey;
  if (targetingKey === undefined || targetingKey === null) return { ok: true, targetingKey: null };
  if (typeof targetingKey !== "string") return { ok: false, errorCode: "INVALID_CONTEXT", errorDetails: "context.targetingKey must be a string." };
  if (targetingKey.length > TARGETING_KEY_MAX_CHARS) {
    return { ok: false, errorCode: "INVALID_CONTEXT", errorDetails: `context.targetingKey has more than ${TARGETING_KEY_MAX_CHARS} characters.` };
  }
  return { ok: true, targetingKey: targetingKey === "" ? null : targetingKey };
}

/** A resolution as OFREP spells it: success with value, reason, variant and metadata, or a flag's error. */
function wire(resolution: FlagResolution) {
  if (!resolution.ok) return { key: resolution.key, errorCode: resolution.errorCode, errorDetails: resolution.errorDetails };
  const { ok: _ok, ...success } = resolution;
  return success;
}

async function respond(route: string, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OfrepReply) return json(error.status, error.body, error.headers);
    const reference = crypto.randomUUID().slice(0, 8);
    log.error({ route, reference, error: errorSummary(error) }, "OFREP evaluation failed");
    return json(500, { errorDetails: `Something went wrong (reference ${reference}).` });
  }
}

/** POST /ofrep/v1/evaluate/flags/{key}: one flag for one context. */
export function evaluateFlagRequest(request: Request, key: string): Promise<Response> {
  return respond("POST /ofrep/v1/evaluate/flags/{key}", async () => {
    const projectId = await projectOf(request);
    const context = await targetingKeyOf(request);
    // The key as asked, bounded: it is echoed back.
    const shown = key.slice(0, 100);
    if (!context.ok) return json(400, { key: shown, errorCode: context.errorCode, errorDetails: context.errorDetails });
    const flag = FLAG_KEY.test(key) ? await findFlagForEvaluation(projectId, key) : null;
    if (!flag) return json(404, { key: shown, errorCode: "FLAG_NOT_FOUND", errorDetails: `This project has no flag ${JSON.stringify(key.slice(0, 100))}.` });
    const resolution = evaluateFlag(flag, context.targetingKey);
    // The server provider caches nothing, and neither may anyone in between: a kill switch must be seen at once.
    return json(resolution.ok ? 200 : 400, resolution.ok ? { ...wire(resolution), cacheable: false } : wire(resolution));
  });
}

/** The strong ETag of a bulk answer: it changes exactly when some flag's answer for this context does. */
export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url").slice(0, 27)}"`;
}

/**
 * Whether If-None-Match names this ETag (in a list, weak or strong). `*` never does: it would keep a client on its
 * cached answer after a kill switch.
 */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/** POST /ofrep/v1/evaluate/flags: every flag of the token's project for one context, with an ETag. */
export function evaluateAllFlagsRequest(request: Request): Promise<Response> {
  return respond("POST /ofrep/v1/evaluate/flags", async () => {
    const projectId = await projectOf(request);
    const context = await targetingKeyOf(request);
    if (!context.ok) return json(400, { errorCode: context.errorCode, errorDetails: context.errorDetails });
    const flags = await listFlagsForEvaluation(projectId);
    const body = JSON.stringify({ flags: flags.map((flag) => wire(evaluateFlag(flag, context.targetingKey))) });
    const etag = etagOf(body);
    if (matchesIfNoneMatch(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": "no-cache" } });
    return new Response(body, { status: 200, headers: { ...JSON_HEADERS, "Cache-Control": "no-cache", ETag: etag } });
  });
}
