// Release actions against a real database: creating from a template snapshot, editing, ticking with
// optimistic concurrency, and the lifecycle gates with their sentences.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createReleaseAction, editReleaseAction, transitionReleaseAction, updateItemAction } from "@/lib/releases/actions";
import { moveRelease } from "@/lib/lifecycle/write";
import { DEFAULT_TEMPLATE_NAME } from "@/lib/seed/demo";
import { signOffAction } from "@/lib/signoffs/actions";
import type { TemplateSnapshot } from "@/lib/templates/snapshot";
import { dataOf, refusal } from "../support/action-result";
import { actingUser, as, createUser } from "../support/acting-user";
import { createDemoDatabase, createFixtureRelease, itemByTitle, requirementsOf } from "../support/releases";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, f } = await createDemoDatabase();
const { manager, admin, lead, viewer } = f.users;

const SEMVER_MESSAGE = "Use a semantic version: MAJOR.MINOR.PATCH, like 0.5.0 or 1.2.0-rc.1";
const TICK_REFUSAL = { ok: false, code: "forbidden", message: "Only release managers and admins can tick items" } as const;

const item = (id: string) => prisma.releaseItem.findUniqueOrThrow({ where: { id } });
const release = (id: string) => prisma.release.findUniqueOrThrow({ where: { id } });
const events = (releaseId: string, type?: string) => prisma.auditEvent.findMany({ where: { releaseId, ...(type ? { type } : {}) }, orderBy: { id: "asc" } });

function createInput(overrides: Record<string, unknown> = {}) {
  return { projectId: f.projectId, templateId: f.templateId, version: "0.9.0", title: "A release", ...overrides };
}

