// Projects, their flag definitions and variables against a real database: what admins can create and
// change, the exact field errors for bad input with nothing written, the archive rules, and variables filled
// into a release's checklist commands and into the steps the engine runs.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { cancelRunAction, savePipelineAction, startDeployAction, startRollbackAction, toggleFlagAction } from "@/lib/deploys/actions";
import { processRun } from "@/lib/deploys/engine";
import { listProjectFlags } from "@/lib/deploys/queries";
import { closeQueueSender } from "@/lib/deploys/queue";
import { createFlagAction, updateFlagAction } from "@/lib/flags/actions";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createProjectAction, deleteProjectVariableAction, setProjectArchivedAction, setProjectTemplateAction, setProjectVariableAction, updateProjectAction } from "@/lib/projects/actions";
import { listProjectOptions, listProjectsWithRecentReleases } from "@/lib/projects/queries";
import { createReleaseAction, transitionReleaseAction } from "@/lib/releases/actions";
import { listProjectsForFilter, listReleaseHistory } from "@/lib/releases/history";
import { getReleaseDetail } from "@/lib/releases/queries";
import { dataOf, refusal } from "../support/action-result";
import { actingUser, as } from "../support/acting-user";
import { act, inProcessEngine, logOf, runIdOf, shell, stepsOf } from "../support/deploy-fixtures";
import { createDemoDatabase } from "../support/releases";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, f } = await createDemoDatabase();
const { admin, manager, viewer } = f.users;

afterAll(async () => {
  await closeQueueSender();
});

const invalid = (fieldErrors: Record<string, string[]>) => ({ ok: false, code: "invalid", message: "Check the highlighted fields.", fieldErrors });
const counts = async () => ({ projects: await prisma.project.count(), flags: await prisma.featureFlag.count(), variables: await prisma.projectVariable.count(), events: await prisma.auditEvent.count() });
const eventsOf = (projectId: string) => prisma.auditEvent.findMany({ where: { projectId }, orderBy: { id: "asc" }, select: { type: true, actorId: true, payload: true } });

let projectCounter = 0;
async function newProject(overrides: Record<string, unknown> = {}) {
  projectCounter += 1;
  as(admin);
  return dataOf(await createProjectAction({ name: `Service ${projectCounter}`, slug: `service-${projectCounter}`, ...overrides }));
}

/** A template whose commands use variables, written straight to the database. */
async function variableTemplate() {
  return prisma.checklistTemplate.create({
    data: {
      name: `Variables ${randomUUID().slice(0, 6)}`,
      approvalFields: [],
      sections: {
        create: [
          {
            phase: "RELEASE_DAY",
            title: "Tag",
            position: 0,
            items: {
              create: [
                { title: "Tag the release", command: 'git tag -a v${VERSION} -m "${PROJECT} ${VERSION}"', position: 0 },
                { title: "Roll back to", command: "docker pull ${IMAGE}:${PREVIOUS_VERSION}", position: 1 },
                { title: "Call", command: "curl -H 'Authorization: ${secret:TOKEN}' ${RELEASE_URL} ${NOT_DEFINED}", position: 2 },
              ],
            },
          },
        ],
      },
    },
  });
}

