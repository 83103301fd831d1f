// Data a spec needs, made the way people make it: through the app's server actions over HTTP, as the demo
// user whose role may do it (bench/support.ts, shared with the benchmarks). Each spec creates its own
// releases and users, so no spec edits the seeded demo that others count on. Ids are looked up read-only.
import { act, getJson, signInOverHttp, type Session } from "../../bench/support";
import { e2eBaseUrl } from "../../playwright.config";
import { query } from "./database";
import { demo, DEMO_PASSWORD } from "./sign-in";

type DemoRole = keyof typeof demo;

const sessions = new Map<string, Promise<Session>>();

/** A signed-in HTTP session of one of the demo users (one per user and worker). */
export function sessionOf(role: DemoRole): Promise<Session> {
  let session = sessions.get(role);
  if (!session) {
    session = signInOverHttp(e2eBaseUrl, demo[role], DEMO_PASSWORD);
    sessions.set(role, session);
  }
  return session;
}

// ---------------------------------------------------------------------------------------------- releases

export interface CreatedRelease {
  id: string;
  projectId: string;
  version: string;
  url: string;
}

async function idOf(sql: string, params: unknown[], what: string): Promise<string> {
  const [row] = await query<{ id: string }>(sql, params);
  if (!row) throw new Error(`The demo seed has no ${what}`);
  return row.id;
}

/** A new release of the demo project from the default template (or `templateId`), managed by the demo release manager. */
export async function createRelease(version: string, title = `E2E release ${version}`, options: { templateId?: string } = {}): Promise<CreatedRelease> {
  const projectId = await idOf(`SELECT id FROM "Project" WHERE slug = 'gateway'`, [], "gateway project");
  const templateId = options.templateId ?? (await idOf(`SELECT id FROM "ChecklistTemplate" WHERE "isDefault"`, [], "default template"));
  const { id } = await act<{ id: string }>(await sessionOf("manager"), "createReleaseAction", { projectId, templateId, version, title });
  return { id, projectId, version, url: `/releases/${id}` };
}

interface ReleaseJson {
  status: string;
  items: { id: string; title: string; phase: string; required: boolean; state: string; rowVersion: number }[];
  signoffRequirements: { id: string; title: string; role: string; signoff: { staleAt: string | null } | null }[];
}

export function releaseJson(releaseId: string, as: DemoRole = "manager"): Promise<ReleaseJson> {
  return sessionOf(as).then((session) => getJson<ReleaseJson>(session, `/api/releases/${releaseId}`));
}

const sessionForRole: Record<string, DemoRole> = { ADMIN: "admin", RELEASE_MANAGER: "manager", ENGINEERING_LEAD: "lead" };

/** Ticks an item as the release manager, with the version the server has now. */
export async function tickItem(releaseId: string, item: { id: string; rowVersion: number }): Promise<void> {
  await act(await sessionOf("manager"), "updateItemAction", { itemId: item.id, rowVersion: item.rowVersion, change: { kind: "tick" } }, { id: releaseId });
}

/** The release's first open item of the phase its status lets people change. */
export async function openItem(releaseId: string): Promise<ReleaseJson["items"][number]> {
  const release = await releaseJson(releaseId);
  const phase = ["DRAFT", "PREPARING", "READY"].includes(release.status) ? "PRE_RELEASE" : "ROLLBACK";
  const item = release.items.find((i) => i.phase === phase && i.state === "OPEN");
  if (!item) throw new Error(`The release has no open ${phase} item`);
  return item;
}

/**
 * Prepares the release as its people would: starts preparing, ticks every required pre-release item (the
 * manager), gives every sign-off (a user of the role each asks for), and marks it ready.
 */
export async function makeReleaseReady(releaseId: string): Promise<void> {
  const manager = await sessionOf("manager");
  const transition = (to: string) => act(manager, "transitionReleaseAction", { releaseId, to }, { id: releaseId });
  let release = await releaseJson(releaseId);
  if (release.status === "DRAFT") await transition("PREPARING");
  for (const item of release.items.filter((i) => i.phase === "PRE_RELEASE" && i.required && i.state === "OPEN")) await tickItem(releaseId, item);
  release = await releaseJson(releaseId);
  for (const requirement of release.signoffRequirements.filter((r) => !r.signoff || r.signoff.staleAt)) {
    const signer = sessionForRole[requirement.role];
    if (!signer) throw new Error(`No demo user can give “${requirement.title}” (${requirement.role})`);
    await act(await sessionOf(signer), "signOffAction", { requirementId: requirement.id }, { id: releaseId });
  }
  await transition("READY");
}

// ---------------------------------------------------------------------------------------------- deploys

