import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createReleaseFromSnapshot } from "@/lib/releases/create";
import { archiveTemplateAction, createTemplateAction, duplicateTemplateAction, importTemplateAction, saveTemplateAction, setDefaultTemplateAction } from "@/lib/templates/actions";
import { parseChecklistMarkdown } from "@/lib/templates/markdown-import";
import { createTemplateFromChecklist } from "@/lib/templates/persist";
import { getTemplateSnapshot } from "@/lib/templates/snapshot";
import { GET as exportTemplate } from "@/app/templates/[id]/export/route";
import { refusal } from "../support/action-result";
import { createActionDatabase } from "../support/database";
import { actingUser, createUser } from "../support/acting-user";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma } = await createActionDatabase();
const referenceMarkdown = readFileSync(path.resolve(import.meta.dirname, "../../prisma/default-template.md"), "utf8");
const DEFAULT_NAME = "Default release checklist";

const admin = await createUser(prisma, "ADMIN", { email: "ada@example.com", name: "Ada" });
const manager = await createUser(prisma, "RELEASE_MANAGER", { email: "rae@example.com", name: "Rae" });
let defaultTemplateId: string;

beforeAll(async () => {
  // The default template, as the seed imports it.
  const parsed = parseChecklistMarkdown(referenceMarkdown);
  if (!parsed.ok) throw new Error("the reference checklist does not import");
  defaultTemplateId = (
    await createTemplateFromChecklist(prisma, { name: DEFAULT_NAME, checklist: parsed.checklist, sourceMarkdown: referenceMarkdown, isDefault: true })
  ).id;
});

/** Everything the actions can write, to prove a refused action wrote nothing. */
async function footprint() {
  return {
    templates: await prisma.checklistTemplate.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, isDefault: true, archivedAt: true, updatedAt: true } }),
    sections: await prisma.templateSection.count(),
    items: await prisma.templateItem.count(),
    signoffs: await prisma.templateSignoffRequirement.count(),
    audit: await prisma.auditEvent.count(),
  };
}

async function countsOf(templateId: string) {
  const snapshot = (await getTemplateSnapshot(prisma, templateId))!;
  const items = snapshot.sections.flatMap((section) => section.items);
  return {
    sections: snapshot.sections.length,
    items: items.length,
    requiredItems: items.filter((item) => item.required).length,
    commands: items.filter((item) => item.command !== null).length,
    signoffs: snapshot.signoffRequirements.length,
    approvalFields: snapshot.approvalFields.length,
    monitoringWindowHours: snapshot.monitoringWindowHours,
  };
}

async function importAs(name: string, markdown = referenceMarkdown): Promise<string> {
  actingUser.current = admin;
  const result = await importTemplateAction({ name, markdown });
  if (!result.ok) throw new Error(`import failed: ${result.message} ${JSON.stringify(result.fieldErrors)}`);
  return result.data.id;
}

/** A valid save payload for a template: two sections, three items, one sign-off. */
function savePayload(templateId: string, overrides: Record<string, unknown> = {}) {
  return {
    templateId,
    name: "Edited checklist",
    description: "Edited in the editor",
    monitoringWindowHours: 48,
    approvalFields: ["Release manager", "Date"],
    sections: [
      {
        phase: "PRE_RELEASE",
        title: "Checks",
        detail: null,
        items: [
          { title: "Tests passing", detail: null, command: "npm test", required: true },
          { title: "Smoke test staging", detail: "Log in and click around.", command: "", required: false },
        ],
      },
      { phase: "RELEASE_DAY", title: "Deploy", detail: "", items: [{ title: "Deploy", detail: "", command: "make deploy\nmake verify\n", required: true }] },
    ],
    signoffRequirements: [{ title: "QA sign-off", role: "ENGINEERING_LEAD", excludeReleaseManager: true }],
    ...overrides,
  };
}

