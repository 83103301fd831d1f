// API tokens from creation to revocation, as a user and a CI system meet them: shown once, stored hashed,
// scoped, expiring, revocable at once, last-used kept without a write per request, rate-limited with 429
// and Retry-After; and a change made with a token is audited like a click, naming the token.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actionDefinition, executeAction, type ServerAction } from "@/lib/actions/define-action";
import { apiEndpoints } from "@/lib/api/endpoints";
import { MAX_BODY_BYTES } from "@/lib/api/endpoint";
import type { CurrentUser } from "@/lib/auth/session";
import { closeQueueSender } from "@/lib/deploys/queue";
import { updateItemAction } from "@/lib/releases/actions";
import { createApiTokenAction, createProjectTokenAction, revokeApiTokenAction } from "@/lib/tokens/actions";
import { LAST_USED_RESOLUTION_MS } from "@/lib/tokens/store";
import { callApi, userToken } from "../support/api";
import { createDemoDatabase, createFixtureRelease } from "../support/releases";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

// Small, so the limit is reached in a few requests (read once, before the first request).
process.env.PREFLIGHT_API_RATE_LIMIT = "30";
const { prisma, f } = await createDemoDatabase();
const endpoint = (operationId: string) => apiEndpoints.find((e) => e.operationId === operationId)!;
const run = <T>(action: ServerAction<T>, input: unknown, actor: CurrentUser) => executeAction(action[actionDefinition]!, input, actor);

afterAll(async () => {
  await closeQueueSender();
});

async function createToken(user: CurrentUser, input: Record<string, unknown>) {
  const result = await run(createApiTokenAction, input, user);
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

describe("creating a token", () => {
  it("shows the token once and stores only its SHA-256 and a short prefix", async () => {
    const created = await createToken(f.users.manager, { name: "GitHub Actions", scopes: ["read", "write"] });
    expect(created.token).toMatch(/^pf_[A-Za-z0-9_-]{43}$/);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
    expect(row.prefix).toBe(created.token.slice(0, 11));
    expect(row).toMatchObject({ name: "GitHub Actions", scopes: ["read", "write"], userId: f.users.manager.id, expiresAt: null, revokedAt: null });
    // Nowhere in the database in clear: not in the token's row, not in the audit log.
    const everything = JSON.stringify([row, await prisma.auditEvent.findMany({ where: { type: "token.created" } })], (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    expect(everything).not.toContain(created.token);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "token.created" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actorId: f.users.manager.id, payload: { name: "GitHub Actions", scopes: ["read", "write"], prefix: created.prefix } });
  });

  it("refuses a token without a name or scope, or with an unknown scope, naming the fields", async () => {
    const result = await run(createApiTokenAction, { name: " ", scopes: ["admin"] }, f.users.viewer);
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    if (!result.ok) expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["name", "scopes.0"]);
  });

  it("a viewer may have a token; it still cannot do more than a viewer", async () => {
    const { token } = await createToken(f.users.viewer, { name: "dashboard", scopes: ["read", "write"] });
    expect((await callApi(endpoint("getRelease"), { token, params: { id: f.preparingId } })).status).toBe(200);
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: f.preparingId, state: "OPEN", phase: "PRE_RELEASE" } });
    expect((await callApi(endpoint("tickItem"), { token, params: { id: item.id }, body: {} })).status).toBe(403);
  });

  it("only admins make project tokens", async () => {
    expect(await run(createProjectTokenAction, { projectId: f.projectId, name: "flags reader" }, f.users.manager)).toMatchObject({ ok: false, code: "forbidden" });
    const made = await run(createProjectTokenAction, { projectId: f.projectId, name: "flags reader" }, f.users.admin);
    expect(made).toMatchObject({ ok: true });
    if (!made.ok) return;
    const flags = await callApi(endpoint("listFlags"), { token: made.data.token, params: { slug: "gateway" } });
    expect(flags.status).toBe(200);
    expect((flags.body as { data: { key: string }[] }).data.map((flag) => flag.key)).toContain("INTEGRATIONS_GITHUB_ACTIONS_ENABLED");
    // Nothing but flags: not even the project's releases.
    expect((await callApi(endpoint("listReleases"), { token: made.data.token, params: { slug: "gateway" } })).status).toBe(403);
  });
});

