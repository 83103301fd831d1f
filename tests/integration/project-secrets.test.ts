// Project secrets: write-only admin actions, encryption at rest, references checked when a pipeline is
// saved and when a step runs, masking in the logs a real worker writes, and a start that stops without
// the key once secrets exist.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/auth/session";
import { savePipelineAction, startDeployAction } from "@/lib/deploys/actions";
import { closeQueueSender } from "@/lib/deploys/queue";
import { forgetEnv } from "@/lib/env";
import { deleteProjectSecretAction, setProjectSecretAction } from "@/lib/secrets/actions";
import { listProjectSecrets, loadProjectSecrets } from "@/lib/secrets/store";
import { createTestDatabase } from "../support/database";
import { actingUser, createUser } from "../support/acting-user";
import { dataOf } from "../support/action-result";
import { startWorker, type WorkerProcess } from "../support/deploys";
import { act, createScenario, logOf, runIdOf, stepsOf, waitForRun } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, url } = await createTestDatabase();
const KEY = randomBytes(32).toString("base64");
const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----";
let admin: CurrentUser;
let manager: CurrentUser;
let worker: WorkerProcess | undefined;
let received: IncomingHttpHeaders | undefined;
const hook = createServer((req, res) => {
  received = req.headers;
  res.end("ok");
});
let hookUrl = "";

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  process.env.PREFLIGHT_SECRETS_KEY = KEY;
  admin = await createUser(prisma, "ADMIN", { name: "Ada Admin" });
  manager = await createUser(prisma, "RELEASE_MANAGER", { name: "Rae Manager" });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await worker?.stop();
  await closeQueueSender();
  hook.closeAllConnections();
  hook.close();
});

const counts = async () => ({ secrets: await prisma.projectSecret.count(), events: await prisma.auditEvent.count() });

describe("managing secrets", () => {
  it("stores a value encrypted, shows only names and who/when, and audits the name only", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [{ kind: "WAIT", name: "w", idempotent: true, config: { seconds: 1 } }] });
    const created = dataOf(await act(admin, setProjectSecretAction, { projectId: scenario.projectId, name: "DEPLOY_KEY", value: PEM }));
    expect(created).toEqual({ name: "DEPLOY_KEY", created: true });
    const row = await prisma.projectSecret.findFirstOrThrow({ where: { projectId: scenario.projectId } });
    expect(row.value).toMatch(/^v1:/);
    expect(row.value).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    expect(row).toMatchObject({ createdById: admin.id, updatedById: admin.id });
    expect(await loadProjectSecrets(prisma, scenario.projectId)).toEqual({ DEPLOY_KEY: PEM });

    const other = await createUser(prisma, "ADMIN", { name: "Otto Other" });
    expect(dataOf(await act(other, setProjectSecretAction, { projectId: scenario.projectId, name: "DEPLOY_KEY", value: "rotated" }))).toEqual({ name: "DEPLOY_KEY", created: false });
    const [listed] = await listProjectSecrets(prisma, scenario.projectId);
    expect(listed).toMatchObject({ name: "DEPLOY_KEY", createdBy: "Ada Admin", updatedBy: "Otto Other" });
    expect(Object.keys(listed!)).not.toContain("value");

    const events = await prisma.auditEvent.findMany({ where: { projectId: scenario.projectId, type: { startsWith: "secret." } }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ["secret.created", { name: "DEPLOY_KEY" }],
      ["secret.updated", { name: "DEPLOY_KEY" }],
    ]);
    expect(JSON.stringify(events.map((e) => e.payload))).not.toContain("rotated");
  });

  it("refuses bad names, release managers, and a missing key, writing nothing", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [{ kind: "WAIT", name: "w", idempotent: true, config: { seconds: 1 } }] });
    const before = await counts();
    expect(await act(admin, setProjectSecretAction, { projectId: scenario.projectId, name: "lower-case", value: "x" })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { name: ["Secret names are UPPER_CASE letters, digits and _, not starting with a digit"] },
    });
    expect(await act(manager, setProjectSecretAction, { projectId: scenario.projectId, name: "TOKEN", value: "x" })).toMatchObject({ ok: false, code: "forbidden" });
    process.env.PREFLIGHT_SECRETS_KEY = "";
    forgetEnv();
    try {
      expect(await act(admin, setProjectSecretAction, { projectId: scenario.projectId, name: "TOKEN", value: "x" })).toMatchObject({
        ok: false,
        message: expect.stringContaining("Secrets cannot be stored on this installation: PREFLIGHT_SECRETS_KEY is not set"),
      });
    } finally {
      process.env.PREFLIGHT_SECRETS_KEY = KEY;
      forgetEnv();
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses a pipeline naming an unknown secret, and deleting a secret the pipeline uses", async () => {
    const scenario = await createScenario(prisma, manager, { deploy: [{ kind: "WAIT", name: "w", idempotent: true, config: { seconds: 1 } }] });
    const steps = [{ kind: "NOTIFY", name: "Tell the team", config: { url: "${secret:SLACK_HOOK}", message: "Deployed" } }];
    expect(await act(admin, savePipelineAction, { projectId: scenario.projectId, kind: "DEPLOY", steps })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { steps: ["step 1 (Tell the team): Unknown secret SLACK_HOOK: add it under Secrets first"] },
    });
    expect(await act(admin, savePipelineAction, { projectId: scenario.projectId, kind: "DEPLOY", steps: [{ kind: "SHELL", name: "Leak", config: { command: "echo ${secret:X}" } }] })).toMatchObject({
      ok: false,
      fieldErrors: { steps: [expect.stringContaining("step 1 (Leak) › config.command: Secrets cannot be used in a command")] },
    });
    dataOf(await act(admin, setProjectSecretAction, { projectId: scenario.projectId, name: "SLACK_HOOK", value: "https://hooks.example.com/T0/B0/abc" }));
    expect(dataOf(await act(admin, savePipelineAction, { projectId: scenario.projectId, kind: "DEPLOY", steps }))).toMatchObject({ version: 2 });

    expect(await act(admin, deleteProjectSecretAction, { projectId: scenario.projectId, name: "SLACK_HOOK" })).toMatchObject({
      ok: false,
      code: "conflict",
      message: "The deploy pipeline (version 2) uses SLACK_HOOK: remove it from the pipeline first.",
    });
    dataOf(await act(admin, savePipelineAction, { projectId: scenario.projectId, kind: "DEPLOY", steps: [{ kind: "WAIT", name: "w", config: { seconds: 1 } }] }));
    expect(dataOf(await act(admin, deleteProjectSecretAction, { projectId: scenario.projectId, name: "SLACK_HOOK" }))).toEqual({ name: "SLACK_HOOK" });
    expect(await prisma.projectSecret.count({ where: { projectId: scenario.projectId } })).toBe(0);
  });
});