describe("importing from Markdown", () => {
  it("imports the reference checklist under a new name with the same content as the default template", async () => {
    actingUser.current = admin;
    const result = await importTemplateAction({ name: "  Imported   reference ", markdown: referenceMarkdown });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const template = await prisma.checklistTemplate.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(template).toMatchObject({ name: "Imported reference", sourceMarkdown: referenceMarkdown, isDefault: false, createdById: admin.id });
    expect(await countsOf(result.data.id)).toEqual(await countsOf(defaultTemplateId));
    const imported = (await getTemplateSnapshot(prisma, result.data.id))!;
    const reference = (await getTemplateSnapshot(prisma, defaultTemplateId))!;
    expect(imported.sections).toEqual(reference.sections);
    expect(imported.signoffRequirements).toEqual(reference.signoffRequirements);
    expect(result.data).toMatchObject({ sections: imported.sections.length, signoffs: imported.signoffRequirements.length });

    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "template.imported", actorId: admin.id } });
    expect(event.payload).toMatchObject({ templateId: result.data.id, name: "Imported reference", sections: imported.sections.length });
  });

  it("refuses Markdown without a checkbox with the reason, and writes nothing", async () => {
    actingUser.current = admin;
    const before = await footprint();
    const result = await importTemplateAction({ name: "No boxes", markdown: "# Steps\n\n## 1. Build\n- Build it\n\n## 2. Ship\n- Ship it\n" });
    expect(result).toMatchObject({ ok: false, code: "invalid", message: "The Markdown could not be imported (1 problem); nothing was saved." });
    expect(result.ok ? null : result.fieldErrors?.markdown).toEqual([
      'No checklist items found: the Markdown has no checkboxes. Write each step as "- [ ] Run the tests".',
    ]);
    expect(await footprint()).toEqual(before);
  });

  it("imports what the old importer refused, reporting what it changed as warnings", async () => {
    actingUser.current = admin;
    const markdown = [
      "# Broken",
      "",
      "- [ ] An item before any heading",
      "",
      "## 1. Prepare",
      "",
      "### Checks",
      "- [ ] Fine",
      "- [ ]",
      "",
      "## Release Approval",
      "- [ ] QA approved (role: JANITOR)",
      "- [ ] Watched it (role: VIEWER)",
    ].join("\n");
    const result = await importTemplateAction({ name: "Was broken", markdown });
    if (!result.ok) throw new Error(result.message);
    expect(result.data.warnings).toEqual([
      "Line 9: A checkbox without text was skipped.",
      'Line 12: Unknown sign-off role "JANITOR"; the sign-off goes to the ENGINEERING_LEAD role. Roles: ADMIN, RELEASE_MANAGER, ENGINEERING_LEAD, VIEWER.',
      "Sign-off “Watched it” names the Viewer role, which cannot give sign-offs; it goes to the Engineering lead role.",
    ]);
    const snapshot = (await getTemplateSnapshot(prisma, result.data.id))!;
    expect(snapshot.sections.map((s) => [s.phase, s.title, s.items.map((i) => i.title)])).toEqual([
      ["PRE_RELEASE", "Broken", ["An item before any heading"]],
      ["PRE_RELEASE", "Checks", ["Fine"]],
    ]);
    expect(snapshot.signoffRequirements.map((s) => [s.title, s.role])).toEqual([
      ["QA approved", "ENGINEERING_LEAD"],
      ["Watched it", "ENGINEERING_LEAD"],
    ]);
  });

  it("saves the stages chosen in the preview and ${VERSION} for the example version when asked", async () => {
    actingUser.current = admin;
    const markdown = "# CLI\n\n## 1. Prepare\n- [ ] Bump to 2.4.0\n\n## 2. Validate\n- [ ] Smoke test\n\n## 3. Publish\n- [ ] Tag: `git tag v2.4.0 && git push origin v2.4.0`\n";
    const result = await importTemplateAction({ name: "Staged", markdown, stages: [null, "RELEASE_DAY", null], replaceVersion: true });
    if (!result.ok) throw new Error(result.message);
    const snapshot = (await getTemplateSnapshot(prisma, result.data.id))!;
    expect(snapshot.sections.map((s) => [s.phase, s.phaseTitle, s.title, s.items.map((i) => i.command)])).toEqual([
      ["PRE_RELEASE", "Pre-Release", "Prepare", [null]],
      ["RELEASE_DAY", "Release Day", "Validate", [null]],
      ["RELEASE_DAY", "Release Day", "Publish", ["git tag v${VERSION} && git push origin v${VERSION}"]],
    ]);
    const plain = await importTemplateAction({ name: "Unstaged", markdown });
    if (!plain.ok) throw new Error(plain.message);
    const unstaged = (await getTemplateSnapshot(prisma, plain.data.id))!;
    expect(unstaged.sections.map((s) => s.phase)).toEqual(["PRE_RELEASE", "PRE_RELEASE", "RELEASE_DAY"]);
    expect(unstaged.sections[2]!.items[0]!.command).toBe("git tag v2.4.0 && git push origin v2.4.0");
  });

  it("refuses a name that is taken, whatever its case, as a field error", async () => {
    actingUser.current = admin;
    const before = await footprint();
    for (const name of [DEFAULT_NAME, DEFAULT_NAME.toUpperCase()]) {
      expect(await importTemplateAction({ name, markdown: referenceMarkdown })).toEqual(refusal("conflict", "A template with this name already exists; choose another.", { name: ["A template with this name already exists; choose another."] }));
    }
    expect(await footprint()).toEqual(before);
  });

  it("refuses oversized input field by field and writes nothing", async () => {
    actingUser.current = admin;
    const before = await footprint();
    const result = await importTemplateAction({ name: "n".repeat(121), markdown: "x".repeat(200_001) });
    expect(result).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { name: ["A name has at most 120 characters"], markdown: ["The Markdown has at most 200,000 characters"] },
    });
    const empty = await importTemplateAction({ name: "", markdown: "   " });
    expect(empty).toMatchObject({ ok: false, code: "invalid", fieldErrors: { name: ["Enter a name"], markdown: ["Paste or upload a Markdown checklist"] } });

    const huge = ["# Huge", "## Pre-Release", "### Many", ...Array.from({ length: 501 }, (_, i) => `- [ ] Item ${i}`)].join("\n");
    const tooMany = await importTemplateAction({ name: "Huge", markdown: huge });
    expect(tooMany).toMatchObject({ ok: false, code: "invalid", fieldErrors: { markdown: ["The checklist has 501 items; the limit is 500."] } });
    expect(await footprint()).toEqual(before);
  });
});