describe("a token stops working", () => {
  it("at once when revoked by its owner", async () => {
    const { id, token } = await createToken(f.users.lead, { name: "to revoke", scopes: ["read"] });
    expect((await callApi(endpoint("listProjects"), { token })).status).toBe(200);
    expect(await run(revokeApiTokenAction, { tokenId: id }, f.users.lead)).toMatchObject({ ok: true });
    const answer = await callApi(endpoint("listProjects"), { token });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ title: "Not authenticated", detail: "This API token was revoked." });
    expect(await run(revokeApiTokenAction, { tokenId: id }, f.users.lead)).toMatchObject({ ok: false, code: "conflict" });
  });

  it("only its owner or an admin revokes it", async () => {
    const { id } = await createToken(f.users.lead, { name: "someone else's", scopes: ["read"] });
    expect(await run(revokeApiTokenAction, { tokenId: id }, f.users.manager)).toMatchObject({ ok: false, code: "forbidden", message: "Only the token's owner, or an admin, can revoke it" });
    expect(await run(revokeApiTokenAction, { tokenId: id }, f.users.admin)).toMatchObject({ ok: true });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "token.revoked" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actorId: f.users.admin.id, payload: { tokenId: id, name: "someone else's", userId: f.users.lead.id } });
  });

  it("once it expires", async () => {
    const { id, token } = await createToken(f.users.lead, { name: "short-lived", scopes: ["read"], expiresInDays: 1 });
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBeGreaterThan(23 * 3600_000);
    expect((await callApi(endpoint("listProjects"), { token })).status).toBe(200);
    await prisma.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await callApi(endpoint("listProjects"), { token })).body).toMatchObject({ status: 401, detail: "This API token has expired." });
  });

  it("a made-up or malformed token is refused the same way", async () => {
    for (const header of ["Bearer pf_" + "x".repeat(43), "Bearer nope", "Basic dXNlcjpwYXNz", "Bearer " + "a".repeat(5000)]) {
      const answer = await callApi(endpoint("listProjects"), { headers: { authorization: header } });
      expect(answer.status, header.slice(0, 20)).toBe(401);
      expect(answer.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
  });
});

describe("last used", () => {
  it("is set by the first request and then written at most once a minute", async () => {
    const { id, token } = await createToken(f.users.lead, { name: "polling CI", scopes: ["read"] });
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();
    await callApi(endpoint("listProjects"), { token });
    const first = (await prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(first).not.toBeNull();
    for (let i = 0; i < 5; i++) await callApi(endpoint("listProjects"), { token });
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first);
    // A minute later (moved back rather than waited for), the next request refreshes it.
    const earlier = new Date(first!.getTime() - LAST_USED_RESOLUTION_MS - 1000);
    await prisma.apiToken.update({ where: { id }, data: { lastUsedAt: earlier } });
    await callApi(endpoint("listProjects"), { token });
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt!.getTime()).toBeGreaterThan(earlier.getTime());
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a token used up its burst, and other tokens are unaffected", async () => {
    const busy = await userToken(prisma, f.users.lead.id, ["read"]);
    const other = await userToken(prisma, f.users.lead.id, ["read"]);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof callApi>> | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const answer = await callApi(endpoint("listProjects"), { token: busy });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(30);
    expect(limited, "no 429 after 40 requests with a limit of 30 a minute").toBeDefined();
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited!.contentType).toBe("application/problem+json");
    expect(limited!.body).toMatchObject({ status: 429, title: "Too many requests" });
    expect((await callApi(endpoint("listProjects"), { token: other })).status).toBe(200);
  });
});

describe("a change made with a token", () => {
  it("is audited like a click, by the token's user, with the token's name", async () => {
    const { id, token } = await createToken(f.users.manager, { name: "Release bot", scopes: ["read", "write"] });
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: f.preparingId, state: "OPEN", phase: "PRE_RELEASE" } });
    const answer = await callApi(endpoint("tickItem"), { token, params: { id: item.id }, body: { note: "CI green", evidenceUrl: "https://ci.example.com/run/42" } });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ id: item.id, state: "DONE", note: "CI green", tickedBy: { id: f.users.manager.id }, rowVersion: item.rowVersion + 1 });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "item.ticked", releaseId: f.preparingId }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actorId: f.users.manager.id, apiTokenId: id, apiTokenName: "Release bot", payload: { itemId: item.id, evidenceUrl: "https://ci.example.com/run/42" } });

    // The timeline shows it.
    const timeline = await callApi(endpoint("getTimeline"), { token, params: { id: f.preparingId }, query: { limit: "1" } });
    expect((timeline.body as { data: unknown[] }).data[0]).toMatchObject({ type: "item.ticked", actor: { id: f.users.manager.id }, apiToken: { id, name: "Release bot" } });
  });

  it("names the token in every event of the change, also those other modules record (a release's creation)", async () => {
    const { token } = await createToken(f.users.manager, { name: "Release creator", scopes: ["write"] });
    const answer = await callApi(endpoint("createRelease"), { token, params: { slug: "gateway" }, body: { version: "v7.0.0", title: "Seven" } });
    expect(answer.status, answer.text).toBe(201);
    const release = answer.body as { id: string; version: string; releaseManager: { id: string } };
    expect(release).toMatchObject({ version: "7.0.0", releaseManager: { id: f.users.manager.id } });
    const events = await prisma.auditEvent.findMany({ where: { releaseId: release.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["release.created", "release.manager_assigned"]);
    expect(events.map((e) => e.apiTokenName)).toEqual(["Release creator", "Release creator"]);
  });

  it("the same change in the browser names no token", async () => {
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: f.preparingId, state: "OPEN", phase: "PRE_RELEASE" } });
    expect(await run(updateItemAction, { itemId: item.id, rowVersion: item.rowVersion, change: { kind: "tick" } }, f.users.manager)).toMatchObject({ ok: true });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "item.ticked" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ actorId: f.users.manager.id, apiTokenId: null, apiTokenName: null });
  });
});