describe("creating a release", () => {
  it("copies the default template into the release: 50 items, 5 sign-off requirements, v-prefix dropped", async () => {
    as(manager);
    const result = await createReleaseAction(createInput({ version: "v0.6.0", title: "  Phase 2: dbt exposures  ", plannedAt: "2026-04-01" }));
    const { id, warnings } = dataOf(result);
    expect(warnings).toEqual([]);

    const created = await prisma.release.findUniqueOrThrow({
      where: { id },
      include: { items: true, signoffRequirements: { orderBy: { position: "asc" } }, sections: true },
    });
    expect(created).toMatchObject({
      projectId: f.projectId,
      version: "0.6.0",
      title: "Phase 2: dbt exposures",
      status: "DRAFT",
      releaseManagerId: manager.id,
      createdById: manager.id,
      plannedAt: new Date("2026-04-01T00:00:00Z"),
      templateId: f.templateId,
      templateName: DEFAULT_TEMPLATE_NAME,
      monitoringWindowHours: 24,
    });
    expect(created.items).toHaveLength(50);
    expect(created.items.every((i) => i.state === "OPEN" && i.rowVersion === 1 && i.tickedById === null)).toBe(true);
    expect(created.items.filter((i) => i.phase === "PRE_RELEASE")).toHaveLength(20);
    expect(created.signoffRequirements.map((r) => [r.title, r.role, r.excludeReleaseManager])).toEqual([
      ["Engineering lead reviewed code", "ENGINEERING_LEAD", true],
      ["Tests passing in CI", "ENGINEERING_LEAD", false],
      ["Documentation updated", "ENGINEERING_LEAD", false],
      ["Migration tested", "ENGINEERING_LEAD", false],
      ["Rollback procedure verified", "ENGINEERING_LEAD", false],
    ]);
    // Each item sits in a section of its own release, with the section's phase.
    const sectionPhase = new Map(created.sections.map((s) => [s.id, s.phase]));
    expect(created.items.every((i) => sectionPhase.get(i.sectionId) === i.phase)).toBe(true);

    const snapshot = created.templateSnapshot as unknown as TemplateSnapshot;
    expect(snapshot.templateName).toBe(DEFAULT_TEMPLATE_NAME);
    expect(snapshot.sections.flatMap((s) => s.items)).toHaveLength(50);
    expect(snapshot.signoffRequirements).toHaveLength(5);

    const audit = await events(id);
    expect(audit.map((e) => [e.type, e.actorId])).toEqual([
      ["release.created", manager.id],
      ["release.manager_assigned", manager.id],
    ]);
    expect(audit[0]!.payload).toMatchObject({ version: "0.6.0", title: "Phase 2: dbt exposures", template: DEFAULT_TEMPLATE_NAME });
    expect(audit[1]!.payload).toEqual({ releaseManagerId: manager.id });
  });

  it("keeps its copy when the template changes afterwards", async () => {
    as(manager);
    const { id } = dataOf(await createReleaseAction(createInput({ version: "0.6.100" })));
    const templateItem = await prisma.templateItem.findFirstOrThrow({ where: { title: "Linting clean", section: { templateId: f.templateId } } });
    await prisma.templateItem.update({ where: { id: templateItem.id }, data: { title: "Linting clean (renamed)" } });
    try {
      expect(await prisma.releaseItem.count({ where: { releaseId: id, title: "Linting clean" } })).toBe(1);
      expect(await prisma.releaseItem.count({ where: { releaseId: id, title: "Linting clean (renamed)" } })).toBe(0);
    } finally {
      await prisma.templateItem.update({ where: { id: templateItem.id }, data: { title: "Linting clean" } });
    }
  });

  it("answers bad input field by field and writes nothing", async () => {
    as(manager);
    const releasesBefore = await prisma.release.count();
    const eventsBefore = await prisma.auditEvent.count();
    const invalid = (fieldErrors: Record<string, string[]>) => ({ ok: false, code: "invalid", message: "Check the highlighted fields.", fieldErrors });

    expect(await createReleaseAction(createInput({ version: "0.6" }))).toEqual(invalid({ version: [SEMVER_MESSAGE] }));
    expect(await createReleaseAction(createInput({ version: "latest" }))).toEqual(invalid({ version: [SEMVER_MESSAGE] }));
    expect(await createReleaseAction(createInput({ version: "v" }))).toEqual(invalid({ version: [SEMVER_MESSAGE] }));
    expect(await createReleaseAction(createInput({ version: "" }))).toEqual(invalid({ version: ["Enter a version, like 0.5.0"] }));
    expect(await createReleaseAction(createInput({ title: "" }))).toEqual(invalid({ title: ["Enter a title"] }));
    expect(await createReleaseAction(createInput({ title: "   " }))).toEqual(invalid({ title: ["Enter a title"] }));
    expect(await createReleaseAction(createInput({ title: "x".repeat(201) }))).toEqual(invalid({ title: ["A title has at most 200 characters"] }));
    expect(await createReleaseAction(createInput({ plannedAt: "2026-13-01" }))).toEqual(invalid({ plannedAt: ["Enter a date as yyyy-mm-dd"] }));
    expect(await createReleaseAction(createInput({ plannedAt: "next tuesday" }))).toEqual(invalid({ plannedAt: ["Enter a date as yyyy-mm-dd"] }));
    expect(await createReleaseAction(createInput({ plannedAt: "2026-02-30" }))).toEqual(invalid({ plannedAt: ["Enter a date as yyyy-mm-dd"] }));
    expect(await createReleaseAction(createInput({ version: "latest", title: "", plannedAt: "soon" }))).toEqual(
      invalid({ version: [SEMVER_MESSAGE], title: ["Enter a title"], plannedAt: ["Enter a date as yyyy-mm-dd"] }),
    );

    expect(await prisma.release.count()).toBe(releasesBefore);
    expect(await prisma.auditEvent.count()).toBe(eventsBefore);
  });

  it("accepts a 200-character title, pre-release versions and no planned date", async () => {
    as(manager);
    const { id } = dataOf(await createReleaseAction(createInput({ version: "1.0.0-rc.1", title: "t".repeat(200), plannedAt: "" })));
    expect(await release(id)).toMatchObject({ version: "1.0.0-rc.1", title: "t".repeat(200), plannedAt: null });
  });

  it("refuses a version the project already has, as a conflict on the version field", async () => {
    as(manager);
    const before = await prisma.release.count();
    for (const version of ["0.5.0", "v0.5.0", " 0.5.0 "]) {
      expect(await createReleaseAction(createInput({ version }))).toEqual(refusal("conflict", "This project already has a release 0.5.0.", { version: ["0.5.0 already exists for this project"] }));
    }
    expect(await prisma.release.count()).toBe(before);
  });

  it("allows the same version in another project", async () => {
    as(manager);
    const other = await prisma.project.create({ data: { slug: "billing", name: "Billing" } });
    const { id, warnings } = dataOf(await createReleaseAction(createInput({ projectId: other.id, version: "0.5.0" })));
    expect(warnings).toEqual([]);
    expect(await release(id)).toMatchObject({ projectId: other.id, version: "0.5.0" });
  });

  it("warns, without refusing, when the version is not newer than the last released one", async () => {
    as(manager);
    const older = dataOf(await createReleaseAction(createInput({ version: "0.3.0" })));
    expect(older.warnings).toEqual(["0.3.0 is not newer than the last released version, 0.4.0."]);
    expect(await release(older.id)).toMatchObject({ version: "0.3.0", status: "DRAFT" });

    const rc = dataOf(await createReleaseAction(createInput({ version: "0.4.0-rc.2" })));
    expect(rc.warnings).toEqual(["0.4.0-rc.2 is not newer than the last released version, 0.4.0."]);

    // Only RELEASED releases count: 0.5.0 is still being prepared.
    expect(dataOf(await createReleaseAction(createInput({ version: "0.4.1" }))).warnings).toEqual([]);
  });

  it("answers unknown project and template ids on their fields", async () => {
    as(manager);
    const before = await prisma.release.count();
    expect(await createReleaseAction(createInput({ projectId: "no-such-project" }))).toEqual(refusal("invalid", "Choose a project.", { projectId: ["Choose a project"] }));
    expect(await createReleaseAction(createInput({ templateId: "no-such-template" }))).toEqual(refusal("invalid", "Choose a template.", { templateId: ["Choose a template"] }));
    expect(await createReleaseAction(createInput({ projectId: "", templateId: "" }))).toEqual(refusal("invalid", "Check the highlighted fields.", { projectId: ["Missing project"], templateId: ["Missing template"] }));
    expect(await prisma.release.count()).toBe(before);
  });

  it("refuses an archived template, which is no longer offered", async () => {
    as(manager);
    const archived = await prisma.checklistTemplate.create({
      data: {
        name: "Retired checklist",
        archivedAt: new Date(),
        sections: { create: { phase: "PRE_RELEASE", title: "Prep", position: 0, items: { create: { title: "Do it", position: 0 } } } },
      },
    });
    const before = await prisma.release.count();
    expect(await createReleaseAction(createInput({ templateId: archived.id, version: "0.9.1" }))).toEqual(refusal("invalid", "This template is archived; choose another.", { templateId: ["This template is archived; choose another"] }));
    expect(await prisma.release.count()).toBe(before);
  });

  it("needs an enabled release manager or admin as the release's manager", async () => {
    as(manager);
    const disabledManager = await createUser(prisma, "RELEASE_MANAGER", { disabled: true });
    const otherManager = await createUser(prisma, "RELEASE_MANAGER");
    const before = await prisma.release.count();
    for (const releaseManagerId of [lead.id, viewer.id, disabledManager.id, "no-such-user"]) {
      expect(await createReleaseAction(createInput({ version: "0.9.2", releaseManagerId }))).toEqual(refusal("invalid", "Choose an enabled release manager or admin.", { releaseManagerId: ["Choose an enabled release manager or admin"] }));
    }
    expect(await prisma.release.count()).toBe(before);

    const byOther = dataOf(await createReleaseAction(createInput({ version: "0.9.3", releaseManagerId: otherManager.id })));
    expect(await release(byOther.id)).toMatchObject({ releaseManagerId: otherManager.id, createdById: manager.id });
    const byAdmin = dataOf(await createReleaseAction(createInput({ version: "0.9.4", releaseManagerId: admin.id })));
    expect(await release(byAdmin.id)).toMatchObject({ releaseManagerId: admin.id });
    const [assigned] = await events(byAdmin.id, "release.manager_assigned");
    expect(assigned).toMatchObject({ actorId: manager.id, payload: { releaseManagerId: admin.id } });
  });

  it.each([
    ["viewer", () => viewer],
    ["engineering lead", () => lead],
  ])("is refused to a %s", async (_label, user) => {
    as(user());
    const before = await prisma.release.count();
    expect(await createReleaseAction(createInput({ version: "0.9.5" }))).toEqual(refusal("forbidden", "Only release managers and admins can create releases"));
    expect(await prisma.release.count()).toBe(before);
  });
});

