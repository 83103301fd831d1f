// The fuzz suite: property-based tests (fast-check) over every server action's input schema and every
// route handler's params and query, against a real database with the demo seeded. For every input:
// never a 500 (an action's "Something went wrong"), never a partial write (nothing a refused call wrote
// is kept: no insert, update or delete), never internal text (Prisma, SQL, stack frames) in what comes back.
//
// 10,000 inputs in all with a fixed seed (npm test, CI). `npm run fuzz` runs many more with a fresh seed:
// FUZZ_RUNS=<total inputs> and FUZZ_SEED=<seed> replay a failure (fast-check prints both).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actionDefinition, executeAction, type ServerAction } from "@/lib/actions/define-action";
import { apiEndpoints } from "@/lib/api/endpoints";
import { MAX_BODY_BYTES } from "@/lib/api/endpoint";
import { roles } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import { pipelineStepsSchema } from "@/lib/deploys/pipeline-schema";
import { closeQueueSender } from "@/lib/deploys/queue";
import { routeAccess, type RouteAccess } from "@/lib/http/route";
import { seedDemo } from "@/lib/seed/demo";
import { actingUser, createUser } from "../support/acting-user";
import { callApi, userToken } from "../support/api";
import { createTestDatabase } from "../support/database";
import { arbitraryFor, junk } from "../support/zod-arbitrary";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? Date.now() : 20261202;
// Actions write; routes only read: most of the budget goes to actions. The REST API's endpoints get their own share.
const ACTION_SHARE = 0.75;
const API_SHARE = 0.1;
// The fuzzer's tokens send thousands of requests: the rate limit is tested elsewhere (api-tokens.test.ts).
process.env.PREFLIGHT_API_RATE_LIMIT = "1000000";

const root = path.resolve(import.meta.dirname, "..", "..");
const { prisma, url } = await createTestDatabase();
const users = new Map<string, CurrentUser>();
const apiTokens = new Map<string, string>();
let ids: string[] = [];
let tables: string[] = [];

/** Text that must never reach a user: ORM and driver errors, SQL, stack frames. */
const INTERNAL = /prisma|invocation|\bP\d{4}\b|\bat .+:\d+:\d+|violates|constraint|syntax error|duplicate key|ECONN|TypeError|ReferenceError|RangeError|SyntaxError|Cannot read prop|is not a function|undefined is not|\bSQL\b|postgres/i;

// Every committed INSERT, UPDATE or DELETE statement on an application table adds a row to fuzz.writes (a
// statement trigger, installed below). A refused call must leave its highest id as it was: nothing it did
// was kept, row counts and updates alike. One indexed read per check, where counting every table was slow.
async function installWriteLog(): Promise<void> {
  await prisma.$executeRawUnsafe(`CREATE SCHEMA fuzz`);
  await prisma.$executeRawUnsafe(`CREATE TABLE fuzz.writes (id bigserial PRIMARY KEY, tbl text NOT NULL)`);
  await prisma.$executeRawUnsafe(`CREATE FUNCTION fuzz.log_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO fuzz.writes (tbl) VALUES (TG_TABLE_NAME); RETURN NULL; END $$`);
  for (const table of tables) {
    await prisma.$executeRawUnsafe(`CREATE TRIGGER fuzz_log_write AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION fuzz.log_write()`);
  }
}

/** The newest write; `ignoreTokenUse` leaves out API tokens' last-used time (refreshed by any request). */
async function lastWrite(options: { ignoreTokenUse?: boolean } = {}): Promise<{ id: string; tbl: string } | null> {
  const [row] = options.ignoreTokenUse
    ? await prisma.$queryRaw<{ id: string; tbl: string }[]>`SELECT id::text, tbl FROM fuzz.writes WHERE tbl <> 'ApiToken' ORDER BY id DESC LIMIT 1`
    : await prisma.$queryRaw<{ id: string; tbl: string }[]>`SELECT id::text, tbl FROM fuzz.writes ORDER BY id DESC LIMIT 1`;
  return row ?? null;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !e.parentPath.includes("generated")).map((e) => path.join(e.parentPath, e.name));
}