describe("errors are problem details", () => {
  let token = "";
  let releaseId = "";
  beforeAll(async () => {
    token = await userToken(prisma, f.users.admin.id, ["read", "write", "deploy"]);
    releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
  });

  it("409 when the item changed since the client read it (rowVersion)", async () => {
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId, state: "OPEN", phase: "PRE_RELEASE" } });
    expect((await callApi(endpoint("noteItem"), { token, params: { id: item.id }, body: { note: "first", rowVersion: item.rowVersion } })).status).toBe(200);
    const stale = await callApi(endpoint("tickItem"), { token, params: { id: item.id }, body: { rowVersion: item.rowVersion } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: "/api-reference#problem-conflict", title: "Conflict", status: 409, instance: `/api/v1/items/${item.id}/tick` });
    expect((stale.body as { detail: string }).detail).toMatch(/Someone else changed/);
    expect((await prisma.releaseItem.findUniqueOrThrow({ where: { id: item.id } })).state).toBe("OPEN");
  });

  it("422 lists every failing field, by the request's own field names", async () => {
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId, state: "OPEN", phase: "PRE_RELEASE" } });
    const answer = await callApi(endpoint("untickItem"), { token, params: { id: item.id }, body: { reason: "", rowVersion: 0 } });
    expect(answer.status).toBe(422);
    expect((answer.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(["reason", "rowVersion"]);

    const release = await callApi(endpoint("createRelease"), { token, params: { slug: "gateway" }, body: { version: "one", title: "" } });
    expect(release.status).toBe(422);
    expect(release.body).toMatchObject({ title: "Invalid input", errors: expect.arrayContaining([{ field: "version", detail: "Use a semantic version: MAJOR.MINOR.PATCH, like 0.5.0 or 1.2.0-rc.1" }, { field: "title", detail: "Enter a title" }]) });
  });

  it("422 from the action's own rules keeps its field (an evidence link that is not http)", async () => {
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId, state: "OPEN", phase: "PRE_RELEASE" } });
    const answer = await callApi(endpoint("tickItem"), { token, params: { id: item.id }, body: { evidenceUrl: "javascript:alert(1)" } });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ errors: [{ field: "evidenceUrl" }] });
  });

  it("404 for unknown and absurd ids", async () => {
    for (const id of ["nope", "x".repeat(65), "../../etc", "%00"]) {
      const answer = await callApi(endpoint("getRelease"), { token, params: { id } });
      expect(answer.status, id).toBe(404);
      expect(answer.contentType).toBe("application/problem+json");
    }
  });

  it("400 for malformed JSON, 415 for another content type, 413 for a huge body", async () => {
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId, state: "OPEN", phase: "PRE_RELEASE" } });
    const call = (body: string, headers: Record<string, string> = {}) => callApi(endpoint("noteItem"), { token, params: { id: item.id }, body, headers });
    expect((await call("{not json")).body).toMatchObject({ status: 400, detail: "The body is not valid JSON." });
    expect((await call("note=x", { "content-type": "application/x-www-form-urlencoded" })).body).toMatchObject({ status: 415 });
    expect((await call(JSON.stringify({ note: "x".repeat(MAX_BODY_BYTES) }))).body).toMatchObject({ status: 413 });
    expect((await call("[1,2]")).status).toBe(422);
    expect((await prisma.releaseItem.findUniqueOrThrow({ where: { id: item.id } })).rowVersion).toBe(item.rowVersion);
  });

  it("422 for a bad page size or a cursor the API did not hand out", async () => {
    expect((await callApi(endpoint("listProjects"), { token, query: { limit: "0" } })).body).toMatchObject({ status: 422, errors: [{ field: "limit" }] });
    expect((await callApi(endpoint("listProjects"), { token, query: { cursor: "bm9wZQ" } })).body).toMatchObject({ status: 422, errors: [{ field: "cursor" }] });
  });
});

describe("pagination", () => {
  it("walks a project's releases page by page, newest first, without gaps or repeats", async () => {
    const token = await userToken(prisma, f.users.viewer.id, ["read"]);
    const project = await prisma.project.create({ data: { slug: "paged", name: "Paged" } });
    for (let i = 0; i < 7; i++) await createFixtureRelease(prisma, f, { projectId: project.id, version: `1.${i}.0` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await callApi(endpoint("listReleases"), { token, params: { slug: "paged" }, query: { limit: "3", ...(cursor ? { cursor } : {}) } });
      expect(answer.status, answer.text).toBe(200);
      const page = answer.body as { data: { version: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((r) => r.version));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(["1.6.0", "1.5.0", "1.4.0", "1.3.0", "1.2.0", "1.1.0", "1.0.0"]);
    const one = await callApi(endpoint("listReleases"), { token, params: { slug: "paged" }, query: { version: "1.3.0" } });
    expect((one.body as { data: { version: string }[] }).data.map((r) => r.version)).toEqual(["1.3.0"]);
  });
});
