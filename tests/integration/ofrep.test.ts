// OFREP (lib/flags/ofrep.ts) through a real HTTP server wrapping the route handlers, as a service reaches
// Preflight: the official OpenFeature server SDK with its OFREP provider, and plain fetch for the protocol's
// edges (ETag, errors). Real PostgreSQL; percentages are set with the flag panel's own action.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { OFREPProvider } from "@openfeature/ofrep-provider";
import { OpenFeature } from "@openfeature/server-sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as evaluateAll } from "@/app/ofrep/v1/evaluate/flags/route";
import { POST as evaluateOne } from "@/app/ofrep/v1/evaluate/flags/[key]/route";
import { actionDefinition, executeAction } from "@/lib/actions/define-action";
import { setFlagRolloutAction, toggleFlagAction } from "@/lib/deploys/actions";
import { bucketOf, inRollout } from "@/lib/flags/bucketing";
import { evaluateFlag } from "@/lib/flags/evaluate";
import { listFlagsForEvaluation } from "@/lib/flags/queries";
import { hashToken } from "@/lib/tokens/token";
import { projectToken, userToken } from "../support/api";
import { createDemoDatabase } from "../support/releases";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
// Thousands of evaluations in a few seconds: OFREP's own limit, set high; the limiter is tested in the unit tests.
process.env.PREFLIGHT_OFREP_RATE_LIMIT = "1000000";
process.env.PREFLIGHT_API_RATE_LIMIT = "5";

const { prisma, f } = await createDemoDatabase();
let server: Server;
let baseUrl = "";
let token = "";

/** Node's request → a web Request for the route handler → its Response written back. */
async function serve(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? "/", baseUrl);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const request = new Request(url, { method: req.method, headers, body: req.method === "POST" && chunks.length > 0 ? Buffer.concat(chunks) : undefined });
  const single = /^\/ofrep\/v1\/evaluate\/flags\/([^/]+)$/.exec(url.pathname);
  let response: Response;
  if (req.method !== "POST") response = new Response(null, { status: 405 });
  else if (url.pathname === "/ofrep/v1/evaluate/flags") response = await evaluateAll(request);
  else if (single) response = await evaluateOne(request, { params: Promise.resolve({ key: decodeURIComponent(single[1]!) }) });
  else response = new Response(null, { status: 404 });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function setPercent(key: string, percent: number, releaseId?: string) {
  const flag = await prisma.featureFlag.findFirstOrThrow({ where: { projectId: f.projectId, key } });
  const result = await executeAction(setFlagRolloutAction[actionDefinition]!, { flagId: flag.id, percent, ...(releaseId ? { releaseId } : {}) }, f.users.manager);
  expect(result.ok, JSON.stringify(result)).toBe(true);
}