describe("secrets in a real run", () => {
  it("passes secrets to the step, masks them (multi-line too) in every log line, and fails clearly on one that is gone", async () => {
    worker = startWorker(url, { PREFLIGHT_SECRETS_KEY: KEY, PREFLIGHT_OUTBOUND_ALLOW: "127.0.0.1" });
    const scenario = await createScenario(prisma, manager, {
      deploy: [
        { kind: "SHELL", name: "Print", idempotent: false, config: { command: 'printf "%s\\n" "$KEY"; echo "token is $TOKEN"', env: [{ name: "KEY", value: "${secret:DEPLOY_KEY}", secret: false }, { name: "TOKEN", value: "${secret:API_TOKEN}", secret: false }], timeoutSeconds: 30 } },
        { kind: "HTTP", name: "Call", idempotent: true, config: { method: "POST", url: `${hookUrl}/hook?token=\${secret:API_TOKEN}`, headers: { authorization: "Bearer ${secret:API_TOKEN}" }, expectStatus: 200, logResponseBody: true, retries: 0, backoffSeconds: 1, timeoutSeconds: 5 } },
        { kind: "HTTP", name: "Gone", idempotent: true, config: { method: "GET", url: `${hookUrl}/?t=\${secret:GONE}`, headers: {}, expectStatus: 200, logResponseBody: false, retries: 0, backoffSeconds: 1, timeoutSeconds: 5 } },
      ],
    });
    const token = `tok-${randomUUID()}`;
    for (const [name, value] of [["DEPLOY_KEY", PEM], ["API_TOKEN", token], ["GONE", "soon gone"]]) dataOf(await act(admin, setProjectSecretAction, { projectId: scenario.projectId, name, value }));
    // Removed behind the actions' back, as a run of an older pipeline version would find it.
    await prisma.projectSecret.deleteMany({ where: { projectId: scenario.projectId, name: "GONE" } });

    const runId = runIdOf(await act(manager, startDeployAction, { releaseId: scenario.releaseId, requestKey: randomUUID() }));
    expect((await waitForRun(prisma, runId, ["FAILED", "SUCCEEDED"], 30_000)).status).toBe("FAILED");
    const steps = await stepsOf(prisma, runId);
    expect(steps.map((s) => s.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "FAILED"]);
    expect(steps[2]!.error).toBe("Unknown secret GONE: add it on the project's Pipelines page, or change the step");
    expect(received?.authorization).toBe(`Bearer ${token}`);

    const lines = (await Promise.all(steps.map((s) => logOf(prisma, s.id)))).flat().map((l) => l.line);
    const text = lines.join("\n");
    for (const leaked of [token, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"]) expect(text).not.toContain(leaked);
    expect(lines).toContain("token is ***");
    expect(text).toContain(`POST ${hookUrl}/hook?token=\${secret:API_TOKEN} → 200`);
  });

  it("stops the worker at start, saying why, when secrets exist and the key is missing or wrong", async () => {
    const missing = startWorker(url, { PREFLIGHT_SECRETS_KEY: "" });
    const code = await new Promise<number | null>((resolve) => missing.child.once("exit", resolve));
    expect(code).toBe(2);
    expect(missing.output()).toContain("Project secrets exist, but PREFLIGHT_SECRETS_KEY is not set");

    const wrong = startWorker(url, { PREFLIGHT_SECRETS_KEY: randomBytes(32).toString("hex") });
    expect(await new Promise<number | null>((resolve) => wrong.child.once("exit", resolve))).toBe(2);
    expect(wrong.output()).toContain("cannot be decrypted: PREFLIGHT_SECRETS_KEY is not the key it was written with");
  });
});