describe("editing a release", () => {
  it("changes title, date and manager, audited with from and to", async () => {
    const id = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    as(admin);
    expect(await editReleaseAction({ releaseId: id, title: "Renamed", plannedAt: "2026-05-02", releaseManagerId: admin.id })).toEqual({ ok: true, data: { id } });
    expect(await release(id)).toMatchObject({ title: "Renamed", plannedAt: new Date("2026-05-02T00:00:00Z"), releaseManagerId: admin.id });
    const [edited] = await events(id, "release.edited");
    expect(edited).toMatchObject({
      actorId: admin.id,
      payload: { changes: { title: { from: "Fixture release", to: "Renamed" }, releaseManagerId: { from: manager.id, to: admin.id } } },
    });
    expect(await editReleaseAction({ releaseId: id, title: "Renamed", plannedAt: "2026-05-02", releaseManagerId: admin.id })).toEqual(refusal("invalid", "Nothing changed."));
    expect(await editReleaseAction({ releaseId: id, title: "Renamed", plannedAt: "", releaseManagerId: viewer.id })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { releaseManagerId: ["Choose an enabled release manager or admin"] },
    });
  });

  it.each(["DEPLOYING", "MONITORING", "RELEASED", "FAILED", "ROLLING_BACK", "ROLLED_BACK", "CANCELLED"] as const)("is refused once the release is %s", async (status) => {
    const id = await createFixtureRelease(prisma, f, { status });
    as(manager);
    const label = status.toLowerCase().replace("_", " ");
    expect(await editReleaseAction({ releaseId: id, title: "Too late", releaseManagerId: manager.id })).toEqual(refusal("conflict", `A ${label} release can no longer be edited.`));
    expect((await release(id)).title).toBe("Fixture release");
  });

  it("cannot be used to get around four-eyes: whoever gave a four-eyes sign-off cannot become the release manager", async () => {
    const id = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    // A four-eyes requirement that a release manager signs (the default template's only one names the lead).
    const review = await prisma.signoffRequirement.create({
      data: { releaseId: id, title: "Peer review by another release manager", role: "RELEASE_MANAGER", excludeReleaseManager: true, position: 99 },
    });
    const peer = await createUser(prisma, "RELEASE_MANAGER", { name: "Peer Manager" });
    const fourEyes = "This person gave “Peer review by another release manager”, which the release manager may not give (four-eyes): revoke that sign-off first, or choose someone else.";

    // The manager hands the release to a peer, signs their own release's review, and tries to take it back.
    as(manager);
    dataOf(await editReleaseAction({ releaseId: id, title: "Fixture release", releaseManagerId: peer.id }));
    dataOf(await signOffAction({ requirementId: review.id }));
    as(peer);
    expect(await editReleaseAction({ releaseId: id, title: "Fixture release", releaseManagerId: manager.id })).toEqual(refusal("conflict", fourEyes, { releaseManagerId: [fourEyes] }));
    expect((await release(id)).releaseManagerId).toBe(peer.id);

    // Once the sign-off is revoked (or stale), they may manage it again; other edits are not affected.
    await prisma.signoff.updateMany({ where: { requirementId: review.id }, data: { revokedAt: new Date(), revokedById: peer.id, revokeReason: "Four-eyes" } });
    dataOf(await editReleaseAction({ releaseId: id, title: "Fixture release", releaseManagerId: manager.id }));
    expect((await release(id)).releaseManagerId).toBe(manager.id);
  });

  it("answers an unknown release with not found", async () => {
    as(manager);
    expect(await editReleaseAction({ releaseId: "no-such-release", title: "x", releaseManagerId: manager.id })).toEqual(refusal("not_found", "That release does not exist (any more)."));
  });
});

