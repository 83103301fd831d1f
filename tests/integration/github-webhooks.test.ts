// GitHub webhooks in, as GitHub sends them: payloads shaped as in GitHub's documentation ("Webhook events
// and payloads": workflow_run, release, push, ping), signed with the project's secret over the raw body,
// posted to the real route handler. A bound checklist item is ticked by "GitHub" with the run as evidence;
// forged, repeated, oversized and mistyped deliveries change nothing and get a clear 4xx.
import { createHmac, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/webhooks/github/[project]/route";
import { actionDefinition, executeAction, type ServerAction } from "@/lib/actions/define-action";
import { auditTypes } from "@/lib/audit/events/types";
import type { CurrentUser } from "@/lib/auth/session";
import { replayWebhookDeliveryAction, setGithubWebhookSecretAction } from "@/lib/integrations/github/actions";
import { signOffAction } from "@/lib/signoffs/actions";
import { createDemoDatabase, createFixtureRelease } from "../support/releases";

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

process.env.PREFLIGHT_SECRETS_KEY = randomBytes(32).toString("hex");
const { prisma, f } = await createDemoDatabase();
const run = <T>(action: ServerAction<T>, input: unknown, actor: CurrentUser) => executeAction(action[actionDefinition]!, input, actor);

const VERSION = "2.4.0";
const RUN_URL = "https://github.com/acme/gateway/actions/runs/9876543210";
let secret = "";
let releaseId = "";
let deliveryCounter = 0;

const repository = { id: 1296269, name: "gateway", full_name: "acme/gateway", html_url: "https://github.com/acme/gateway", private: false };
const sender = { login: "octocat", id: 1, type: "User" };

/** A `workflow_run` delivery as GitHub documents it (the fields Preflight reads, and some it does not). */
function workflowRun(conclusion: string, overrides: { headBranch?: string; path?: string } = {}) {
  return {
    action: "completed",
    workflow_run: {
      id: 9876543210,
      name: "Release",
      path: overrides.path ?? ".github/workflows/release.yml",
      head_branch: overrides.headBranch ?? `v${VERSION}`,
      head_sha: "acb5820ced9479c074f688cc328bf03f341a511d",
      event: "push",
      status: "completed",
      conclusion,
      run_number: 42,
      html_url: RUN_URL,
      created_at: "2026-12-02T09:00:00Z",
      updated_at: "2026-12-02T09:04:00Z",
    },
    workflow: { id: 161335, name: "Release", path: ".github/workflows/release.yml", state: "active" },
    repository,
    sender,
  };
}

function sign(body: string | Buffer, key = secret): string {
  return `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;
}

interface Delivery {
  event: string;
  body: string | Buffer;
  deliveryId?: string;
  signature?: string | null;
  contentType?: string;
  project?: string;
}

async function deliver({ event, body, deliveryId = `72d3162e-cc78-11e3-81ab-${String(++deliveryCounter).padStart(12, "0")}`, signature, contentType = "application/json", project = "gateway" }: Delivery) {
  const headers = new Headers({ "content-type": contentType, "x-github-event": event, "x-github-delivery": deliveryId, "user-agent": "GitHub-Hookshot/abc" });
  const sig = signature === undefined ? sign(body) : signature;
  if (sig !== null) headers.set("x-hub-signature-256", sig);
  const payload = typeof body === "string" ? body : new Uint8Array(body);
  const response = await POST(new Request(`http://localhost/api/webhooks/github/${project}`, { method: "POST", headers, body: payload }), { params: Promise.resolve({ project }) });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", body: text ? (JSON.parse(text) as Record<string, unknown>) : null, deliveryId };
}

const json = (payload: unknown) => JSON.stringify(payload);
const itemOf = (title: string) => prisma.releaseItem.findFirstOrThrow({ where: { releaseId, title } });
const auditCount = () => prisma.auditEvent.count();

beforeAll(async () => {
  // Bound in the template, as the template editor (or a Markdown marker) does; the release copies it.
  const templateItem = (title: string) => prisma.templateItem.findFirstOrThrow({ where: { title, section: { templateId: f.templateId } } });
  await prisma.templateItem.update({ where: { id: (await templateItem("Watch GitHub Actions workflow")).id }, data: { automation: "github.workflow_run release.yml success" } });
  await prisma.templateItem.update({ where: { id: (await templateItem("Verify GitHub Release created")).id }, data: { automation: "github.release" } });
  releaseId = await createFixtureRelease(prisma, f, { version: VERSION, status: "DEPLOYING" });
  const made = await run(setGithubWebhookSecretAction, { projectId: f.projectId }, f.users.admin);
  if (!made.ok) throw new Error(made.message);
  secret = made.data.secret;
  expect(made.data.url).toMatch(/\/api\/webhooks\/github\/gateway$/);
});

describe("the project's webhook secret", () => {
  it("is made by an admin only, shown once, stored encrypted, and audited", async () => {
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const project = await prisma.project.findUniqueOrThrow({ where: { id: f.projectId } });
    expect(project.githubWebhookSecret).not.toContain(secret);
    expect(project.githubWebhookSecret).toMatch(/^v1:/);
    const refused = await run(setGithubWebhookSecretAction, { projectId: f.projectId }, f.users.manager);
    expect(refused).toMatchObject({ ok: false, code: "forbidden" });
    const audited = await prisma.auditEvent.findFirstOrThrow({ where: { type: auditTypes.webhookSecretSet } });
    expect(audited.payload).toEqual({ source: "github", project: "gateway", replaced: false });
    expect(JSON.stringify(audited.payload)).not.toContain(secret);
  });
});

describe("a signed workflow_run delivery", () => {
  it("that failed leaves the bound item open, notes the failure with its link, and records it", async () => {
    const answer = await deliver({ event: "workflow_run", body: json(workflowRun("failure")) });
    expect(answer.status).toBe(200);
    const item = await itemOf("Watch GitHub Actions workflow");
    expect(item.state).toBe("OPEN");
    expect(item.note).toContain(`concluded “failure”: ${RUN_URL}`);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: auditTypes.itemAutomationFailed, releaseId } });
    expect(event.actorId).toBeNull();
    expect(event.payload).toMatchObject({ itemId: item.id, source: "github", evidenceUrl: RUN_URL });
  });

  it("that succeeded ticks the bound item as GitHub, with the run as evidence, once", async () => {
    const answer = await deliver({ event: "workflow_run", body: json(workflowRun("success")) });
    expect(answer.status).toBe(200);
    expect(answer.body?.outcome).toBe(`Release ${VERSION}: ticked “Watch GitHub Actions workflow”.`);
    const item = await itemOf("Watch GitHub Actions workflow");
    expect(item).toMatchObject({ state: "DONE", tickedById: null, tickedByIntegration: "github", evidenceUrl: RUN_URL });
    const ticked = await prisma.auditEvent.findFirstOrThrow({ where: { type: auditTypes.itemTicked, releaseId, actorId: null } });
    expect(ticked.payload).toMatchObject({ itemId: item.id, source: "github", evidenceUrl: RUN_URL });
    const logged = await prisma.webhookDelivery.findUniqueOrThrow({ where: { source_deliveryId: { source: "github", deliveryId: answer.deliveryId } } });
    expect(logged).toMatchObject({ event: "workflow_run", signatureValid: true, outcome: answer.body?.outcome });

    // The same conclusion again (another delivery): nothing left to do, said so.
    const again = await deliver({ event: "workflow_run", body: json(workflowRun("success")) });
    expect(again.body?.outcome).toMatch(/already done/);
  });

  it("of another workflow, another tag or a run still in progress changes nothing and says why", async () => {
    const before = await auditCount();
    const other = await deliver({ event: "workflow_run", body: json(workflowRun("success", { path: ".github/workflows/lint.yml" })) });
    expect(other.body?.outcome).toMatch(/no item bound to this workflow lint\.yml/);
    const tag = await deliver({ event: "workflow_run", body: json(workflowRun("success", { headBranch: "v9.9.9" })) });
    expect(tag.body?.outcome).toMatch(/no open release of this project has the tag v9\.9\.9/);
    const requested = await deliver({ event: "workflow_run", body: json({ ...workflowRun("success"), action: "requested" }) });
    expect(requested.body?.outcome).toMatch(/only completed runs count/);
    expect(await auditCount()).toBe(before);
  });
});

