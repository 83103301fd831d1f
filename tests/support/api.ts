// Calls the REST API's route handlers in-process with real tokens: the token is issued in the test database
// (lib/tokens/store.ts) and sent as a bearer header, as a client would.
import type { Endpoint } from "@/lib/api/endpoint";
import type { ApiScope } from "@/lib/auth/permissions";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ProjectScope } from "@/lib/tokens/scopes";
import { issueToken } from "@/lib/tokens/store";

let tokenCounter = 0;

export async function userToken(prisma: PrismaClient, userId: string, scopes: ApiScope[], name = `test token ${++tokenCounter}`): Promise<string> {
  return (await issueToken(prisma, { userId, scopes, name, expiresInDays: null })).token;
}

export async function projectToken(prisma: PrismaClient, projectId: string, scopes: ProjectScope[] = ["flags:read"]): Promise<string> {
  return (await issueToken(prisma, { projectId, scopes, name: `project token ${++tokenCounter}`, expiresInDays: null })).token;
}

export interface ApiCall {
  token?: string | null;
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  contentType: string;
  body: unknown;
  text: string;
}

/** The path with its parameters filled in, e.g. /api/v1/releases/abc. */
export function pathOf(endpoint: Endpoint, params: Record<string, string> = {}): string {
  return endpoint.path.replace(/\{(\w+)\}/g, (_all, name: string) => encodeURIComponent(params[name] ?? ""));
}

export async function callApi(endpoint: Endpoint, call: ApiCall = {}): Promise<ApiAnswer> {
  const url = new URL(`http://localhost${pathOf(endpoint, call.params)}`);
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
  const headers = new Headers(call.headers);
  if (call.token) headers.set("authorization", `Bearer ${call.token}`);
  let body: string | undefined;
  if (call.body !== undefined) {
    body = typeof call.body === "string" ? call.body : JSON.stringify(call.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const response = await endpoint.handle(new Request(url, { method: endpoint.method, headers, body }), { params: Promise.resolve(call.params ?? {}) });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, contentType: response.headers.get("content-type") ?? "", body: parsed, text };
}