describe("creating and duplicating", () => {
  it("creates an empty template with one pre-release section and one item to edit", async () => {
    actingUser.current = admin;
    const result = await createTemplateAction({ name: "Blank", description: "  " });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const snapshot = (await getTemplateSnapshot(prisma, result.data.id))!;
    expect(snapshot.sections).toEqual([
      { phase: "PRE_RELEASE", phaseTitle: "Pre-Release", title: "Preparation", detail: null, items: [{ title: "First check", detail: null, command: null, required: true }] },
    ]);
    expect(await prisma.checklistTemplate.findUniqueOrThrow({ where: { id: result.data.id } })).toMatchObject({ description: null, isDefault: false });
    expect(await prisma.auditEvent.count({ where: { type: "template.created", payload: { path: ["templateId"], equals: result.data.id } } })).toBe(1);
    expect(await createTemplateAction({ name: "blank" })).toMatchObject({ ok: false, code: "conflict", fieldErrors: { name: expect.any(Array) } });
  });

  it("duplicates a template's checklist under a new name, leaving the original as it was", async () => {
    actingUser.current = admin;
    const before = await getTemplateSnapshot(prisma, defaultTemplateId);
    const result = await duplicateTemplateAction({ templateId: defaultTemplateId, name: "Copy of the default" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const copy = (await getTemplateSnapshot(prisma, result.data.id))!;
    const original = (await getTemplateSnapshot(prisma, defaultTemplateId))!;
    expect(original).toEqual(before);
    expect({ ...copy, templateId: "", templateName: "", title: "" }).toEqual({ ...original, templateId: "", templateName: "", title: "" });
    expect(copy.templateName).toBe("Copy of the default");
    expect(await prisma.checklistTemplate.findUniqueOrThrow({ where: { id: result.data.id } })).toMatchObject({ isDefault: false, createdById: admin.id });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "template.duplicated" }, orderBy: { id: "desc" } });
    expect(event.payload).toMatchObject({ templateId: result.data.id, sourceTemplateId: defaultTemplateId, sourceName: DEFAULT_NAME });

    expect(await duplicateTemplateAction({ templateId: defaultTemplateId, name: "Copy of the default" })).toMatchObject({ ok: false, code: "conflict" });
  });
});