describe("release and push deliveries, and GitHub's ping", () => {
  it("a published release ticks the item bound to it; a ping is logged and changes nothing", async () => {
    const ping = await deliver({ event: "ping", body: json({ zen: "Keep it logically awesome.", hook_id: 1, hook: { type: "Repository", events: ["*"] }, repository, sender }) });
    expect(ping).toMatchObject({ status: 200, body: { outcome: expect.stringMatching(/ping/) } });
    const releaseUrl = `https://github.com/acme/gateway/releases/tag/v${VERSION}`;
    const published = await deliver({
      event: "release",
      body: json({ action: "published", release: { id: 1, tag_name: `v${VERSION}`, name: VERSION, draft: false, prerelease: false, html_url: releaseUrl }, repository, sender }),
    });
    expect(published.status).toBe(200);
    expect(await itemOf("Verify GitHub Release created")).toMatchObject({ state: "DONE", tickedByIntegration: "github", evidenceUrl: releaseUrl });
  });

  it("a pushed tag ticks an item bound to github.push tag, with the tag's page as evidence", async () => {
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId, phase: "RELEASE_DAY", state: "OPEN", automation: null } });
    await prisma.releaseItem.update({ where: { id: item.id }, data: { automation: "github.push tag" } });
    const branch = await deliver({ event: "push", body: json({ ref: "refs/heads/main", before: "0", after: "1", created: false, deleted: false, repository, sender }) });
    expect(branch.body?.outcome).toMatch(/only tags count/);
    const pushed = await deliver({ event: "push", body: json({ ref: `refs/tags/v${VERSION}`, before: "0", after: "1", created: true, deleted: false, repository, sender }) });
    expect(pushed.status).toBe(200);
    expect(await prisma.releaseItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      state: "DONE",
      evidenceUrl: `https://github.com/acme/gateway/tree/v${VERSION}`,
    });
  });
});