async function serverActions(): Promise<{ name: string; action: ServerAction<unknown> }[]> {
  const found: { name: string; action: ServerAction<unknown> }[] = [];
  for (const file of [...(await sourceFiles("lib")), ...(await sourceFiles("app"))]) {
    if (!/^\s*(\/\/.*\n|\s)*["']use server["']/.test(await readFile(file, "utf8"))) continue;
    for (const [exportName, value] of Object.entries((await import(file)) as Record<string, unknown>)) {
      if ((value as ServerAction<unknown>)[actionDefinition]) found.push({ name: `${path.relative(root, file)} → ${exportName}`, action: value as ServerAction<unknown> });
    }
  }
  return found;
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function routeHandlers(): Promise<{ name: string; handler: Handler; method: string; access: RouteAccess }[]> {
  const found: { name: string; handler: Handler; method: string; access: RouteAccess }[] = [];
  for (const file of (await sourceFiles("app")).filter((f) => path.basename(f) === "route.ts")) {
    const name = path.relative(root, file);
    // next-auth's endpoints need Next's request scope (headers(), cookies()) and cannot be called in-process;
    // their input (sign-in) is covered by the sign-in tests.
    if (name.includes("[...nextauth]")) continue;
    for (const [method, handler] of Object.entries((await import(file)) as Record<string, unknown>)) {
      const access = (handler as { [routeAccess]?: RouteAccess })[routeAccess];
      if (access && ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(method)) found.push({ name: `${method} ${name}`, handler: handler as Handler, method, access });
    }
  }
  return found;
}

const actions = await serverActions();
const routes = await routeHandlers();
// Rounded up, so that the inputs add up to at least FUZZ_RUNS.
const actionRuns = Math.max(1, Math.ceil((TOTAL_RUNS * ACTION_SHARE) / actions.length));
const routeRuns = Math.max(1, Math.ceil((TOTAL_RUNS * (1 - ACTION_SHARE - API_SHARE)) / routes.length));
const apiRuns = Math.max(1, Math.ceil((TOTAL_RUNS * API_SHARE) / apiEndpoints.length));
const timeoutFor = (runs: number) => 60_000 + runs * 100;

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  process.env.PREFLIGHT_SECRETS_KEY = "a".repeat(64);
  await seedDemo(prisma, { password: "fuzz-password-1" });
  for (const role of roles) {
    users.set(role, await createUser(prisma, role));
    apiTokens.set(role, await userToken(prisma, users.get(role)!.id, ["read", "write", "deploy"]));
  }
  tables = (
    await prisma.$queryRaw<{ table_name: string }[]>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`
  ).map((t) => t.table_name);
  await installWriteLog();
  // Real ids, so that inputs reach past "not found" into the rules and the writes.
  const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
    ["Project", "Release", "ReleaseItem", "SignoffRequirement", "Signoff", "ChecklistTemplate", "Pipeline", "DeployRun", "DeployStep", "FeatureFlag", "User"]
      .map((t) => `(SELECT id::text FROM "${t}" LIMIT 12)`)
      .join(" UNION ALL "),
  );
  ids = rows.map((r) => r.id);
  console.log(`[fuzz] seed ${SEED}: ${actions.length} actions × ${actionRuns} inputs, ${routes.length} route handlers × ${routeRuns} inputs, ${apiEndpoints.length} API endpoints × ${apiRuns} inputs`);
});

afterAll(async () => {
  await closeQueueSender();
});

const actorArbitrary = () => fc.oneof({ weight: 6, arbitrary: fc.constant("ADMIN") }, { weight: 2, arbitrary: fc.constantFrom(...roles) }, { weight: 1, arbitrary: fc.constant(null) });

describe("fuzzing every server action", () => {
  it("finds the actions", () => {
    expect(actions.length).toBeGreaterThan(20);
  });

  it("sees a kept write (the partial-write check works)", async () => {
    const before = await lastWrite();
    const project = await prisma.project.findFirstOrThrow({ select: { id: true } });
    const save = actions.find((a) => a.name.endsWith("setProjectSecretAction"))!.action;
    expect(await executeAction(save[actionDefinition]!, { projectId: project.id, name: "FUZZ_CHECK", value: "x" }, users.get("ADMIN")!)).toMatchObject({ ok: true });
    expect(await lastWrite()).not.toEqual(before);
  });

  it("refuses text with a NUL character field by field (PostgreSQL cannot store it), instead of failing in the database", async () => {
    const transition = actions.find((a) => a.name.endsWith("transitionReleaseAction"))!.action;
    const before = await lastWrite();
    expect(await executeAction(transition[actionDefinition]!, { releaseId: "\u0000", to: "DRAFT", reason: "" }, users.get("ADMIN")!)).toEqual({
      ok: false,
      code: "invalid",
      message: "Check the highlighted fields.",
      fieldErrors: { releaseId: ["Remove the NUL character (\\0) from this text"] },
    });
    expect(await lastWrite()).toEqual(before);
  });

  for (const { name, action } of actions) {
    it(`${name}: never a 500, a partial write or internal text`, { timeout: timeoutFor(actionRuns) }, async () => {
      const definition = action[actionDefinition]!;
      const input = arbitraryFor(definition.input, { ids, fields: { steps: fc.oneof(arbitraryFor(pipelineStepsSchema, { ids }), junk) } });
      await fc.assert(
        fc.asyncProperty(input, actorArbitrary(), async (raw, role) => {
          const before = await lastWrite();
          const result = await executeAction(definition, raw, role ? users.get(role)! : null);
          if (result.ok) return;
          expect(result.code, result.message).not.toBe("error");
          expect(JSON.stringify({ message: result.message, fieldErrors: result.fieldErrors })).not.toMatch(INTERNAL);
          expect(await lastWrite(), "a refused call kept a write").toEqual(before);
        }),
        { numRuns: actionRuns, seed: SEED },
      );
    });
  }
});

describe("fuzzing every route handler", () => {
  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(5);
  });

  const value = fc.oneof(
    fc.constantFrom("", "0", "-1", "1e3", "9999999999999999999", "99999999999999999999999", "NaN", "null", "[]", "%00"),
    fc.stringMatching(/^\d{1,25}$/),
    fc.integer().map(String),
    fc.string({ maxLength: 80, unit: "grapheme" }),
    fc.string({ maxLength: 4, unit: "binary" }),
    fc.constant("x".repeat(5000)),
  );
  const query = fc.dictionary(fc.oneof(fc.constantFrom("after", "take", "release", "project", "id", "page", "cursor"), fc.string({ maxLength: 8 })), value, { maxKeys: 4 });

  for (const { name, handler, method, access } of routes) {
    it(`${name}: never a 500 or internal text`, { timeout: timeoutFor(routeRuns) }, async () => {
      const id = fc.oneof({ weight: 3, arbitrary: fc.constant(null).chain(() => fc.constantFrom(...ids)) }, { weight: 2, arbitrary: value });
      await fc.assert(
        fc.asyncProperty(query, id, actorArbitrary(), fc.option(fc.string({ maxLength: 200 }), { nil: undefined }), async (params, routeId, role, body) => {
          actingUser.current = role ? users.get(role)! : null;
          const search = new URLSearchParams(params).toString();
          const connection = new AbortController();
          const request = new Request(`http://localhost/fuzz${search ? `?${search}` : ""}`, { method, signal: connection.signal, ...(method === "GET" ? {} : { body }) });
          const response = await handler(request, { params: Promise.resolve({ id: routeId }) });
          // Live streams stay open until the client goes away.
          const streaming = response.headers.get("content-type")?.includes("text/event-stream");
          connection.abort();
          const text = streaming ? "" : await response.text();
          await response.body?.cancel().catch(() => undefined);
          expect(response.status, `${response.status} ${text.slice(0, 300)}`).toBeLessThan(500);
          if (access.kind === "protected" && !role) expect(response.status).toBe(401);
          // A success carries the user's own content (a checklist may well mention SQL); errors must not leak.
          if (response.status >= 400) expect(text).not.toMatch(INTERNAL);
        }),
        { numRuns: routeRuns, seed: SEED },
      );
    });
  }
});