describe("saving the editor", () => {
  it("replaces sections, items and sign-offs, while a release created before keeps its checklist", async () => {
    const templateId = await importAs("In use");
    const project = await prisma.project.create({ data: { slug: "in-use", name: "In use" } });
    const release = await prisma.$transaction(async (tx) =>
      createReleaseFromSnapshot(tx, {
        projectId: project.id,
        version: "1.0.0",
        title: "First",
        releaseManagerId: manager.id,
        createdById: manager.id,
        snapshot: (await getTemplateSnapshot(tx, templateId))!,
      }),
    );
    const releaseChecklist = async () => ({
      sections: await prisma.releaseSection.findMany({ where: { releaseId: release.id }, orderBy: { position: "asc" } }),
      items: await prisma.releaseItem.findMany({ where: { releaseId: release.id }, orderBy: [{ sectionId: "asc" }, { position: "asc" }] }),
      signoffs: await prisma.signoffRequirement.findMany({ where: { releaseId: release.id }, orderBy: { position: "asc" } }),
      release: await prisma.release.findUniqueOrThrow({ where: { id: release.id }, select: { templateSnapshot: true, templateName: true, templateId: true } }),
    });
    const releaseBefore = await releaseChecklist();
    expect(releaseBefore.items.length).toBeGreaterThan(40);

    actingUser.current = admin;
    const result = await saveTemplateAction(savePayload(templateId));
    expect(result).toMatchObject({ ok: true, data: { id: templateId, sections: 2, items: 3, requiredItems: 2, signoffs: 1 } });

    const saved = (await getTemplateSnapshot(prisma, templateId))!;
    expect(saved).toMatchObject({
      templateName: "Edited checklist",
      monitoringWindowHours: 48,
      approvalFields: ["Release manager", "Date"],
      signoffRequirements: [{ title: "QA sign-off", role: "ENGINEERING_LEAD", excludeReleaseManager: true }],
    });
    expect(saved.sections).toEqual([
      {
        // The phase heading as written in the imported Markdown is kept.
        phase: "PRE_RELEASE",
        phaseTitle: "Pre-Release (1 day before)",
        title: "Checks",
        detail: null,
        items: [
          { title: "Tests passing", detail: null, command: "npm test", required: true },
          { title: "Smoke test staging", detail: "Log in and click around.", command: null, required: false },
        ],
      },
      { phase: "RELEASE_DAY", phaseTitle: "Release Day", title: "Deploy", detail: null, items: [{ title: "Deploy", detail: null, command: "make deploy\nmake verify", required: true }] },
    ]);
    expect(await prisma.templateItem.count({ where: { section: { templateId } } })).toBe(3);
    expect(await releaseChecklist()).toEqual(releaseBefore);

    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "template.updated", actorId: admin.id }, orderBy: { id: "desc" } });
    expect(event.payload).toMatchObject({ templateId, name: "Edited checklist", previousName: "In use", sections: 2, items: 3, signoffs: 1 });
  });

  it("keeps step bindings, the incident-note item and sign-off scopes through an editor save, and refuses ones that point nowhere", async () => {
    const templateId = await importAs("Bound");
    const payload = savePayload(templateId, {
      name: "Bound",
      sections: [
        { phase: "PRE_RELEASE", title: "Checks", detail: null, items: [{ title: "Tests passing", detail: null, command: null, required: true }] },
        { phase: "RELEASE_DAY", title: "Deploy", detail: null, items: [{ title: "Migrated", detail: null, command: null, required: true, stepName: "  Run   migrations " }] },
        { phase: "ROLLBACK", title: "Rollback", detail: null, items: [{ title: "Write it up", detail: null, command: null, required: true, recordsIncident: true }] },
      ],
      signoffRequirements: [{ title: "QA sign-off", role: "ENGINEERING_LEAD", excludeReleaseManager: false, scope: ["Checks"] }],
    });
    expect((await saveTemplateAction(payload)).ok).toBe(true);
    const saved = (await getTemplateSnapshot(prisma, templateId))!;
    expect(saved.sections.flatMap((s) => s.items)).toEqual([
      { title: "Tests passing", detail: null, command: null, required: true },
      { title: "Migrated", detail: null, command: null, required: true, stepName: "Run migrations" },
      { title: "Write it up", detail: null, command: null, required: true, recordsIncident: true },
    ]);
    expect(saved.signoffRequirements).toEqual([{ title: "QA sign-off", role: "ENGINEERING_LEAD", excludeReleaseManager: false, scope: ["Checks"] }]);

    const before = await footprint();
    const bad = savePayload(templateId, {
      name: "Bound",
      sections: [
        { phase: "PRE_RELEASE", title: "Checks", detail: null, items: [{ title: "Tests passing", detail: null, command: null, required: true, recordsIncident: true }] },
      ],
      signoffRequirements: [{ title: "QA sign-off", role: "ENGINEERING_LEAD", excludeReleaseManager: false, scope: ["Databse"] }],
    });
    expect(await saveTemplateAction(bad)).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: {
        "sections.0.items.0.recordsIncident": ["Only an emergency rollback item can hold the incident note"],
        "signoffRequirements.0.scope.0": ["“Databse” is no pre-release section or item"],
      },
    });
    expect(await footprint()).toEqual(before);
  });

  it("groups sections by phase whatever order they come in", async () => {
    const templateId = await importAs("Reordered");
    const payload = savePayload(templateId, { name: "Reordered" });
    payload.sections.reverse();
    expect((await saveTemplateAction(payload)).ok).toBe(true);
    expect((await getTemplateSnapshot(prisma, templateId))!.sections.map((s) => s.phase)).toEqual(["PRE_RELEASE", "RELEASE_DAY"]);
  });

  it("answers invalid input with errors keyed by the field's path, and writes nothing", async () => {
    const templateId = await importAs("Validated");
    const before = await footprint();
    const payload = savePayload(templateId, {
      name: "   ",
      monitoringWindowHours: 0,
      approvalFields: ["Date", "date"],
      signoffRequirements: [{ title: "Viewer watched", role: "VIEWER", excludeReleaseManager: false }],
    });
    payload.sections[1]!.items[0]!.title = "\n ";
    payload.sections[0]!.items[1]!.command = "x".repeat(10_001);
    payload.sections.push({ phase: "ROLLBACK", title: "Empty", detail: null, items: [] });
    const result = await saveTemplateAction(payload);
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    if (result.ok) return;
    expect(result.fieldErrors).toEqual({
      name: ["Enter a name"],
      monitoringWindowHours: ["The monitoring window is at least 1 hour"],
      "approvalFields.1": ["This approval field is listed twice"],
      "sections.0.items.1.command": ["A command has at most 10,000 characters"],
      "sections.1.items.0.title": ["Enter a title for this item"],
      "sections.2.items": ["Add an item to this section, or remove the section"],
      "signoffRequirements.0.role": ["Viewers cannot give sign-offs; choose engineering lead, release manager, admin"],
    });
    expect(await footprint()).toEqual(before);
  });

  it("refuses more than 100 sections, 500 items or an empty template", async () => {
    const templateId = await importAs("Limits");
    const item = { title: "x", detail: null, command: null, required: true };
    const manySections = Array.from({ length: 101 }, (_, i) => ({ phase: "PRE_RELEASE", title: `S${i}`, detail: null, items: [item] }));
    expect(await saveTemplateAction(savePayload(templateId, { sections: manySections }))).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { sections: ["A template has at most 100 sections"] },
    });
    const manyItems = Array.from({ length: 2 }, (_, i) => ({ phase: "PRE_RELEASE", title: `S${i}`, detail: null, items: Array.from({ length: 251 }, () => item) }));
    expect(await saveTemplateAction(savePayload(templateId, { sections: manyItems }))).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { sections: ["A template has at most 500 items; this one has 502"] },
    });
    expect(await saveTemplateAction(savePayload(templateId, { sections: [] }))).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { sections: ["Add at least one section with an item"] },
    });
    const longTitle = await saveTemplateAction(savePayload(templateId, { sections: [{ phase: "PRE_RELEASE", title: "t".repeat(501), detail: null, items: [item] }] }));
    expect(longTitle).toMatchObject({ ok: false, fieldErrors: { "sections.0.title": ["A section title has at most 500 characters"] } });
  });

  it("refuses a name another template has, and a save over someone else's newer save", async () => {
    const templateId = await importAs("Contended");
    expect(await saveTemplateAction(savePayload(templateId, { name: DEFAULT_NAME }))).toMatchObject({
      ok: false,
      code: "conflict",
      fieldErrors: { name: ["A template with this name already exists; choose another."] },
    });
    const { updatedAt } = await prisma.checklistTemplate.findUniqueOrThrow({ where: { id: templateId } });
    const first = await saveTemplateAction(savePayload(templateId, { name: "Contended", expectedUpdatedAt: updatedAt.toISOString() }));
    expect(first.ok).toBe(true);
    const second = await saveTemplateAction(savePayload(templateId, { name: "Contended", expectedUpdatedAt: updatedAt.toISOString() }));
    expect(second).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/^Someone else saved this template after you opened it/) });
    // Keeping its own name is not a conflict.
    if (first.ok) expect((await saveTemplateAction(savePayload(templateId, { name: "Contended", expectedUpdatedAt: first.data.updatedAt }))).ok).toBe(true);
  });
});