describe("checklist items", () => {
  let releaseId: string;
  beforeAll(async () => {
    releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
  });
  const byTitle = (title: string) => itemByTitle(prisma, releaseId, title);

  it("ticks with attribution: who, when, the next row version and an audit event", async () => {
    as(manager);
    const target = await byTitle("Update CHANGELOG.md with new version section");
    const before = new Date();
    const data = dataOf(await updateItemAction({ itemId: target.id, rowVersion: 1, change: { kind: "tick" } }));
    expect(data).toMatchObject({ id: target.id, state: "DONE", rowVersion: 2, note: null, evidenceUrl: null, naReason: null, tickedBy: { id: manager.id, name: manager.name } });

    const row = await item(target.id);
    expect(row).toMatchObject({ state: "DONE", tickedById: manager.id, rowVersion: 2 });
    expect(row.tickedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(row.tickedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    const ticked = (await events(releaseId, "item.ticked")).filter((e) => (e.payload as { itemId?: string }).itemId === target.id);
    expect(ticked).toHaveLength(1);
    expect(ticked[0]).toMatchObject({ actorId: manager.id, projectId: f.projectId, payload: { itemId: target.id, title: target.title, phase: "PRE_RELEASE" } });
  });

  it("ticks with a note and evidence link, attributed to whoever ticked (an admin here)", async () => {
    as(admin);
    const target = await byTitle("Update relevant integration docs");
    const data = dataOf(
      await updateItemAction({ itemId: target.id, rowVersion: 1, change: { kind: "tick", note: " Docs PR #12 ", evidenceUrl: "https://github.com/example/gateway/pull/12" } }),
    );
    expect(data).toMatchObject({ state: "DONE", note: "Docs PR #12", evidenceUrl: "https://github.com/example/gateway/pull/12", tickedBy: { id: admin.id } });
    const [event] = (await events(releaseId, "item.ticked")).filter((e) => (e.payload as { itemId?: string }).itemId === target.id);
    expect(event).toMatchObject({ actorId: admin.id, payload: { note: "Docs PR #12", evidenceUrl: "https://github.com/example/gateway/pull/12" } });
  });

  it("refuses to tick an item twice", async () => {
    as(manager);
    const target = await byTitle("Update CHANGELOG.md with new version section");
    expect(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change: { kind: "tick" } })).toEqual(refusal("conflict", "“Update CHANGELOG.md with new version section” is already ticked."));
    expect((await item(target.id)).rowVersion).toBe(target.rowVersion);
  });

  it("unticks only with a reason, and audits the reason", async () => {
    as(manager);
    const target = await byTitle("Update CHANGELOG.md with new version section");
    for (const change of [{ kind: "untick" }, { kind: "untick", reason: "   " }]) {
      expect(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change })).toEqual(refusal("invalid", "Check the highlighted fields.", { "change.reason": ["Give a reason"] }));
    }
    expect(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change: { kind: "untick", reason: "x".repeat(501) } })).toMatchObject({
      fieldErrors: { "change.reason": ["A reason has at most 500 characters"] },
    });
    expect(await item(target.id)).toMatchObject({ state: "DONE", rowVersion: target.rowVersion });

    const data = dataOf(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change: { kind: "untick", reason: "Wrong version number in it" } }));
    expect(data).toMatchObject({ state: "OPEN", tickedBy: null, tickedAt: null, rowVersion: target.rowVersion + 1 });
    const [event] = await events(releaseId, "item.unticked");
    expect(event).toMatchObject({ actorId: manager.id, payload: { itemId: target.id, reason: "Wrong version number in it" } });
    // PREPARING stays PREPARING.
    expect((await release(releaseId)).status).toBe("PREPARING");
  });

  it("annotates with a note of at most 2,000 characters and an http(s) evidence link", async () => {
    as(manager);
    const target = await byTitle("Review API documentation");
    const annotate = (note: string, evidenceUrl: string, rowVersion = target.rowVersion) =>
      updateItemAction({ itemId: target.id, rowVersion, change: { kind: "annotate", note, evidenceUrl } });

    expect(await annotate("n".repeat(2001), "")).toEqual(refusal("invalid", "Check the highlighted fields.", { "change.note": ["A note has at most 2,000 characters"] }));
    const linkMessage = "Evidence must be an http(s) link, like https://ci.example.com/run/42";
    for (const bad of ["ftp://ci.example.com/run/42", "javascript:alert(1)", "ci.example.com/run/42", "https://has space.example.com"]) {
      expect(await annotate("fine", bad)).toMatchObject({ ok: false, code: "invalid", fieldErrors: { "change.evidenceUrl": [linkMessage] } });
    }
    expect(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change: { kind: "tick", evidenceUrl: "file:///etc/passwd" } })).toMatchObject({
      ok: false,
      fieldErrors: { "change.evidenceUrl": [linkMessage] },
    });
    expect(await item(target.id)).toMatchObject({ state: "OPEN", note: null, evidenceUrl: null, rowVersion: target.rowVersion });

    const data = dataOf(await annotate("n".repeat(2000), "HTTP://ci.example.com/run/42"));
    expect(data).toMatchObject({ state: "OPEN", note: "n".repeat(2000), evidenceUrl: "HTTP://ci.example.com/run/42", rowVersion: target.rowVersion + 1 });
    const [event] = await events(releaseId, "item.annotated");
    expect(event).toMatchObject({ actorId: manager.id, payload: { itemId: target.id, evidenceUrl: "HTTP://ci.example.com/run/42" } });

    // Empty strings clear both.
    expect(dataOf(await annotate("", "", target.rowVersion + 1))).toMatchObject({ note: null, evidenceUrl: null, rowVersion: target.rowVersion + 2 });
  });

  it("marks only optional items not applicable, and only with a reason", async () => {
    as(manager);
    const required = await byTitle("Test rollback");
    expect(await updateItemAction({ itemId: required.id, rowVersion: 1, change: { kind: "not_applicable", reason: "No migrations" } })).toEqual(refusal("invalid", "Only optional items and release-day items can be marked not applicable."));
    expect(await item(required.id)).toMatchObject({ state: "OPEN", rowVersion: 1 });

    const optional = await byTitle("Load test if major changes");
    expect(optional.required).toBe(false);
    expect(await updateItemAction({ itemId: optional.id, rowVersion: 1, change: { kind: "not_applicable" } })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { "change.reason": ["Give a reason"] },
    });
    const data = dataOf(await updateItemAction({ itemId: optional.id, rowVersion: 1, change: { kind: "not_applicable", reason: "No major changes" } }));
    expect(data).toMatchObject({ state: "NOT_APPLICABLE", naReason: "No major changes", rowVersion: 2, tickedBy: { id: manager.id } });
    const [event] = await events(releaseId, "item.marked_not_applicable");
    expect(event).toMatchObject({ actorId: manager.id, payload: { itemId: optional.id, reason: "No major changes" } });

    // Unticking clears the N/A and its reason.
    expect(dataOf(await updateItemAction({ itemId: optional.id, rowVersion: 2, change: { kind: "untick", reason: "It is major after all" } }))).toMatchObject({
      state: "OPEN",
      naReason: null,
      tickedBy: null,
    });
  });

  it("answers an unknown item id with not found", async () => {
    as(manager);
    expect(await updateItemAction({ itemId: "no-such-item", rowVersion: 1, change: { kind: "tick" } })).toEqual(refusal("not_found", "That checklist item does not exist (any more)."));
  });

  it.each([
    ["viewer", () => viewer],
    ["engineering lead", () => lead],
  ])("is refused to a %s, and nothing changes", async (_label, user) => {
    as(user());
    const target = await byTitle("Test migration locally");
    const eventsBefore = await prisma.auditEvent.count();
    for (const change of [{ kind: "tick" }, { kind: "annotate", note: "x", evidenceUrl: "" }, { kind: "untick", reason: "x" }]) {
      expect(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change })).toEqual(TICK_REFUSAL);
    }
    expect(await item(target.id)).toEqual(target);
    expect(await prisma.auditEvent.count()).toBe(eventsBefore);
  });

  it("refuses a change made on a version of the item that has moved on", async () => {
    as(manager);
    const target = await byTitle("Document migration in MIGRATION_GUIDE.md");
    dataOf(await updateItemAction({ itemId: target.id, rowVersion: 1, change: { kind: "annotate", note: "first", evidenceUrl: "" } }));
    expect(await updateItemAction({ itemId: target.id, rowVersion: 1, change: { kind: "tick" } })).toEqual(refusal("conflict", "Someone else changed “Document migration in MIGRATION_GUIDE.md” a moment ago. The checklist now shows their change; try again if still needed."));
    expect(await item(target.id)).toMatchObject({ state: "OPEN", note: "first", rowVersion: 2 });
  });

  it("lets exactly one of two concurrent changes of the same version win, without a lost update", async () => {
    const titles = ["Run E2E tests", "Test all webhook endpoints manually", "Test new feature flags (enable/disable)", "Test rollback procedure"];
    for (const title of titles) {
      const target = await byTitle(title);
      // Two people, both looking at version 1, tick at the same moment with different notes.
      as(manager);
      const first = updateItemAction({ itemId: target.id, rowVersion: 1, change: { kind: "tick", note: "ticked by the manager" } });
      as(admin);
      const second = updateItemAction({ itemId: target.id, rowVersion: 1, change: { kind: "tick", note: "ticked by the admin" } });
      const results = await Promise.all([first, second]);

      const winners = results.filter((r) => r.ok);
      const losers = results.filter((r) => !r.ok);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0]).toMatchObject({ ok: false, code: "conflict" });
      expect(losers[0]!.ok ? "" : losers[0]!.message).toContain(`“${title}”`);

      const winner = results[0]!.ok ? { user: manager, note: "ticked by the manager" } : { user: admin, note: "ticked by the admin" };
      expect(await item(target.id)).toMatchObject({ state: "DONE", rowVersion: 2, note: winner.note, tickedById: winner.user.id });
      const ticks = (await events(releaseId, "item.ticked")).filter((e) => (e.payload as { itemId?: string }).itemId === target.id);
      expect(ticks.map((e) => e.actorId)).toEqual([winner.user.id]);
    }
  });

  it("lets two concurrent edits of different kinds on one version produce one winner", async () => {
    const target = await byTitle("Test migration locally");
    as(manager);
    const results = await Promise.all([
      updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change: { kind: "annotate", note: "annotated", evidenceUrl: "" } }),
      updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change: { kind: "tick" } }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const row = await item(target.id);
    expect(row.rowVersion).toBe(target.rowVersion + 1);
    if (results[0]!.ok) expect(row).toMatchObject({ state: "OPEN", note: "annotated" });
    else expect(row).toMatchObject({ state: "DONE", note: null });
  });

  it("applies 20 concurrent ticks on 20 different items of one release", async () => {
    const fresh = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    const preRelease = await prisma.releaseItem.findMany({ where: { releaseId: fresh, phase: "PRE_RELEASE" } });
    expect(preRelease).toHaveLength(20);
    as(manager);
    const results = await Promise.all(preRelease.map((i) => updateItemAction({ itemId: i.id, rowVersion: i.rowVersion, change: { kind: "tick" } })));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const after = await prisma.releaseItem.findMany({ where: { releaseId: fresh, phase: "PRE_RELEASE" } });
    expect(after.every((i) => i.state === "DONE" && i.rowVersion === 2 && i.tickedById === manager.id)).toBe(true);
    expect(await events(fresh, "item.ticked")).toHaveLength(20);
  });

  it("refuses to change items of a phase the status does not allow, with the rule's sentence", async () => {
    as(manager);
    const eventsBefore = await prisma.auditEvent.count();
    const postRelease = await byTitle("Check error rates (baseline vs current)");
    expect(await updateItemAction({ itemId: postRelease.id, rowVersion: 1, change: { kind: "tick" } })).toEqual(refusal("conflict", "Post-release items cannot be changed while the release is preparing"));
    const releaseDay = await byTitle("Watch GitHub Actions workflow");
    expect(await updateItemAction({ itemId: releaseDay.id, rowVersion: 1, change: { kind: "annotate", note: "x", evidenceUrl: "" } })).toEqual(refusal("conflict", "Release day items cannot be changed while the release is preparing"));
    const rollback = await byTitle("Rollback Docker images if needed");
    expect(await updateItemAction({ itemId: rollback.id, rowVersion: 1, change: { kind: "not_applicable", reason: "x" } })).toEqual(refusal("conflict", "Emergency rollback items cannot be changed while the release is preparing"));
    expect(await prisma.auditEvent.count()).toBe(eventsBefore);
  });

  it("closes every item of a cancelled release", async () => {
    const cancelled = await createFixtureRelease(prisma, f, { status: "CANCELLED" });
    as(admin);
    for (const phase of ["PRE_RELEASE", "RELEASE_DAY", "POST_RELEASE", "ROLLBACK"] as const) {
      const target = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: cancelled, phase } });
      expect(await updateItemAction({ itemId: target.id, rowVersion: 1, change: { kind: "tick" } })).toEqual(refusal("conflict", "This release is cancelled: its checklist is closed"));
      expect(await item(target.id)).toEqual(target);
    }
  });
});