describe("deliveries that are refused", () => {
  it("a forged signature gets 401, is logged as refused without its body, and cannot take the real delivery's id", async () => {
    const body = json(workflowRun("success"));
    const before = await auditCount();
    const forged = await deliver({ event: "workflow_run", body, signature: sign(body, "not-the-secret"), deliveryId: "real-delivery-1" });
    expect(forged.status).toBe(401);
    expect(forged.contentType).toBe("application/problem+json");
    expect(forged.body).toMatchObject({ status: 401, title: "Not authenticated", detail: expect.stringMatching(/signature does not match/) });
    const missing = await deliver({ event: "workflow_run", body, signature: null });
    expect(missing.status).toBe(401);
    const refused = await prisma.webhookDelivery.findMany({ where: { signatureValid: false } });
    expect(refused).toHaveLength(2);
    expect(refused.every((d) => d.deliveryId.startsWith("unverified:") && JSON.stringify(d.payload).length < 200)).toBe(true);
    expect(await auditCount()).toBe(before);
    // The real delivery with that id still gets through.
    const real = await deliver({ event: "ping", body: json({ zen: "hi", hook_id: 1 }), deliveryId: "real-delivery-1" });
    expect(real.status).toBe(200);
  });

  it("a delivery id seen before gets 409 and changes nothing", async () => {
    const first = await deliver({ event: "ping", body: json({ zen: "once", hook_id: 1 }) });
    const rows = await prisma.webhookDelivery.count();
    const again = await deliver({ event: "ping", body: json({ zen: "once", hook_id: 1 }), deliveryId: first.deliveryId });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ detail: `Delivery ${first.deliveryId} was received before; nothing changed.` });
    expect(await prisma.webhookDelivery.count()).toBe(rows);
  });

  it("a 10 MB body gets 413 before it is read whole, with or without a declared length", async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, "a");
    const rows = await prisma.webhookDelivery.count();
    const declared = await deliver({ event: "workflow_run", body: huge });
    expect(declared.status).toBe(413);
    // Streamed with no Content-Length: cut off at the limit.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(1024 * 1024));
        controller.close();
      },
    });
    const headers = { "content-type": "application/json", "x-github-event": "workflow_run", "x-github-delivery": "streamed-1", "x-hub-signature-256": "sha256=00" };
    const response = await POST(new Request("http://localhost/api/webhooks/github/gateway", { method: "POST", headers, body: stream, duplex: "half" } as RequestInit), {
      params: Promise.resolve({ project: "gateway" }),
    });
    expect(response.status).toBe(413);
    expect(await prisma.webhookDelivery.count()).toBe(rows);
  });

  it("a form-encoded payload gets 415 saying to choose JSON; an unknown project 404; a project without a secret 403", async () => {
    const form = await deliver({ event: "ping", body: "payload=%7B%7D", contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect(String(form.body?.detail)).toMatch(/application\/json/);
    const unknown = await deliver({ event: "ping", body: "{}", project: "no-such-project" });
    expect(unknown.status).toBe(404);
    await prisma.project.create({ data: { slug: "no-secret", name: "No secret" } });
    const unset = await deliver({ event: "ping", body: "{}", project: "no-secret" });
    expect(unset.status).toBe(403);
  });

  it("bad JSON or a missing event header gets 400", async () => {
    expect((await deliver({ event: "workflow_run", body: "{not json" })).status).toBe(400);
    expect((await deliver({ event: "", body: "{}" })).status).toBe(400);
  });
});