function post(path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) {
  return fetch(`${baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

beforeAll(async () => {
  for (const key of ["new-checkout", "dark-mode", "kill-me"]) await prisma.featureFlag.create({ data: { projectId: f.projectId, key, enabled: true, rolloutPercent: 100 } });
  token = await projectToken(prisma, f.projectId);
  server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      res.writeHead(599);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await OpenFeature.setProviderAndWait("preflight", new OFREPProvider({ baseUrl, headers: [["Authorization", `Bearer ${token}`]] }));
});

afterAll(async () => {
  await OpenFeature.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("the official OpenFeature SDK with the OFREP provider", () => {
  const client = () => OpenFeature.getClient("preflight");

  it("evaluates a flag that is on for everyone: true, STATIC, variant on", async () => {
    const details = await client().getBooleanDetails("new-checkout", false, { targetingKey: "user-1" });
    expect(details).toMatchObject({ value: true, reason: "STATIC", variant: "on", flagMetadata: { rolloutPercent: 100 } });
    expect(details.errorCode).toBeUndefined();
  });

  it("evaluates a percentage rollout by the targeting key: SPLIT, the same answer as the bucket says", async () => {
    await setPercent("dark-mode", 30);
    for (const targetingKey of ["alice", "bob", "carol", "dave", "erin"]) {
      const details = await client().getBooleanDetails("dark-mode", false, { targetingKey });
      expect(details).toMatchObject({ reason: "SPLIT", value: inRollout(bucketOf("dark-mode", targetingKey), 30) });
    }
  });

  it("returns the caller's default with FLAG_NOT_FOUND for an unknown flag, and TARGETING_KEY_MISSING for a split without a key", async () => {
    expect(await client().getBooleanDetails("no-such-flag", true, { targetingKey: "u" })).toMatchObject({ value: true, reason: "ERROR", errorCode: "FLAG_NOT_FOUND" });
    expect(await client().getBooleanDetails("dark-mode", true, {})).toMatchObject({ value: true, reason: "ERROR", errorCode: "TARGETING_KEY_MISSING" });
  });

  it("sees a kill switch (0 %) on its very next evaluation", async () => {
    expect(await client().getBooleanValue("kill-me", false, { targetingKey: "user-1" })).toBe(true);
    await setPercent("kill-me", 0, f.preparingId);
    const committed = performance.now();
    let evaluations = 0;
    let value = true;
    while (value && performance.now() - committed < 5000) {
      value = await client().getBooleanValue("kill-me", true, { targetingKey: "user-1" });
      evaluations++;
    }
    const delayMs = performance.now() - committed;
    console.log(`[ofrep] kill switch: seen after ${evaluations} evaluation(s), ${delayMs.toFixed(1)} ms after the change committed`);
    expect(value).toBe(false);
    // The server provider caches nothing: the first evaluation after the change is already off.
    expect(evaluations).toBe(1);
    expect(await client().getBooleanDetails("kill-me", true, { targetingKey: "user-1" })).toMatchObject({ value: false, reason: "DISABLED", variant: "off" });
  });

  it("ends in the default value with an error for a revoked token, never a wrong answer", async () => {
    const revoked = await projectToken(prisma, f.projectId);
    await prisma.apiToken.update({ where: { tokenHash: hashToken(revoked) }, data: { revokedAt: new Date() } });
    await OpenFeature.setProviderAndWait("revoked", new OFREPProvider({ baseUrl, headers: [["Authorization", `Bearer ${revoked}`]] }));
    expect(await OpenFeature.getClient("revoked").getBooleanDetails("new-checkout", false, { targetingKey: "u" })).toMatchObject({ value: false, reason: "ERROR" });
  });
});

describe("sticky buckets, read from the database", () => {
  const keys = Array.from({ length: 10_000 }, (_, i) => `customer-${i}`);

  it("keeps a key that is in at 10 % in at 50 %, and matches the fraction within ±3 % over 10,000 keys", async () => {
    const inAt = async (percent: number) => {
      await setPercent("new-checkout", percent);
      const flag = (await listFlagsForEvaluation(f.projectId)).find((candidate) => candidate.key === "new-checkout")!;
      return new Set(keys.filter((key) => { const r = evaluateFlag(flag, key); return r.ok && r.value; }));
    };
    const at10 = await inAt(10);
    const at50 = await inAt(50);
    console.log(`[ofrep] bucketing over 10,000 keys: ${(at10.size / 100).toFixed(2)} % on at 10 %, ${(at50.size / 100).toFixed(2)} % on at 50 %`);
    expect([...at10].filter((key) => !at50.has(key))).toEqual([]);
    expect(Math.abs(at10.size / keys.length - 0.1)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(at50.size / keys.length - 0.5)).toBeLessThanOrEqual(0.03);

    // The HTTP answers are the same, for a sample of the keys.
    for (const key of keys.slice(0, 200)) {
      const answer = (await (await post("/ofrep/v1/evaluate/flags/new-checkout", { context: { targetingKey: key } })).json()) as { value: boolean };
      expect(answer.value, key).toBe(at50.has(key));
    }
  });
});

describe("the protocol's edges", () => {
  it("answers the bulk evaluation with an ETag, 304 for If-None-Match, and a new ETag after a change", async () => {
    await setPercent("dark-mode", 30);
    const first = await post("/ofrep/v1/evaluate/flags", { context: { targetingKey: "alice" } });
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const body = (await first.json()) as { flags: { key: string }[] };
    expect(body.flags.map((flag) => flag.key)).toEqual(expect.arrayContaining(["dark-mode", "kill-me", "new-checkout", "INTEGRATIONS_GITHUB_ACTIONS_ENABLED"]));
    expect(body.flags.find((flag) => flag.key === "dark-mode")).toMatchObject({ key: "dark-mode", reason: "SPLIT", variant: expect.stringMatching(/^(on|off)$/) });

    const again = await post("/ofrep/v1/evaluate/flags", { context: { targetingKey: "alice" } }, { authorization: `Bearer ${token}`, "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");

    // "*" would keep a client on its cached answer forever: it never matches.
    const star = await post("/ofrep/v1/evaluate/flags", { context: { targetingKey: "alice" } }, { authorization: `Bearer ${token}`, "if-none-match": "*" });
    expect(star.status).toBe(200);

    await setPercent("dark-mode", 0);
    const changed = await post("/ofrep/v1/evaluate/flags", { context: { targetingKey: "alice" } }, { authorization: `Bearer ${token}`, "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("counts evaluations apart from the REST API's limit (5 a minute here), so a busy service keeps its flags", async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => post("/ofrep/v1/evaluate/flags/kill-me", { context: {} })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
  });

  it("lists a split flag without a targeting key as that flag's error in the bulk answer", async () => {
    await setPercent("dark-mode", 40);
    const answer = await post("/ofrep/v1/evaluate/flags", { context: {} });
    expect(answer.status).toBe(200);
    const { flags } = (await answer.json()) as { flags: Record<string, unknown>[] };
    expect(flags.find((flag) => flag.key === "dark-mode")).toMatchObject({ errorCode: "TARGETING_KEY_MISSING" });
    expect(flags.find((flag) => flag.key === "kill-me")).toMatchObject({ value: false, reason: "DISABLED" });
  });

  it("answers 404 FLAG_NOT_FOUND for an unknown key, and for a key only another project has", async () => {
    const unknown = await post("/ofrep/v1/evaluate/flags/nope", { context: { targetingKey: "u" } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ key: "nope", errorCode: "FLAG_NOT_FOUND" });
    const other = await prisma.project.create({ data: { slug: "other-ofrep", name: "Other" } });
    const otherToken = await projectToken(prisma, other.id);
    const foreign = await post("/ofrep/v1/evaluate/flags/new-checkout", { context: { targetingKey: "u" } }, { authorization: `Bearer ${otherToken}` });
    expect(foreign.status).toBe(404);
    const bulk = await post("/ofrep/v1/evaluate/flags", { context: { targetingKey: "u" } }, { authorization: `Bearer ${otherToken}` });
    expect(await bulk.json()).toEqual({ flags: [] });
  });

  it("answers 401 without a token, with a malformed, unknown or revoked one", async () => {
    const revoked = await projectToken(prisma, f.projectId);
    await prisma.apiToken.update({ where: { tokenHash: hashToken(revoked) }, data: { revokedAt: new Date() } });
    for (const path of ["/ofrep/v1/evaluate/flags/new-checkout", "/ofrep/v1/evaluate/flags"]) {
      for (const headers of [{} as Record<string, string>, { authorization: "Bearer nonsense" }, { authorization: `Bearer pf_${"x".repeat(43)}` }, { authorization: `Bearer ${revoked}` }]) {
        const answer = await post(path, { context: { targetingKey: "u" } }, headers);
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer /);
        expect(await answer.json()).toHaveProperty("errorDetails");
      }
    }
    expect((await post("/ofrep/v1/evaluate/flags", { context: { targetingKey: "u" } }, { authorization: `Bearer ${revoked}` }).then((r) => r.json()))).toEqual({ errorDetails: "This API token was revoked." });
  });

  it("answers 403 to a user's token, whatever its scopes and role, and to a project token without flags:read", async () => {
    const userWithEverything = await userToken(prisma, f.users.admin.id, ["read", "write", "deploy"]);
    const noScope = await projectToken(prisma, f.projectId, []);
    for (const bearer of [userWithEverything, noScope]) {
      for (const path of ["/ofrep/v1/evaluate/flags/new-checkout", "/ofrep/v1/evaluate/flags"]) {
        const answer = await post(path, { context: { targetingKey: "u" } }, { authorization: `Bearer ${bearer}` });
        expect(answer.status, path).toBe(403);
      }
    }
  });

  it("accepts the token as X-API-Key too", async () => {
    expect((await post("/ofrep/v1/evaluate/flags/new-checkout", { context: { targetingKey: "u" } }, { "x-api-key": token })).status).toBe(200);
  });

  it("answers 400 to a bad body, never 500", async () => {
    const cases: [string, string, string][] = [
      ["{not json", "PARSE_ERROR", "not valid JSON"],
      ["[1,2]", "PARSE_ERROR", "JSON object"],
      ['"context"', "PARSE_ERROR", "JSON object"],
      ['{"context": 5}', "INVALID_CONTEXT", "context must be an object"],
      ['{"context": ["a"]}', "INVALID_CONTEXT", "context must be an object"],
      ['{"context": {"targetingKey": 42}}', "INVALID_CONTEXT", "targetingKey must be a string"],
      [JSON.stringify({ context: { targetingKey: "k".repeat(2000) } }), "INVALID_CONTEXT", "more than 1024"],
      [JSON.stringify({ context: { targetingKey: "k" }, pad: "x".repeat(70 * 1024) }), "PARSE_ERROR", "larger than"],
    ];
    for (const [body, errorCode, detail] of cases) {
      const single = await post("/ofrep/v1/evaluate/flags/new-checkout", body);
      expect(single.status, body.slice(0, 40)).toBe(400);
      expect(await single.json()).toMatchObject({ key: "new-checkout", errorCode, errorDetails: expect.stringContaining(detail) });
      const bulk = await post("/ofrep/v1/evaluate/flags", body);
      expect(bulk.status, body.slice(0, 40)).toBe(400);
      expect(await bulk.json()).toMatchObject({ errorCode, errorDetails: expect.stringContaining(detail) });
    }
    // No body, or no context: an empty context (fine for flags that are on or off for everyone).
    expect((await post("/ofrep/v1/evaluate/flags/kill-me", "")).status).toBe(200);
    expect((await post("/ofrep/v1/evaluate/flags/kill-me", {})).status).toBe(200);
    // A key no flag can have is simply not found.
    expect((await post(`/ofrep/v1/evaluate/flags/${encodeURIComponent("a b/../c")}`, {})).status).toBe(404);
  });
});

describe("a change of percentage", () => {
  it("is audited with its release and recorded in the flag's history; the toggle still means 100 % and 0 %", async () => {
    const flag = await prisma.featureFlag.findFirstOrThrow({ where: { projectId: f.projectId, key: "new-checkout" } });
    await setPercent("new-checkout", 25, f.preparingId);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "flag.rollout_set" }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ releaseId: f.preparingId, projectId: f.projectId, actorId: f.users.manager.id });
    expect(event.payload).toMatchObject({ flag: "new-checkout", percent: 25 });
    const change = await prisma.flagChange.findFirstOrThrow({ where: { flagId: flag.id }, orderBy: { at: "desc" } });
    expect(change).toMatchObject({ rolloutPercent: 25, enabled: true, releaseId: f.preparingId, actorId: f.users.manager.id });

    expect(await executeAction(toggleFlagAction[actionDefinition]!, { flagId: flag.id, enabled: false }, f.users.manager)).toEqual({ ok: true, data: { id: flag.id, enabled: false } });
    expect(await prisma.featureFlag.findUniqueOrThrow({ where: { id: flag.id }, select: { enabled: true, rolloutPercent: true } })).toEqual({ enabled: false, rolloutPercent: 0 });
    const off = await prisma.auditEvent.findFirstOrThrow({ where: { type: "flag.changed" }, orderBy: { id: "desc" } });
    expect(off.payload).toMatchObject({ flag: "new-checkout", enabled: false, fromPercent: 25 });
    expect(await executeAction(toggleFlagAction[actionDefinition]!, { flagId: flag.id, enabled: true }, f.users.manager)).toMatchObject({ ok: true });
    expect(await prisma.featureFlag.findUniqueOrThrow({ where: { id: flag.id }, select: { enabled: true, rolloutPercent: true } })).toEqual({ enabled: true, rolloutPercent: 100 });
  });

  it("is refused to a viewer and outside 0–100, and writes nothing then", async () => {
    const flag = await prisma.featureFlag.findFirstOrThrow({ where: { projectId: f.projectId, key: "new-checkout" } });
    const before = await prisma.flagChange.count();
    expect(await executeAction(setFlagRolloutAction[actionDefinition]!, { flagId: flag.id, percent: 50 }, f.users.viewer)).toMatchObject({ ok: false, code: "forbidden" });
    for (const percent of [-1, 101, 12.5, "50"]) {
      expect(await executeAction(setFlagRolloutAction[actionDefinition]!, { flagId: flag.id, percent }, f.users.manager)).toMatchObject({ ok: false, code: "invalid" });
    }
    expect(await prisma.flagChange.count()).toBe(before);
  });
});