describe("creating and editing projects", () => {
  it("creates a project with the default template preselected, audited as project.created", async () => {
    as(admin);
    const created = dataOf(await createProjectAction({ name: "  Billing API ", slug: "billing-api", description: "Invoices", repositoryUrl: "https://github.com/acme/billing" }));
    const project = await prisma.project.findUniqueOrThrow({ where: { id: created.id } });
    expect(project).toMatchObject({ name: "Billing API", slug: "billing-api", description: "Invoices", repositoryUrl: "https://github.com/acme/billing", defaultTemplateId: f.templateId, archivedAt: null });
    expect(await eventsOf(project.id)).toEqual([
      { type: "project.created", actorId: admin.id, payload: { slug: "billing-api", name: "Billing API", createdBy: admin.name, defaultTemplateId: f.templateId } },
    ]);
  });

  it("refuses bad slugs and a taken one on the field, writing nothing", async () => {
    as(admin);
    const before = await counts();
    const slugRule = "Use lower-case letters, digits and single dashes between them, like billing-api";
    for (const slug of ["Billing", "billing api", "-billing", "billing--api", "billing_api", "bïlling"]) {
      expect(await createProjectAction({ name: "Billing", slug }), slug).toEqual(invalid({ slug: [slugRule] }));
    }
    expect(await createProjectAction({ name: "Billing", slug: "" })).toEqual(invalid({ slug: ["Enter a slug"] }));
    expect(await createProjectAction({ name: "Billing", slug: "x".repeat(41) })).toEqual(invalid({ slug: ["A slug has at most 40 characters"] }));
    expect(await createProjectAction({ name: "New", slug: "new" })).toEqual(invalid({ slug: ["“new” is the address of a Preflight page; choose another slug"] }));
    expect(await createProjectAction({ name: "", slug: "ok", repositoryUrl: "javascript:alert(1)" })).toEqual(
      invalid({ name: ["Enter a name"], repositoryUrl: ["Enter an http(s) address, like https://github.com/acme/billing"] }),
    );
    expect(await createProjectAction({ name: "Gateway 2", slug: "gateway" })).toEqual(refusal("conflict", "gateway is already the slug of Gateway; choose another.", { slug: ["gateway is already the slug of Gateway"] }));
    expect(await counts()).toEqual(before);
  });

  it("edits name, slug, description and repository, recording what changed; a taken slug is refused", async () => {
    const { id } = await newProject();
    as(admin);
    expect(await updateProjectAction({ projectId: id, name: "Renamed", slug: "gateway" })).toMatchObject({ ok: false, code: "conflict", fieldErrors: { slug: ["gateway is already the slug of Gateway"] } });
    expect(dataOf(await updateProjectAction({ projectId: id, name: "Renamed", slug: "renamed", description: "Now described", repositoryUrl: "" }))).toEqual({ id, slug: "renamed" });
    expect(await updateProjectAction({ projectId: id, name: "Renamed", slug: "renamed", description: "Now described" })).toMatchObject({ ok: false, code: "invalid", message: "Nothing changed." });
    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(["project.created", "project.updated"]);
    expect(events[1]!.payload).toEqual({
      changes: { name: { from: `Service ${projectCounter}`, to: "Renamed" }, slug: { from: `service-${projectCounter}`, to: "renamed" }, description: { from: null, to: "Now described" } },
    });
  });

  it("keeps the version running now (a tag's v dropped), refuses one that is not semver on its field, and audits a change", async () => {
    as(admin);
    const before = await counts();
    expect(await createProjectAction({ name: "Legacy", slug: "legacy", baselineVersion: "2.3" })).toEqual(
      invalid({ baselineVersion: ["Use a semantic version: MAJOR.MINOR.PATCH, like 0.5.0 or 1.2.0-rc.1"] }),
    );
    expect(await counts()).toEqual(before);
    const { id } = dataOf(await createProjectAction({ name: "Legacy", slug: "legacy", baselineVersion: " v2.3.0 " }));
    expect((await prisma.project.findUniqueOrThrow({ where: { id } })).baselineVersion).toBe("2.3.0");
    expect((await eventsOf(id))[0]!.payload).toMatchObject({ slug: "legacy", baselineVersion: "2.3.0" });
    expect(await updateProjectAction({ projectId: id, name: "Legacy", slug: "legacy", baselineVersion: "latest" })).toEqual(
      invalid({ baselineVersion: ["Use a semantic version: MAJOR.MINOR.PATCH, like 0.5.0 or 1.2.0-rc.1"] }),
    );
    dataOf(await updateProjectAction({ projectId: id, name: "Legacy", slug: "legacy", baselineVersion: "" }));
    expect((await prisma.project.findUniqueOrThrow({ where: { id } })).baselineVersion).toBeNull();
    expect((await eventsOf(id)).map((e) => e.payload)[1]).toEqual({ changes: { baselineVersion: { from: "2.3.0", to: null } } });
  });

  it("sets the default template, refusing an archived one; New release then offers it for the project", async () => {
    const { id } = await newProject();
    const other = await variableTemplate();
    const archived = await prisma.checklistTemplate.create({ data: { name: `Old ${randomUUID().slice(0, 6)}`, approvalFields: [], archivedAt: new Date() } });
    as(admin);
    expect(await setProjectTemplateAction({ projectId: id, templateId: archived.id })).toEqual(refusal("invalid", "This template is archived; choose another.", { templateId: ["This template is archived; choose another"] }));
    dataOf(await setProjectTemplateAction({ projectId: id, templateId: other.id }));
    expect((await listProjectOptions()).find((p) => p.id === id)?.defaultTemplateId).toBe(other.id);
    const last = (await eventsOf(id)).at(-1)!;
    expect(last).toMatchObject({ type: "project.updated", payload: { changes: { defaultTemplate: { from: "Default release checklist", to: other.name } } } });
  });

  it("is for admins only", async () => {
    as(manager);
    expect(await createProjectAction({ name: "Nope", slug: "nope" })).toMatchObject({ ok: false, code: "forbidden", message: "Only admins can manage projects and pipelines" });
    as(viewer);
    expect(await setProjectArchivedAction({ projectId: f.projectId, archived: true })).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("archiving", () => {
  it("is refused while a release is in progress, naming it; nothing changes", async () => {
    const before = await prisma.auditEvent.count();
    as(admin);
    // The demo's 0.5.0 is being prepared.
    expect(await setProjectArchivedAction({ projectId: f.projectId, archived: true })).toEqual(refusal("conflict", "Gateway cannot be archived: release 0.5.0 is in progress (preparing). Release, cancel or close it first."));
    expect((await prisma.project.findUniqueOrThrow({ where: { id: f.projectId } })).archivedAt).toBeNull();
    expect(await prisma.auditEvent.count()).toBe(before);
  });

  it("hides the project from the home page and New release, refuses new releases, keeps its history searchable; unarchive brings it back", async () => {
    const { id, slug } = await newProject({ name: "Legacy" });
    as(manager);
    const release = dataOf(await createReleaseAction({ projectId: id, templateId: f.templateId, version: "1.0.0", title: "Last one" }));
    as(admin);
    expect(await setProjectArchivedAction({ projectId: id, archived: true })).toMatchObject({ ok: false, message: expect.stringContaining("release 1.0.0 is in progress (draft)") });
    as(manager);
    dataOf(await transitionReleaseAction({ releaseId: release.id, to: "CANCELLED", reason: "Service retired" }));

    as(admin);
    expect(dataOf(await setProjectArchivedAction({ projectId: id, archived: true }))).toEqual({ id, archived: true });
    expect(await setProjectArchivedAction({ projectId: id, archived: true })).toMatchObject({ ok: false, code: "conflict", message: "Legacy is already archived: nothing changed." });
    expect((await listProjectsWithRecentReleases()).map((p) => p.id)).not.toContain(id);
    expect((await listProjectOptions()).map((p) => p.id)).not.toContain(id);
    as(manager);
    expect(await createReleaseAction({ projectId: id, templateId: f.templateId, version: "1.1.0", title: "Revival" })).toEqual(refusal("invalid", "Legacy is archived; an admin can unarchive it.", { projectId: ["Legacy is archived; an admin can unarchive it"] }));
    // History: the project is still a filter choice, and its releases are found.
    expect(await listProjectsForFilter()).toContainEqual({ slug, name: "Legacy (archived)" });
    expect((await listReleaseHistory({ project: slug })).rows.map((r) => r.version)).toEqual(["1.0.0"]);
    // Never deleted: the database refuses to drop a project that has releases.
    await expect(prisma.project.delete({ where: { id } })).rejects.toThrow();

    as(admin);
    dataOf(await setProjectArchivedAction({ projectId: id, archived: false }));
    expect((await listProjectOptions()).map((p) => p.id)).toContain(id);
    expect((await eventsOf(id)).map((e) => e.type).filter((t) => t.startsWith("project."))).toEqual(["project.created", "project.archived", "project.unarchived"]);
  });

  it("and creating a release at the same moment cannot both succeed", async () => {
    const { id } = await newProject();
    const [archived, created] = await Promise.all([
      act(admin, setProjectArchivedAction, { projectId: id, archived: true }),
      act(manager, createReleaseAction, { projectId: id, templateId: f.templateId, version: "2.0.0", title: "Race" }),
    ]);
    // Whichever went first, the other saw it: an archived project never gets a release in progress.
    expect([archived.ok, created.ok]).not.toEqual([true, true]);
    const project = await prisma.project.findUniqueOrThrow({ where: { id }, include: { releases: true } });
    expect(project.archivedAt !== null && project.releases.length > 0).toBe(false);
  });
});

describe("feature flag definitions", () => {
  it("an admin adds a flag (its default is where it starts); a duplicate key is a field error and writes nothing", async () => {
    const { id } = await newProject();
    as(admin);
    const flag = dataOf(await createFlagAction({ projectId: id, key: "new-checkout", description: "The new checkout flow", defaultEnabled: true }));
    expect(await prisma.featureFlag.findUniqueOrThrow({ where: { id: flag.id } })).toMatchObject({ key: "new-checkout", enabled: true, defaultEnabled: true, createdById: admin.id });

    const before = await counts();
    expect(await createFlagAction({ projectId: id, key: "new-checkout", defaultEnabled: false })).toEqual(refusal("conflict", `Service ${projectCounter} already has a flag new-checkout.`, { key: [`Service ${projectCounter} already has a flag new-checkout`] }));
    expect(await createFlagAction({ projectId: id, key: "has space", defaultEnabled: false })).toEqual(invalid({ key: ["A key is letters, digits, _ . or -, like new-checkout or NEW_CHECKOUT"] }));
    expect(await createFlagAction({ projectId: id, key: "", defaultEnabled: "yes" })).toEqual(
      invalid({ key: ["Enter a key"], defaultEnabled: ["Say whether the flag is on or off by default"] }),
    );
    expect(await counts()).toEqual(before);
    // The same key in another project is fine: keys are unique per project.
    dataOf(await createFlagAction({ projectId: f.projectId, key: "new-checkout", defaultEnabled: false }));
  });

  it("admins edit the description and default, not the key; release managers toggle; the list says who changed each last", async () => {
    const { id } = await newProject();
    as(admin);
    const flag = dataOf(await createFlagAction({ projectId: id, key: "dark-mode", defaultEnabled: false }));
    let [listed] = await listProjectFlags(id);
    expect(listed).toMatchObject({ key: "dark-mode", enabled: false, defaultEnabled: false, createdBy: { id: admin.id, name: admin.name }, lastChange: null });

    dataOf(await updateFlagAction({ flagId: flag.id, description: "Dark colours", defaultEnabled: true }));
    expect(await updateFlagAction({ flagId: flag.id, description: "Dark colours", defaultEnabled: true })).toMatchObject({ ok: false, message: "Nothing changed." });
    as(manager);
    expect(await updateFlagAction({ flagId: flag.id, description: "x", defaultEnabled: true })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await createFlagAction({ projectId: id, key: "other", defaultEnabled: false })).toMatchObject({ ok: false, code: "forbidden" });
    dataOf(await toggleFlagAction({ flagId: flag.id, enabled: true, reason: "Rollout" }));

    [listed] = await listProjectFlags(id);
    expect(listed).toMatchObject({ description: "Dark colours", enabled: true, defaultEnabled: true, lastChange: { enabled: true, actor: { id: manager.id, name: manager.name }, reason: "Rollout" } });
    expect((await eventsOf(id)).filter((e) => e.type.startsWith("flag.")).map((e) => [e.type, e.actorId, e.payload])).toEqual([
      ["flag.created", admin.id, { flag: "dark-mode", default: "off" }],
      ["flag.updated", admin.id, { flag: "dark-mode", changes: { description: { from: null, to: "Dark colours" }, default: { from: "off", to: "on" } } }],
      ["flag.changed", manager.id, { flag: "dark-mode", enabled: true, from: false, reason: "Rollout" }],
    ]);
  });
});

describe("project variables", () => {
  it("are set, replaced and deleted by admins, audited with their values; built-in names and bad names are field errors", async () => {
    const { id } = await newProject();
    as(admin);
    expect(dataOf(await setProjectVariableAction({ projectId: id, name: "IMAGE", value: "ghcr.io/acme/api" }))).toEqual({ name: "IMAGE", created: true });
    expect(dataOf(await setProjectVariableAction({ projectId: id, name: "IMAGE", value: "ghcr.io/acme/api2" }))).toEqual({ name: "IMAGE", created: false });
    const before = await counts();
    expect(await setProjectVariableAction({ projectId: id, name: "VERSION", value: "1" })).toEqual(invalid({ name: ["${VERSION} is built in; choose another name"] }));
    expect(await setProjectVariableAction({ projectId: id, name: "PATH", value: "/tmp" })).toEqual(invalid({ name: ["${PATH} is built in; choose another name"] }));
    expect(await setProjectVariableAction({ projectId: id, name: "image", value: "" })).toEqual(
      invalid({ name: ["Variable names are UPPER_CASE letters, digits and _, not starting with a digit"], value: ["Enter the value"] }),
    );
    expect(await counts()).toEqual(before);
    dataOf(await deleteProjectVariableAction({ projectId: id, name: "IMAGE" }));
    expect((await eventsOf(id)).filter((e) => e.type.startsWith("variable.")).map((e) => [e.type, e.payload])).toEqual([
      ["variable.created", { name: "IMAGE", value: "ghcr.io/acme/api" }],
      ["variable.updated", { name: "IMAGE", value: "ghcr.io/acme/api2", from: "ghcr.io/acme/api" }],
      ["variable.deleted", { name: "IMAGE", value: "ghcr.io/acme/api2" }],
    ]);
  });

  it("an unknown variable in a pipeline is refused when it is saved, naming it, and nothing is saved", async () => {
    const { id } = await newProject();
    as(admin);
    const steps = [
      { kind: "SHELL", name: "Push", config: { command: "docker push ${IMAGE}:${VERSION} && echo ${PREVIOUS_VERSION}" } },
      { kind: "HTTP", name: "Hook", config: { url: "${HOOK}/deployed", headers: { "X-Release": "${RELEASE_URL}" } } },
    ];
    expect(await savePipelineAction({ projectId: id, kind: "DEPLOY", steps })).toEqual({
      ok: false,
      code: "invalid",
      message: "The pipeline has problems; nothing was saved.",
      fieldErrors: {
        steps: [
          "step 1 (Push): Unknown variable ${IMAGE}: add it under the project's variables, or write $IMAGE for a shell variable",
          "step 2 (Hook): Unknown variable ${HOOK}: add it under the project's variables, or write $HOOK for a shell variable",
        ],
      },
    });
    expect(await prisma.pipeline.count({ where: { projectId: id } })).toBe(0);

    dataOf(await setProjectVariableAction({ projectId: id, name: "IMAGE", value: "ghcr.io/acme/api" }));
    dataOf(await setProjectVariableAction({ projectId: id, name: "HOOK", value: "https://hooks.example.com" }));
    expect(dataOf(await savePipelineAction({ projectId: id, kind: "DEPLOY", steps }))).toMatchObject({ version: 1 });
    // A variable the latest pipeline uses cannot be deleted out from under it.
    expect(await deleteProjectVariableAction({ projectId: id, name: "IMAGE" })).toEqual(refusal("conflict", "The deploy pipeline (version 1) uses ${IMAGE}: remove it from the pipeline first."));
  });
});

describe("variables in a release", () => {
  async function releasedProject() {
    const { id, slug } = await newProject();
    const template = await variableTemplate();
    as(admin);
    dataOf(await setProjectVariableAction({ projectId: id, name: "IMAGE", value: "ghcr.io/acme/api" }));
    const released = await prisma.release.create({
      data: { projectId: id, version: "0.5.0", title: "Before", status: "RELEASED", releasedAt: new Date(), releaseManagerId: manager.id, createdById: manager.id, templateName: "t", templateSnapshot: {} },
    });
    as(manager);
    const release = dataOf(await createReleaseAction({ projectId: id, templateId: template.id, version: "0.6.0", title: "Next" }));
    return { id, slug, releaseId: release.id, releasedId: released.id };
  }

  it("fill the checklist's commands with the release's values; secrets and unknown names stay as written", async () => {
    const { slug, releaseId } = await releasedProject();
    const detail = (await getReleaseDetail(releaseId))!;
    expect(detail.items.map((i) => i.command)).toEqual([
      `git tag -a v0.6.0 -m "${slug} 0.6.0"`,
      "docker pull ghcr.io/acme/api:0.5.0",
      `curl -H 'Authorization: \${secret:TOKEN}' http://localhost:3000/releases/${releaseId} \${NOT_DEFINED}`,
    ]);
    // The stored item keeps the template's text: the values are filled in when the release is shown.
    expect((await prisma.releaseItem.findFirstOrThrow({ where: { releaseId, title: "Tag the release" } })).command).toBe('git tag -a v${VERSION} -m "${PROJECT} ${VERSION}"');
  });

  it("fill a deploy's and a rollback's steps; PREVIOUS_VERSION is the last released version, the rollback target", async () => {
    const { id, releaseId } = await releasedProject();
    await prisma.pipeline.createMany({
      data: [
        { projectId: id, kind: "DEPLOY", version: 1, steps: [shell("Deploy", 'echo "deploy ${IMAGE}:${VERSION} over ${PREVIOUS_VERSION} for ${PROJECT}"')] as unknown as Prisma.InputJsonValue },
        { projectId: id, kind: "ROLLBACK", version: 1, steps: [shell("Roll back", 'echo "back to ${PREVIOUS_VERSION} from ${VERSION}"')] as unknown as Prisma.InputJsonValue },
      ],
    });
    await prisma.release.update({ where: { id: releaseId }, data: { status: "READY", readyAt: new Date() } });
    await prisma.releaseItem.deleteMany({ where: { releaseId } });
    const deployRun = runIdOf(await act(manager, startDeployAction, { releaseId, requestKey: randomUUID() }));
    await processRun(deployRun, inProcessEngine(prisma));
    const [deployStep] = await stepsOf(prisma, deployRun);
    expect((await logOf(prisma, deployStep!.id)).filter((l) => l.stream === "STDOUT").map((l) => l.line)).toEqual([
      `deploy ghcr.io/acme/api:0.6.0 over 0.5.0 for service-${projectCounter}`,
    ]);

    const rollbackRun = runIdOf(await act(manager, startRollbackAction, { releaseId, requestKey: randomUUID(), reason: "Errors" }));
    await processRun(rollbackRun, inProcessEngine(prisma));
    const [rollbackStep] = await stepsOf(prisma, rollbackRun);
    expect((await logOf(prisma, rollbackStep!.id)).filter((l) => l.stream === "STDOUT").map((l) => l.line)).toEqual(["back to 0.5.0 from 0.6.0"]);
  });

  it("on a project's first release, PREVIOUS_VERSION is the version running now; once a release is released, that release", async () => {
    const { id } = await newProject({ baselineVersion: "0.9.0" });
    await prisma.pipeline.create({
      data: { projectId: id, kind: "DEPLOY", version: 1, steps: [shell("Deploy", 'echo "deploying ${VERSION} after ${PREVIOUS_VERSION}"')] as unknown as Prisma.InputJsonValue },
    });
    const deployed = async (version: string) => {
      const release = await prisma.release.create({
        data: { projectId: id, version, title: version, status: "READY", readyAt: new Date(), releaseManagerId: manager.id, createdById: manager.id, templateName: "t", templateSnapshot: {} },
      });
      const runId = runIdOf(await act(manager, startDeployAction, { releaseId: release.id, requestKey: randomUUID() }));
      await processRun(runId, inProcessEngine(prisma));
      const [step] = await stepsOf(prisma, runId);
      await prisma.release.update({ where: { id: release.id }, data: { status: "RELEASED", releasedAt: new Date() } });
      return (await logOf(prisma, step!.id)).filter((l) => l.stream === "STDOUT").map((l) => l.line);
    };
    expect(await deployed("1.0.0")).toEqual(["deploying 1.0.0 after 0.9.0"]);
    expect(await deployed("1.1.0")).toEqual(["deploying 1.1.0 after 1.0.0"]);
  });

  it("a step naming PREVIOUS_VERSION on a project's first release fails naming it, and runs nothing", async () => {
    const { id } = await newProject();
    await prisma.pipeline.create({
      data: { projectId: id, kind: "DEPLOY", version: 1, steps: [shell("Diff", 'echo "ran" && git diff v${PREVIOUS_VERSION}')] as unknown as Prisma.InputJsonValue },
    });
    const release = await prisma.release.create({
      data: { projectId: id, version: "1.0.0", title: "First", status: "READY", readyAt: new Date(), releaseManagerId: manager.id, createdById: manager.id, templateName: "t", templateSnapshot: {} },
    });
    const runId = runIdOf(await act(manager, startDeployAction, { releaseId: release.id, requestKey: randomUUID() }));
    await processRun(runId, inProcessEngine(prisma));
    const [step] = await stepsOf(prisma, runId);
    expect(step).toMatchObject({ status: "FAILED", error: "${PREVIOUS_VERSION} has no value here: no earlier version of this project was released, and no “Version running now” is set for it" });
    expect((await logOf(prisma, step!.id)).some((l) => l.stream === "STDOUT")).toBe(false);
    dataOf(await act(manager, cancelRunAction, { runId }));
  });
});