describe("archiving and the default", () => {
  it("refuses to archive the default template, with a clear message", async () => {
    actingUser.current = admin;
    const before = await footprint();
    expect(await archiveTemplateAction({ templateId: defaultTemplateId })).toEqual(refusal("conflict", "This is the default template, so it cannot be archived. Make another template the default first."));
    expect(await footprint()).toEqual(before);
  });

  it("archives another template, once, and then refuses to edit it or make it the default", async () => {
    const templateId = await importAs("To archive");
    expect(await archiveTemplateAction({ templateId })).toEqual({ ok: true, data: { id: templateId } });
    expect((await prisma.checklistTemplate.findUniqueOrThrow({ where: { id: templateId } })).archivedAt).not.toBeNull();
    expect(await prisma.auditEvent.count({ where: { type: "template.archived", payload: { path: ["templateId"], equals: templateId } } })).toBe(1);
    expect(await archiveTemplateAction({ templateId })).toMatchObject({ ok: false, code: "conflict", message: "This template is already archived." });
    expect(await saveTemplateAction(savePayload(templateId, { name: "To archive" }))).toMatchObject({ ok: false, code: "conflict" });
    expect(await setDefaultTemplateAction({ templateId })).toMatchObject({ ok: false, code: "conflict", message: "An archived template cannot be the default." });
    // An archived template can still be duplicated.
    expect((await duplicateTemplateAction({ templateId, name: "Revived" })).ok).toBe(true);
  });

  it("makes another template the default, leaving exactly one", async () => {
    const templateId = await importAs("New default");
    expect(await setDefaultTemplateAction({ templateId })).toEqual({ ok: true, data: { id: templateId } });
    expect(await prisma.checklistTemplate.findMany({ where: { isDefault: true }, select: { id: true } })).toEqual([{ id: templateId }]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "template.default_changed" }, orderBy: { id: "desc" } });
    expect(event.payload).toMatchObject({ templateId, previousTemplateIds: [defaultTemplateId] });
    expect(await setDefaultTemplateAction({ templateId })).toMatchObject({ ok: false, code: "conflict", message: "This template is already the default." });

    // Two admins choosing different defaults at once: both succeed, one after the other, and one default is left.
    const racer = await importAs("Racer");
    actingUser.current = admin;
    const results = await Promise.all([setDefaultTemplateAction({ templateId: defaultTemplateId }), setDefaultTemplateAction({ templateId: racer })]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(await prisma.checklistTemplate.count({ where: { isDefault: true } })).toBe(1);
  });
});

