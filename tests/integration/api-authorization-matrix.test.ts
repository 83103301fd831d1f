// Every REST API endpoint, called with a real token of every role and scope combination, and with project
// tokens: the answer follows the permission table (lib/auth/permissions.ts) — role AND token scope — exactly
// as the UI's actions do. Allowed calls use real resources and must get past authorization (not 401/403).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiEndpoints } from "@/lib/api/endpoints";
import type { Endpoint } from "@/lib/api/endpoint";
import { permissionTable, roles, tokenScopes, type ApiScope } from "@/lib/auth/permissions";
import { closeQueueSender } from "@/lib/deploys/queue";
import type { Role } from "@/lib/generated/prisma/enums";
import { createUser } from "../support/acting-user";
import { callApi, projectToken, userToken } from "../support/api";
import { makeReleaseReady } from "../support/deploys";
import { createDemoDatabase, createFixtureRelease } from "../support/releases";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, f } = await createDemoDatabase();
const scopeSets: ApiScope[][] = [["read"], ["write"], ["deploy"], ["read", "write", "deploy"]];
const tokens = new Map<string, string>();
let params: Record<string, Record<string, string>> = {};
let ownProjectToken = "";
let otherProjectToken = "";

beforeAll(async () => {
  for (const role of roles) {
    const user = await createUser(prisma, role);
    for (const scopes of scopeSets) tokens.set(`${role} ${scopes.join(",")}`, await userToken(prisma, user.id, scopes));
  }
  const other = await prisma.project.create({ data: { slug: "other", name: "Other" } });
  ownProjectToken = await projectToken(prisma, f.projectId);
  otherProjectToken = await projectToken(prisma, other.id);

  const ready = await createFixtureRelease(prisma, f, { status: "PREPARING" });
  await makeReleaseReady(prisma, ready, f.users.admin.id);
  const deploy = await callApi(apiEndpoints.find((e) => e.operationId === "startDeploy")!, { token: await userToken(prisma, f.users.admin.id, ["deploy"]), params: { id: ready }, body: {} });
  expect(deploy.status, deploy.text).toBe(201);
  const run = deploy.body as { id: string; steps: { id: string }[] };
  const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: f.preparingId, phase: "PRE_RELEASE", state: "OPEN" } });
  const flag = await prisma.featureFlag.findFirstOrThrow({ where: { projectId: f.projectId } });
  const byName: Record<string, string> = { slug: "gateway", key: flag.key, stepId: run.steps[0]!.id };
  params = Object.fromEntries(
    apiEndpoints.map((e) => {
      const id = e.path.startsWith("/api/v1/items/") ? item.id : e.path.startsWith("/api/v1/deploys/") ? run.id : f.preparingId;
      return [e.operationId, { ...byName, id }];
    }),
  );
});

afterAll(async () => {
  await closeQueueSender();
});

function expectation(endpoint: Endpoint, role: Role, scopes: ApiScope[]): "allowed" | "refused" {
  const scope = tokenScopes[endpoint.permission];
  const roleAllows = (permissionTable[endpoint.permission].roles as readonly Role[]).includes(role);
  return scope && scopes.includes(scope) && roleAllows ? "allowed" : "refused";
}

describe("every API endpoint", () => {
  it("is in the matrix (the list is not empty)", () => {
    expect(apiEndpoints.length).toBeGreaterThanOrEqual(20);
  });

  for (const endpoint of apiEndpoints) {
    const name = `${endpoint.method} ${endpoint.path}`;

    it(`${name} without a token is 401 with a Bearer challenge`, async () => {
      const answer = await callApi(endpoint, { params: params[endpoint.operationId] });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer /);
    });

    for (const role of roles) {
      for (const scopes of scopeSets) {
        const expected = expectation(endpoint, role, scopes);
        it(`${name} as ${role} with [${scopes.join(", ")}] is ${expected}`, async () => {
          const answer = await callApi(endpoint, { token: tokens.get(`${role} ${scopes.join(",")}`), params: params[endpoint.operationId], body: endpoint.body ? {} : undefined });
          expect(answer.status, answer.text).toBeLessThan(500);
          if (expected === "refused") {
            expect(answer.status, answer.text).toBe(403);
            expect(answer.contentType).toBe("application/problem+json");
          } else {
            expect([401, 403], answer.text).not.toContain(answer.status);
          }
        });
      }
    }

    it(`${name} with a project token: ${endpoint.projectTokenScope ? "its own project only" : "refused"}`, async () => {
      const own = await callApi(endpoint, { token: ownProjectToken, params: params[endpoint.operationId], body: endpoint.body ? {} : undefined });
      const other = await callApi(endpoint, { token: otherProjectToken, params: params[endpoint.operationId], body: endpoint.body ? {} : undefined });
      if (endpoint.projectTokenScope) {
        expect(own.status, own.text).toBe(200);
        // Another project's flags do not exist for this token.
        expect(other.status, other.text).toBe(404);
      } else {
        expect(own.status, own.text).toBe(403);
        expect(other.status, other.text).toBe(403);
      }
    });
  }
});