export interface RunJson {
  id: string;
  status: string;
  steps: { id: string; name: string; status: string }[];
}

export function runJson(runId: string): Promise<RunJson> {
  return sessionOf("viewer").then((session) => getJson<RunJson>(session, `/api/runs/${runId}`));
}

/** Starts the project's deploy pipeline for a ready release, as the release manager. */
export async function startDeploy(release: { id: string }): Promise<string> {
  const requestKey = `e2e-${release.id}-${Date.now()}`;
  const { runId } = await act<{ runId: string }>(await sessionOf("manager"), "startDeployAction", { releaseId: release.id, requestKey }, { id: release.id, slug: "gateway" });
  return runId;
}

/** Polls the run until it is in `status` (the worker runs it meanwhile). */
export async function waitForRun(runId: string, status: string, timeoutMs = 30_000): Promise<RunJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await runJson(runId);
    if (run.status === status) return run;
    if (Date.now() > deadline) throw new Error(`The run is ${run.status}, not ${status}, after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Approves the step the run waits on, as the engineering lead (the demo pipeline's approver). */
export async function approveWaitingStep(release: { id: string }, runId: string): Promise<void> {
  const step = (await runJson(runId)).steps.find((s) => s.status === "WAITING");
  if (!step) throw new Error("No step of the run waits for approval");
  await act(await sessionOf("lead"), "approveStepAction", { runId, stepId: step.id, comment: "" }, { id: release.id, runId, slug: "gateway" });
}

/** Cancels the run as the release manager and waits until it has ended, so the project's deploy lock is free. */
export async function cancelRun(release: { id: string }, runId: string): Promise<void> {
  await act(await sessionOf("manager"), "cancelRunAction", { runId, reason: "End of the e2e test" }, { id: release.id, runId, slug: "gateway" });
  await waitForRun(runId, "CANCELLED");
}

// ---------------------------------------------------------------------------------------------- templates and integrations

/** A new template imported from Markdown by the demo admin, as the import page does. */
export async function importTemplate(name: string, markdown: string): Promise<string> {
  const { id } = await act<{ id: string }>(await sessionOf("admin"), "importTemplateAction", { name, markdown });
  return id;
}

/** Makes (or replaces) the demo project's GitHub webhook secret, as an admin on its set-up page; returns it. */
export async function makeGithubWebhookSecret(): Promise<string> {
  const projectId = await idOf(`SELECT id FROM "Project" WHERE slug = 'gateway'`, [], "gateway project");
  const { secret } = await act<{ secret: string }>(await sessionOf("admin"), "setGithubWebhookSecretAction", { projectId }, { slug: "gateway" });
  return secret;
}

// ---------------------------------------------------------------------------------------------- users

/** A new user (password: the demo password), created by the demo admin. */
export async function createUser(email: string, role: "ADMIN" | "RELEASE_MANAGER" | "ENGINEERING_LEAD" | "VIEWER"): Promise<string> {
  const { id } = await act<{ id: string }>(await sessionOf("admin"), "createUserAction", { email, name: email.split("@")[0], role, password: DEMO_PASSWORD });
  return id;
}

export async function setUserDisabled(userId: string, disabled: boolean): Promise<void> {
  await act(await sessionOf("admin"), "setUserDisabledAction", { userId, disabled });
}

// ---------------------------------------------------------------------------------------------- projects

export interface CreatedProject {
  id: string;
  slug: string;
}

/** A new project of its own for a spec (the admin creates it), so the spec never changes the demo's pipelines. */
export async function createProject(name: string): Promise<CreatedProject> {
  const slug = `e2e-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now().toString(36)}`;
  const { id } = await act<{ id: string }>(await sessionOf("admin"), "createProjectAction", { name, slug });
  return { id, slug };
}

/** Saves a pipeline version as the admin, from YAML (as a team keeping its pipeline in its repository would). */
export async function savePipelineYaml(projectId: string, kind: "DEPLOY" | "ROLLBACK", yaml: string): Promise<{ version: number }> {
  return act<{ version: number }>(await sessionOf("admin"), "savePipelineYamlAction", { projectId, kind, yaml }, { slug: "gateway" });
}

/** A release of the given project from the default template, created by the demo release manager. */
export async function createProjectRelease(projectId: string, version: string): Promise<CreatedRelease> {
  const templateId = await idOf(`SELECT id FROM "ChecklistTemplate" WHERE "isDefault"`, [], "default template");
  const { id } = await act<{ id: string }>(await sessionOf("manager"), "createReleaseAction", { projectId, templateId, version, title: `E2E release ${version}` });
  return { id, projectId, version, url: `/releases/${id}` };
}
