// Contract: the OpenAPI document (/api/v1/openapi.json) says what the API really does. Every endpoint in it is
// served by its route file, and every answer the API gives to a wide set of real requests (successes and
// each kind of error) has a documented status and content type and validates against the documented schema.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Endpoint } from "@/lib/api/endpoint";
import { apiEndpoints } from "@/lib/api/endpoints";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { appendLogLine } from "@/lib/deploys/log-chunks";
import { closeQueueSender } from "@/lib/deploys/queue";
import { routeAccess } from "@/lib/http/route";
import { callApi, projectToken, userToken, type ApiAnswer, type ApiCall } from "../support/api";
import { makeReleaseReady } from "../support/deploys";
import { createDemoDatabase, createFixtureRelease } from "../support/releases";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

process.env.PREFLIGHT_API_RATE_LIMIT = "200";
const { prisma, f } = await createDemoDatabase();
const root = path.resolve(import.meta.dirname, "..", "..");
const doc = buildOpenApiDocument();
const DOC_ID = "https://preflight.invalid/openapi.json";
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: DOC_ID, components: doc.components });

const endpoint = (operationId: string) => apiEndpoints.find((e) => e.operationId === operationId)!;
const checked: { operationId: string; status: number }[] = [];

type Operation = { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }>; headers?: Record<string, unknown> }> };