// OFREP (app/ofrep, lib/flags/ofrep.ts) is for services: only a project token with flags:read evaluates, and
// only its own project's flags; every user token is refused whatever its role and scopes.
describe("the OFREP endpoints", () => {
  const evaluate = async (token: string | undefined, bulk: boolean) => {
    const { POST } = bulk ? await import("@/app/ofrep/v1/evaluate/flags/route") : await import("@/app/ofrep/v1/evaluate/flags/[key]/route");
    const key = params.getFlag!.key!;
    const url = `http://localhost/ofrep/v1/evaluate/flags${bulk ? "" : `/${key}`}`;
    const headers = new Headers({ "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) });
    const request = new Request(url, { method: "POST", headers, body: JSON.stringify({ context: { targetingKey: "user-1" } }) });
    const response = await (POST as (request: Request, context: { params: Promise<{ key: string }> }) => Promise<Response>)(request, { params: Promise.resolve({ key }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  for (const bulk of [false, true]) {
    const name = bulk ? "POST /ofrep/v1/evaluate/flags" : "POST /ofrep/v1/evaluate/flags/{key}";
    it(`${name}: its own project's token evaluates, another project's sees none of its flags, no token is 401`, async () => {
      expect((await evaluate(ownProjectToken, bulk)).status).toBe(200);
      const other = await evaluate(otherProjectToken, bulk);
      if (bulk) expect(other).toEqual({ status: 200, body: { flags: [] } });
      else expect(other).toMatchObject({ status: 404, body: { errorCode: "FLAG_NOT_FOUND" } });
      expect((await evaluate(undefined, bulk)).status).toBe(401);
    });

    for (const role of roles) {
      for (const scopes of scopeSets) {
        it(`${name} as ${role} with [${scopes.join(", ")}] is refused`, async () => {
          expect((await evaluate(tokens.get(`${role} ${scopes.join(",")}`), bulk)).status).toBe(403);
        });
      }
    }
  }
});

describe("the token's user", () => {
  const getRelease = () => apiEndpoints.find((e) => e.operationId === "getRelease")!;

  it("a disabled user's token is refused at once", async () => {
    const user = await createUser(prisma, "RELEASE_MANAGER");
    const token = await userToken(prisma, user.id, ["read"]);
    expect((await callApi(getRelease(), { token, params: { id: f.preparingId } })).status).toBe(200);
    await prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const answer = await callApi(getRelease(), { token, params: { id: f.preparingId } });
    expect(answer.status).toBe(401);
    expect((answer.body as { detail: string }).detail).toBe("The account this API token belongs to is disabled.");
  });

  it("a role change applies to the next request: a demoted manager's token can no longer tick", async () => {
    const user = await createUser(prisma, "RELEASE_MANAGER");
    const token = await userToken(prisma, user.id, ["write"]);
    await prisma.user.update({ where: { id: user.id }, data: { role: "VIEWER" } });
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: f.preparingId, state: "OPEN", phase: "PRE_RELEASE" } });
    const answer = await callApi(apiEndpoints.find((e) => e.operationId === "tickItem")!, { token, params: { id: item.id }, body: {} });
    expect(answer.status).toBe(403);
    expect((answer.body as { detail: string }).detail).toBe("Only release managers and admins can tick items.");
  });

  it("a user whose password an admin reset must choose a new one before the API answers", async () => {
    const user = await createUser(prisma, "ADMIN");
    const token = await userToken(prisma, user.id, ["read"]);
    await prisma.user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
    const answer = await callApi(getRelease(), { token, params: { id: f.preparingId } });
    expect(answer.status).toBe(403);
    expect((answer.body as { detail: string }).detail).toMatch(/Choose a new password first/);
  });
});