describe("sign-offs that attest an automated item", () => {
  it("cannot be given until the automation has ticked it; ticked by hand does not count", async () => {
    const otherRelease = await createFixtureRelease(prisma, f, { version: "2.5.0", status: "PREPARING" });
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: otherRelease, phase: "PRE_RELEASE", required: true } });
    await prisma.releaseItem.update({ where: { id: item.id }, data: { automation: "github.workflow_run ci.yml success", state: "DONE", tickedById: f.users.manager.id, tickedAt: new Date() } });
    const requirement = await prisma.signoffRequirement.findFirstOrThrow({ where: { releaseId: otherRelease, role: "ENGINEERING_LEAD" } });
    await prisma.signoffRequirement.update({ where: { id: requirement.id }, data: { scope: [item.title] } });

    const refused = await run(signOffAction, { requirementId: requirement.id, comment: "" }, f.users.lead);
    expect(refused).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining(`“${item.title}” is ticked by its automation`) });

    await prisma.releaseItem.update({ where: { id: item.id }, data: { state: "OPEN", tickedById: null, tickedAt: null } });
    const ci = await deliver({ event: "workflow_run", body: json(workflowRun("success", { headBranch: "v2.5.0", path: ".github/workflows/ci.yml" })) });
    expect(ci.body?.outcome).toContain(`ticked “${item.title}”`);
    const given = await run(signOffAction, { requirementId: requirement.id, comment: "" }, f.users.lead);
    expect(given.ok).toBe(true);
  });
});

describe("replaying a delivery from the log", () => {
  it("applies it again for an admin (after a binding was added), audited; an unverified one cannot be replayed", async () => {
    const item = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId, phase: "RELEASE_DAY", state: "OPEN", automation: null } });
    const published = await deliver({
      event: "release",
      body: json({ action: "published", release: { tag_name: `v${VERSION}`, html_url: "https://github.com/acme/gateway/releases/tag/v2.4.0" }, repository, sender }),
    });
    const logged = await prisma.webhookDelivery.findUniqueOrThrow({ where: { source_deliveryId: { source: "github", deliveryId: published.deliveryId } } });
    await prisma.releaseItem.update({ where: { id: item.id }, data: { automation: "github.release" } });

    expect(await run(replayWebhookDeliveryAction, { deliveryId: logged.id }, f.users.manager)).toMatchObject({ ok: false, code: "forbidden" });
    const replayed = await run(replayWebhookDeliveryAction, { deliveryId: logged.id }, f.users.admin);
    expect(replayed).toMatchObject({ ok: true, data: { outcome: `Release ${VERSION}: ticked “${item.title}”.` } });
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: logged.id } })).toMatchObject({ replayCount: 1, outcome: expect.stringMatching(/^Replayed: /) });
    const audited = await prisma.auditEvent.findFirstOrThrow({ where: { type: auditTypes.webhookReplayed } });
    expect(audited).toMatchObject({ actorId: f.users.admin.id, payload: expect.objectContaining({ deliveryId: published.deliveryId }) });

    const unverified = await prisma.webhookDelivery.findFirstOrThrow({ where: { signatureValid: false } });
    expect(await run(replayWebhookDeliveryAction, { deliveryId: unverified.id }, f.users.admin)).toMatchObject({ ok: false, code: "invalid" });
  });
});