describe("fuzzing every REST API endpoint with a real token", () => {
  const value = fc.oneof(fc.constantFrom("", "0", "-1", "9999999999999999999", "null", "%00", "../x", "x".repeat(5000)), fc.string({ maxLength: 80, unit: "grapheme" }));
  const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "application/merge-patch+json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "");
  // What arrives as a body: well-shaped JSON, JSON of anything, not JSON, not UTF-8, too big, or nothing.
  const bodyFor = (schema: Parameters<typeof arbitraryFor>[0] | undefined) =>
    fc.oneof(
      { weight: 4, arbitrary: (schema ? arbitraryFor(schema, { ids }) : junk).map((v) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)) ?? "") },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
      { weight: 1, arbitrary: fc.constantFrom("{", "[", '{"a":', "\uFFFD\u0000", "\u00ff\u00fe", "null", "1e999", '{"__proto__":{"x":1}}', "x".repeat(MAX_BODY_BYTES + 1)) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );

  it("finds the endpoints", () => {
    expect(apiEndpoints.length).toBeGreaterThanOrEqual(20);
  });

  for (const endpoint of apiEndpoints) {
    it(`${endpoint.method} ${endpoint.path}: never a 500, a partial write or internal text`, { timeout: timeoutFor(apiRuns) }, async () => {
      const names = Object.keys(endpoint.params?.shape ?? {});
      const params = fc.record(Object.fromEntries(names.map((name) => [name, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids, "gateway") }, { weight: 1, arbitrary: value })])));
      const query = fc.dictionary(fc.constantFrom("limit", "cursor", "status", "version", "after"), value, { maxKeys: 3 });
      await fc.assert(
        fc.asyncProperty(params, query, fc.option(fc.constantFrom(...roles), { nil: null, freq: 8 }), bodyFor(endpoint.body), contentType, async (routeParams, search, role, body, type) => {
          const before = await lastWrite({ ignoreTokenUse: true });
          const answer = await callApi(endpoint, {
            token: role ? apiTokens.get(role)! : null,
            params: routeParams as Record<string, string>,
            query: search,
            ...(endpoint.method === "GET" || body === undefined ? {} : { body, headers: { "content-type": type } }),
          });
          expect(answer.status, `${answer.status} ${answer.text.slice(0, 300)}`).toBeLessThan(500);
          if (!role) expect(answer.status).toBe(401);
          if (answer.status >= 400) {
            expect(answer.contentType).toBe("application/problem+json");
            expect(answer.text).not.toMatch(INTERNAL);
            expect(await lastWrite({ ignoreTokenUse: true }), "a refused call kept a write").toEqual(before);
          }
        }),
        { numRuns: apiRuns, seed: SEED },
      );
    });
  }
});