/** Calls the endpoint and checks the answer against the document: status, content type, body, headers. */
async function contract(operationId: string, call: ApiCall): Promise<ApiAnswer> {
  const e = endpoint(operationId);
  const answer = await callApi(e, call);
  const operation = (doc.paths[e.path] as Record<string, Operation>)[e.method.toLowerCase()]!;
  const documented = operation.responses[String(answer.status)];
  expect(documented, `${operationId} answered ${answer.status}, which its document does not list: ${answer.text.slice(0, 300)}`).toBeDefined();
  const [contentType, media] = Object.entries(documented!.content ?? {})[0]!;
  expect(answer.contentType.split(";")[0]).toBe(contentType);
  const validate = ajv.getSchema(`${DOC_ID}${media.schema.$ref}`)!;
  expect(validate(answer.body), `${operationId} ${answer.status}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
  for (const header of Object.keys(documented!.headers ?? {})) expect(answer.headers.get(header), header).not.toBeNull();
  checked.push({ operationId, status: answer.status });
  return answer;
}

let token = "";
let viewerToken = "";
let ids: { preparing: string; ready: string; item: string; optionalItem: string; flagKey: string } = { preparing: "", ready: "", item: "", optionalItem: "", flagKey: "" };

beforeAll(async () => {
  token = await userToken(prisma, f.users.admin.id, ["read", "write", "deploy"]);
  viewerToken = await userToken(prisma, f.users.viewer.id, ["read", "write"]);
  const preparing = await createFixtureRelease(prisma, f, { status: "PREPARING" });
  const ready = await createFixtureRelease(prisma, f, { status: "PREPARING" });
  await makeReleaseReady(prisma, ready, f.users.admin.id);
  const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: preparing, phase: "PRE_RELEASE", required: true } });
  const optionalItem = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: preparing, phase: "PRE_RELEASE", required: false } });
  const flag = await prisma.featureFlag.findFirstOrThrow({ where: { projectId: f.projectId } });
  ids = { preparing, ready, item: item.id, optionalItem: optionalItem.id, flagKey: flag.key };
});

afterAll(async () => {
  await closeQueueSender();
});

describe("the document", () => {
  it("is OpenAPI 3.1 and every schema in it compiles", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const name of Object.keys(doc.components.schemas)) expect(ajv.getSchema(`${DOC_ID}#/components/schemas/${name}`), name).toBeDefined();
  });

  it("lists exactly the endpoints the route files serve, each with the same handler", async () => {
    const routeFiles = (await readdir(path.join(root, "app/api/v1"), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name === "route.ts")
      .map((entry) => path.join(entry.parentPath, entry.name));
    const served: string[] = [];
    for (const file of routeFiles) {
      const apiPath = `/${path.relative(path.join(root, "app"), path.dirname(file)).replace(/\[(\w+)\]/g, "{$1}")}`;
      if (apiPath === "/api/v1/openapi.json") continue;
      const routeModule = (await import(file)) as Record<string, unknown>;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const handler = routeModule[method] as Endpoint["handle"] | undefined;
        if (!handler) continue;
        served.push(`${method} ${apiPath}`);
        const declared = apiEndpoints.find((e) => e.method === method && e.path === apiPath);
        expect(declared, `${method} ${apiPath} is served but not in lib/api/endpoints`).toBeDefined();
        expect(handler, `${method} ${apiPath} must export the endpoint's handle`).toBe(declared!.handle);
        expect((handler as unknown as Record<symbol, unknown>)[routeAccess]).toEqual({ kind: "api", permission: declared!.permission });
      }
    }
    expect(served.sort()).toEqual(apiEndpoints.map((e) => `${e.method} ${e.path}`).sort());
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(apiEndpoints.map((e) => e.path))].sort());
  });

  it("is what /api/v1/openapi.json serves", async () => {
    const { GET } = (await import("@/app/api/v1/openapi.json/route")) as { GET: () => Promise<Response> };
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

describe("real answers match the document", () => {
  it("projects", async () => {
    await contract("listProjects", { token });
    await contract("listProjects", { token, query: { limit: "1" } });
    await contract("listProjects", { token, query: { limit: "many" } });
    expect((await contract("createProject", { token, body: { slug: "checkout-api", name: "Checkout API", repositoryUrl: "https://git.example.com/checkout", baselineVersion: "3.1.4" } })).body).toMatchObject({ baselineVersion: "3.1.4" });
    expect((await contract("createProject", { token, body: { slug: "checkout-api", name: "Again" } })).status).toBe(409);
    expect((await contract("createProject", { token, body: { slug: "Not A Slug", name: "" } })).status).toBe(422);
    expect((await contract("createProject", { token: viewerToken, body: { slug: "viewer", name: "Viewer's" } })).status).toBe(403);
    await contract("getProject", { token, params: { slug: "gateway" } });
    expect((await contract("getProject", { token, params: { slug: "nope" } })).status).toBe(404);
    expect((await contract("getProject", { params: { slug: "gateway" } })).status).toBe(401);
  });

  it("releases", async () => {
    await contract("listReleases", { token, params: { slug: "gateway" } });
    await contract("listReleases", { token, params: { slug: "gateway" }, query: { status: "preparing,ready", limit: "2" } });
    expect((await contract("listReleases", { token, params: { slug: "gateway" }, query: { status: "SHIPPED" } })).status).toBe(422);
    expect((await contract("listReleases", { token, params: { slug: "nope" } })).status).toBe(404);
    expect((await contract("createRelease", { token, params: { slug: "gateway" }, body: { version: "2.0.0", title: "Two", plannedAt: "2027-01-15" } })).status).toBe(201);
    expect((await contract("createRelease", { token, params: { slug: "gateway" }, body: { version: "2.0.0", title: "Two again" } })).status).toBe(409);
    expect((await contract("createRelease", { token, params: { slug: "gateway" }, body: { version: "2", title: "" } })).status).toBe(422);
    await contract("getRelease", { token, params: { id: ids.preparing } });
    await contract("getRelease", { token, params: { id: f.releasedId } });
    expect((await contract("getRelease", { token, params: { id: "missing" } })).status).toBe(404);
  });

  it("checklist items", async () => {
    const before = await prisma.releaseItem.findUniqueOrThrow({ where: { id: ids.item } });
    await contract("tickItem", { token, params: { id: ids.item }, body: { note: "Green", evidenceUrl: "https://ci.example.com/1", rowVersion: before.rowVersion } });
    expect((await contract("tickItem", { token, params: { id: ids.item }, body: {} })).status).toBe(409);
    expect((await contract("tickItem", { token, params: { id: ids.item }, body: { rowVersion: before.rowVersion } })).status).toBe(409);
    await contract("noteItem", { token, params: { id: ids.item }, body: { note: "Still green" } });
    await contract("untickItem", { token, params: { id: ids.item }, body: { reason: "Flaky" } });
    expect((await contract("untickItem", { token, params: { id: ids.item }, body: {} })).status).toBe(422);
    await contract("markItemNotApplicable", { token, params: { id: ids.optionalItem }, body: { reason: "No mobile app this time" } });
    expect((await contract("markItemNotApplicable", { token, params: { id: ids.item }, body: { reason: "Required" } })).status).toBe(422);
    expect((await contract("tickItem", { token, params: { id: "gone" }, body: {} })).status).toBe(404);
    expect((await contract("noteItem", { token, params: { id: ids.item }, body: "{", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await contract("noteItem", { token, params: { id: ids.item }, body: "note", headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await contract("noteItem", { token, params: { id: ids.item }, body: JSON.stringify({ note: "x".repeat(70_000) }) })).status).toBe(413);
    expect((await contract("tickItem", { token: viewerToken, params: { id: ids.item }, body: {} })).status).toBe(403);
  });

  it("a CI check reported by another CI system ticks the item bound to it", async () => {
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: ids.preparing, phase: "PRE_RELEASE", state: "OPEN", id: { notIn: [ids.item, ids.optionalItem] } } });
    await prisma.releaseItem.update({ where: { id: item.id }, data: { automation: "ci.check integration-tests" } });
    const { version } = await prisma.release.findUniqueOrThrow({ where: { id: ids.preparing } });
    const report = { name: "integration-tests", tag: `v${version}`, url: "https://ci.example.com/pipelines/7" };
    const failed = await contract("reportCheck", { token, params: { slug: "gateway" }, body: { ...report, conclusion: "failure" } });
    expect(failed.body).toEqual({ outcome: `Release ${version}: noted the failure on “${item.title}”.` });
    const passed = await contract("reportCheck", { token, params: { slug: "gateway" }, body: { ...report, conclusion: "success" } });
    expect(passed.body).toEqual({ outcome: `Release ${version}: ticked “${item.title}”.` });
    expect(await prisma.releaseItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ state: "DONE", tickedByIntegration: "ci", evidenceUrl: report.url });
    expect((await contract("reportCheck", { token, params: { slug: "gateway" }, body: { ...report, conclusion: "green" } })).status).toBe(422);
    expect((await contract("reportCheck", { token, params: { slug: "no-such-project" }, body: { ...report, conclusion: "success" } })).status).toBe(404);
    expect((await contract("reportCheck", { token: viewerToken, params: { slug: "gateway" }, body: { ...report, conclusion: "success" } })).status).toBe(403);
  });

  it("sign-offs and the timeline", async () => {
    await contract("listSignoffs", { token, params: { id: ids.ready } });
    await contract("listSignoffs", { token, params: { id: ids.preparing } });
    expect((await contract("listSignoffs", { token, params: { id: "missing" } })).status).toBe(404);
    await contract("getTimeline", { token, params: { id: ids.preparing } });
    await contract("getTimeline", { token, params: { id: ids.preparing }, query: { limit: "2" } });
    expect((await contract("getTimeline", { token, params: { id: ids.preparing }, query: { cursor: "!!" } })).status).toBe(422);
  });

  it("deploys", async () => {
    expect((await contract("startDeploy", { token, params: { id: ids.preparing }, body: {} })).status).toBe(409);
    const started = await contract("startDeploy", { token, params: { id: ids.ready }, body: { requestKey: "contract-test-key" } });
    expect(started.status).toBe(201);
    expect((await contract("startDeploy", { token, params: { id: ids.ready }, body: { requestKey: "contract-test-key" } })).status).toBe(200);
    expect((await contract("startDeploy", { token, params: { id: ids.ready }, body: { requestKey: "short" } })).status).toBe(422);
    const run = started.body as { id: string; steps: { id: string }[] };
    await appendLogLine(prisma, { stepId: run.steps[0]!.id, attempt: 1, stream: "STDOUT", line: "deploying 1.0" });
    await contract("listDeploys", { token, params: { id: ids.ready } });
    await contract("getDeploy", { token, params: { id: run.id } });
    expect((await contract("getDeploy", { token, params: { id: "missing" } })).status).toBe(404);
    const logs = await contract("getDeployLogs", { token, params: { id: run.id, stepId: run.steps[0]!.id } });
    expect((logs.body as { lines: { line: string }[] }).lines.map((l) => l.line)).toEqual(["deploying 1.0"]);
    expect((await contract("getDeployLogs", { token, params: { id: run.id, stepId: run.steps[0]!.id }, query: { after: "-1" } })).status).toBe(422);
    expect((await contract("getDeployLogs", { token, params: { id: run.id, stepId: "other" } })).status).toBe(404);
    await contract("cancelDeploy", { token, params: { id: run.id }, body: { reason: "Wrong day" } });
    expect((await contract("cancelDeploy", { token, params: { id: run.id }, body: {} })).status).toBe(409);
  });

  it("feature flags", async () => {
    await contract("listFlags", { token, params: { slug: "gateway" } });
    await contract("listFlags", { token: await projectToken(prisma, f.projectId), params: { slug: "gateway" } });
    await contract("getFlag", { token, params: { slug: "gateway", key: ids.flagKey } });
    expect((await contract("getFlag", { token, params: { slug: "gateway", key: "NOPE" } })).status).toBe(404);
    await contract("setFlag", { token, params: { slug: "gateway", key: ids.flagKey }, body: { enabled: true, reason: "Launch", releaseId: ids.preparing } });
    await contract("getFlag", { token, params: { slug: "gateway", key: ids.flagKey } });
    expect((await contract("setFlag", { token, params: { slug: "gateway", key: ids.flagKey }, body: { enabled: "yes" } })).status).toBe(422);
  });

  it("rate limiting", async () => {
    const busy = await userToken(prisma, f.users.viewer.id, ["read"]);
    let status = 0;
    for (let i = 0; i < 250 && status !== 429; i++) status = (await contract("listProjects", { token: busy })).status;
    expect(status).toBe(429);
  });

  it("covered every endpoint's success and every kind of error", () => {
    for (const e of apiEndpoints) expect(checked.some((c) => c.operationId === e.operationId && c.status < 300), `${e.operationId} success`).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 413, 415, 422, 429]) expect(checked.some((c) => c.status === status), String(status)).toBe(true);
  });
});