describe("the lifecycle", () => {
  let releaseId: string;
  const transition = (to: string, reason?: string) => transitionReleaseAction({ releaseId, to, ...(reason === undefined ? {} : { reason }) });
  const openRequiredPreRelease = () => prisma.releaseItem.findMany({ where: { releaseId, phase: "PRE_RELEASE", required: true, state: "OPEN" }, orderBy: { position: "asc" } });
  const tick = async (id: string) => {
    const row = await item(id);
    return dataOf(await updateItemAction({ itemId: id, rowVersion: row.rowVersion, change: { kind: "tick" } }));
  };

  beforeAll(async () => {
    as(manager);
    releaseId = dataOf(await createReleaseAction(createInput({ version: "0.7.0", title: "Lifecycle" }))).id;
  });

  it("starts preparing from draft, audited", async () => {
    as(manager);
    expect(await transition("PREPARING")).toEqual({ ok: true, data: { id: releaseId, status: "PREPARING" } });
    const row = await release(releaseId);
    expect(row.status).toBe("PREPARING");
    expect(row.preparingAt).toBeInstanceOf(Date);
    const [changed] = await events(releaseId, "release.status_changed");
    expect(changed).toMatchObject({ actorId: manager.id, payload: { from: "DRAFT", to: "PREPARING" } });
  });

  it("refuses READY with the precise blocker sentence while items are open and sign-offs missing", async () => {
    as(manager);
    expect(await transition("READY")).toEqual({ ok: false, code: "conflict", message: "17 required pre-release items and 5 sign-offs remaining" });
    const open = await openRequiredPreRelease();
    expect(open).toHaveLength(17);
    for (const row of open.slice(1)) await tick(row.id);
    // The optional pre-release items stay open: they do not block.
    expect(await transition("READY")).toEqual({ ok: false, code: "conflict", message: "1 required pre-release item and 5 sign-offs remaining" });
    await tick(open[0]!.id);
    expect(await transition("READY")).toEqual({ ok: false, code: "conflict", message: "5 sign-offs remaining" });
    expect((await release(releaseId)).status).toBe("PREPARING");
  });

  it("becomes READY once every required pre-release item is ticked and all five sign-offs are given", async () => {
    const requirements = await requirementsOf(prisma, releaseId);
    as(lead);
    for (const requirement of requirements.slice(0, 4)) dataOf(await signOffAction({ requirementId: requirement.id }));
    as(manager);
    expect(await transition("READY")).toEqual({ ok: false, code: "conflict", message: "1 sign-off remaining" });
    as(lead);
    dataOf(await signOffAction({ requirementId: requirements[4]!.id }));

    as(manager);
    expect(await transition("READY")).toEqual({ ok: true, data: { id: releaseId, status: "READY" } });
    const row = await release(releaseId);
    expect(row.status).toBe("READY");
    expect(row.readyAt).toBeInstanceOf(Date);
    const changes = await events(releaseId, "release.status_changed");
    expect(changes.at(-1)).toMatchObject({ actorId: manager.id, payload: { from: "PREPARING", to: "READY" } });
  });

  it("goes back to PREPARING when a required pre-release item is unticked, and only the sign-offs attesting it go stale", async () => {
    as(manager);
    const target = await itemByTitle(prisma, releaseId, "Run E2E tests");
    dataOf(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change: { kind: "untick", reason: "E2E flaked on retry" } }));

    expect((await release(releaseId)).status).toBe("PREPARING");
    const changes = await events(releaseId, "release.status_changed");
    expect(changes.at(-1)).toMatchObject({ actorId: manager.id, payload: { from: "READY", to: "PREPARING", cause: "“Run E2E tests” was unticked" } });

    // "Run E2E tests" is in the Testing section: only "Tests passing in CI" attests it (the default template's scopes).
    const signoffs = await prisma.signoff.findMany({ where: { releaseId }, include: { requirement: { select: { title: true } } } });
    expect(signoffs).toHaveLength(5);
    expect(signoffs.filter((s) => s.staleAt).map((s) => s.requirement.title)).toEqual(["Tests passing in CI"]);
    const staleOne = signoffs.find((s) => s.staleAt)!;
    expect(staleOne).toMatchObject({ staleReason: "“Run E2E tests” was unticked after signing", revokedAt: null });
    const stale = await events(releaseId, "signoff.stale");
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ actorId: manager.id, payload: { signoffId: staleOne.id, itemId: target.id, reason: "“Run E2E tests” was unticked after signing" } });
    expect(await transition("READY")).toEqual({ ok: false, code: "conflict", message: "1 required pre-release item and 1 sign-off remaining" });

    // Ticking it again before anyone renews the sign-off restores it (audited), and the release can be ready again.
    await tick(target.id);
    expect(await prisma.signoff.count({ where: { releaseId, staleAt: null, revokedAt: null } })).toBe(5);
    const [restored] = await events(releaseId, "signoff.restored");
    expect(restored).toMatchObject({ actorId: manager.id, payload: { signoffId: staleOne.id, requirement: "Tests passing in CI", itemId: target.id } });
    expect(await transition("READY")).toEqual({ ok: true, data: { id: releaseId, status: "READY" } });
  });

  it("refuses editing once deploying, and pre-release items are closed", async () => {
    as(manager);
    // One button per intent: a release becomes deploying only through its deploy run, never status-only.
    expect(await transition("DEPLOYING")).toEqual(refusal("conflict", "A release becomes deploying through its deploy or rollback run: use the deploy panel (a project that deploys by hand can use a manual pipeline)."));
    expect((await release(releaseId)).status).toBe("READY");
    // What a deploy run does (lib/deploys/actions.ts startDeploy), without a pipeline in this file.
    await moveRelease(prisma, releaseId, "DEPLOYING", { actorId: manager.id, cause: "Deploy started" });
    expect((await release(releaseId)).deployingAt).toBeInstanceOf(Date);
    expect(await editReleaseAction({ releaseId, title: "Renamed while deploying", releaseManagerId: manager.id })).toEqual(refusal("conflict", "A deploying release can no longer be edited."));
    const preRelease = await itemByTitle(prisma, releaseId, "Run E2E tests");
    expect(await updateItemAction({ itemId: preRelease.id, rowVersion: preRelease.rowVersion, change: { kind: "untick", reason: "x" } })).toEqual(refusal("conflict", "Pre-release items cannot be changed while the release is deploying"));
    expect((await release(releaseId)).title).toBe("Lifecycle");
  });

  it("is released after monitoring once post-release items are done, closing the window early only with a reason", async () => {
    as(manager);
    expect(await transition("MONITORING")).toMatchObject({ ok: false, code: "conflict" });
    await moveRelease(prisma, releaseId, "MONITORING", { actorId: null, cause: "Every step succeeded" });
    expect(await transition("RELEASED")).toEqual(refusal("conflict", "13 required release-day items, 11 required post-release items and the monitoring window (give a reason to close it early) remaining"));
    const postRelease = await prisma.releaseItem.findMany({ where: { releaseId, phase: "POST_RELEASE", required: true } });
    for (const row of postRelease) await tick(row.id);
    // Release day must be settled too: this release was moved by hand, so no deploy ticked its bound items.
    expect(await transition("RELEASED", "Quiet for two hours, closing early")).toEqual(refusal("conflict", "13 required release-day items remaining"));
    const releaseDay = await prisma.releaseItem.findMany({ where: { releaseId, phase: "RELEASE_DAY", required: true }, orderBy: { position: "asc" } });
    const [handTagged, ...rest] = releaseDay;
    // A required release-day item may be N/A with a reason (e.g. tagged in another system).
    dataOf(await updateItemAction({ itemId: handTagged!.id, rowVersion: handTagged!.rowVersion, change: { kind: "not_applicable", reason: "Tagged by the CI release job" } }));
    for (const row of rest) await tick(row.id);
    expect(await transition("RELEASED")).toEqual(refusal("conflict", "the monitoring window (give a reason to close it early) remaining"));
    expect(await transition("RELEASED", "Quiet for two hours, closing early")).toEqual({ ok: true, data: { id: releaseId, status: "RELEASED" } });
    expect(await release(releaseId)).toMatchObject({ status: "RELEASED", closeEarlyReason: "Quiet for two hours, closing early" });
    expect((await events(releaseId, "release.status_changed")).at(-1)).toMatchObject({
      payload: { from: "MONITORING", to: "RELEASED", reason: "Quiet for two hours, closing early" },
    });
  });

  it("cancels only with a reason, and then the checklist is closed", async () => {
    const id = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    as(manager);
    for (const reason of [undefined, "", "   "]) {
      expect(await transitionReleaseAction({ releaseId: id, to: "CANCELLED", ...(reason === undefined ? {} : { reason }) })).toEqual(refusal("conflict", "Say why the release is cancelled"));
    }
    expect((await release(id)).status).toBe("PREPARING");

    expect(await transitionReleaseAction({ releaseId: id, to: "CANCELLED", reason: " Superseded by 0.7.1 " })).toEqual({ ok: true, data: { id, status: "CANCELLED" } });
    const row = await release(id);
    expect(row).toMatchObject({ status: "CANCELLED", cancelReason: "Superseded by 0.7.1" });
    expect(row.cancelledAt).toBeInstanceOf(Date);
    expect((await events(id, "release.status_changed")).at(-1)).toMatchObject({
      actorId: manager.id,
      payload: { from: "PREPARING", to: "CANCELLED", reason: "Superseded by 0.7.1" },
    });

    const target = await prisma.releaseItem.findFirstOrThrow({ where: { releaseId: id, phase: "PRE_RELEASE" } });
    expect(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change: { kind: "tick" } })).toEqual(refusal("conflict", "This release is cancelled: its checklist is closed"));
    expect(await transitionReleaseAction({ releaseId: id, to: "PREPARING" })).toEqual({ ok: false, code: "conflict", message: "A cancelled release cannot become preparing" });
  });

  it("refuses transitions outside the table, unknown statuses and releases, and non-managers", async () => {
    const id = await createFixtureRelease(prisma, f);
    as(manager);
    expect(await transitionReleaseAction({ releaseId: id, to: "RELEASED" })).toEqual({ ok: false, code: "conflict", message: "A draft release cannot become released" });
    expect(await transitionReleaseAction({ releaseId: id, to: "SHIPPED" })).toEqual(refusal("invalid", "Check the highlighted fields.", { to: ["Unknown status"] }));
    expect(await transitionReleaseAction({ releaseId: "no-such-release", to: "PREPARING" })).toEqual(refusal("not_found", "That release does not exist (any more)."));
    for (const user of [viewer, lead]) {
      as(user);
      expect(await transitionReleaseAction({ releaseId: id, to: "PREPARING" })).toEqual(refusal("forbidden", "Only release managers and admins can edit releases"));
    }
    expect((await release(id)).status).toBe("DRAFT");
  });
});