describe("permissions and unknown templates", () => {
  it("refuses every template action to a release manager, who changes nothing", async () => {
    const templateId = await importAs("Guarded");
    actingUser.current = manager;
    const before = await footprint();
    const refused = { ok: false, code: "forbidden", message: "Only admins can manage templates" };
    expect(await importTemplateAction({ name: "Sneaky", markdown: referenceMarkdown })).toEqual(refused);
    expect(await createTemplateAction({ name: "Sneaky" })).toEqual(refused);
    expect(await duplicateTemplateAction({ templateId, name: "Sneaky" })).toEqual(refused);
    expect(await saveTemplateAction(savePayload(templateId))).toEqual(refused);
    expect(await archiveTemplateAction({ templateId })).toEqual(refused);
    expect(await setDefaultTemplateAction({ templateId })).toEqual(refused);
    expect(await footprint()).toEqual(before);
  });

  it("answers an unknown template id with not found", async () => {
    actingUser.current = admin;
    const notFound = { ok: false, code: "not_found", message: "That template does not exist (any more)." };
    expect(await duplicateTemplateAction({ templateId: "missing", name: "Whatever" })).toEqual(notFound);
    expect(await saveTemplateAction(savePayload("missing"))).toEqual(notFound);
    expect(await archiveTemplateAction({ templateId: "missing" })).toEqual(notFound);
    expect(await setDefaultTemplateAction({ templateId: "missing" })).toEqual(notFound);
  });
});

describe("exporting", () => {
  const call = (id: string) => exportTemplate(new Request(`http://localhost/templates/${id}/export`), { params: Promise.resolve({ id }) });

  it("downloads the template as Markdown the importer reads back", async () => {
    const templateId = await importAs("Export Me (v2)!");
    actingUser.current = await createUser(prisma, "VIEWER");
    const response = await call(templateId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="export-me-v2.md"');
    const markdown = await response.text();
    expect(markdown).toMatch(/^# Export Me \(v2\)!\n/);
    const reparsed = parseChecklistMarkdown(markdown);
    expect(reparsed.ok).toBe(true);
    if (reparsed.ok) expect(reparsed.checklist.sections).toEqual((await getTemplateSnapshot(prisma, templateId))!.sections);
  });

  it("answers an unknown id with a 404 and signed-out callers with a 401", async () => {
    actingUser.current = admin;
    const response = await call("missing");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "That template does not exist (any more)." });
    actingUser.current = null;
    expect((await call(defaultTemplateId)).status).toBe(401);
  });
});
