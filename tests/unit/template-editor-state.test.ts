import { describe, expect, it } from "vitest";
import {
  editableTemplateOf,
  editorReducer,
  fieldIds,
  initialEditorState,
  isDirty,
  payloadOf,
  placeServerErrors,
  type EditableTemplate,
  type EditorAction,
  type EditorState,
} from "@/components/templates/editor-state";
import { checkTemplateMarkdown, checklistLimitProblems, formatImportProblem } from "@/lib/templates/limits";
import { saveTemplateSchema } from "@/lib/templates/schemas";
import { templateFileName } from "@/lib/templates/slug";
import { itReturnsEach } from "../support/tables";

const template: EditableTemplate = {
  id: "t1",
  updatedAt: "2026-01-01T00:00:00.000Z",
  name: "Service release",
  description: null,
  monitoringWindowHours: 24,
  approvalFields: ["Date"],
  sections: [
    // Out of phase order on purpose: the editor groups them.
    { phase: "RELEASE_DAY", phaseTitle: "Release Day", title: "Deploy", detail: null, items: [{ title: "Ship it", detail: null, command: "make deploy", required: true }] },
    {
      phase: "PRE_RELEASE",
      phaseTitle: "Pre-Release (1 day before)",
      title: "Checks",
      detail: "Before anything",
      items: [
        { title: "Tests", detail: null, command: null, required: true },
        { title: "Docs", detail: "README", command: null, required: false },
      ],
    },
  ],
  signoffRequirements: [{ title: "Code reviewed", role: "ENGINEERING_LEAD", excludeReleaseManager: true }],
};

function run(...actions: EditorAction[]): EditorState {
  return actions.reduce(editorReducer, initialEditorState(template));
}

describe("the editor draft", () => {
  it("starts grouped by phase, clean, and sends what it loaded", () => {
    const state = initialEditorState(template);
    expect(state.draft.sections.map((s) => s.title)).toEqual(["Checks", "Deploy"]);
    expect(isDirty(state)).toBe(false);
    const payload = { templateId: "t1", ...payloadOf(state.draft) };
    expect(saveTemplateSchema.parse(payload).sections[0]).toEqual({
      phase: "PRE_RELEASE",
      phaseTitle: "Pre-Release (1 day before)",
      title: "Checks",
      detail: "Before anything",
      items: [
        { title: "Tests", detail: null, command: null, required: true, stepName: null, recordsIncident: false, automation: null },
        { title: "Docs", detail: "README", command: null, required: false, stepName: null, recordsIncident: false, automation: null },
      ],
    });
  });

  it("keeps every stored item field when a template is opened and saved unchanged (an automation was dropped)", () => {
    const stored = {
      id: "t2",
      updatedAt: new Date("2026-01-02T00:00:00Z"),
      name: "Automated",
      description: null,
      monitoringWindowHours: 24,
      approvalFields: [],
      sections: [
        {
          phase: "RELEASE_DAY" as const,
          phaseTitle: "Release Day",
          title: "Deploy",
          detail: null,
          items: [
            { title: "CI green", detail: null, command: null, required: true, stepName: null, recordsIncident: false, automation: "github.workflow_run ci.yml success" },
            { title: "Deploy", detail: null, command: "make deploy", required: true, stepName: "Deploy", recordsIncident: false, automation: null },
          ],
        },
      ],
      signoffRequirements: [],
    };
    const state = initialEditorState(editableTemplateOf(stored));
    const saved = saveTemplateSchema.parse({ templateId: "t2", ...payloadOf(state.draft) });
    expect(saved.sections[0]!.items.map((item) => [item.title, item.automation, item.stepName])).toEqual([
      ["CI green", "github.workflow_run ci.yml success", null],
      ["Deploy", null, "Deploy"],
    ]);
  });

  it("sends an item's automation, normalised, and refuses one it does not know on that item's field", () => {
    const state = initialEditorState(template);
    const section = state.draft.sections[0]!;
    const item = section.items[0]!;
    const bound = editorReducer(state, { type: "setItem", sectionKey: section.key, key: item.key, patch: { automation: "  github.workflow_run   .github/workflows/ci.yml " } });
    const parsed = saveTemplateSchema.parse({ templateId: "t1", ...payloadOf(bound.draft) });
    expect(parsed.sections[0]!.items[0]!.automation).toBe("github.workflow_run .github/workflows/ci.yml success");

    const wrong = editorReducer(state, { type: "setItem", sectionKey: section.key, key: item.key, patch: { automation: "github.workflow_run ci.yml failure" } });
    const refused = saveTemplateSchema.safeParse({ templateId: "t1", ...payloadOf(wrong.draft) });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(["sections", 0, "items", 0, "automation"]);
    expect(refused.error?.issues[0]?.message).toMatch(/Only a “success” conclusion/);
  });

  it("adds an item, focuses its title and becomes dirty; undoing the edit makes it clean again", () => {
    const added = run({ type: "addItem", sectionKey: "s0" });
    const section = added.draft.sections.find((s) => s.key === "s0")!;
    expect(section.items).toHaveLength(2);
    const item = section.items[1]!;
    expect(added.focus?.id).toBe(fieldIds.itemTitle(item.key));
    expect(added.announcement).toBe("Added item 2 to “Deploy”.");
    expect(isDirty(added)).toBe(true);
    const removed = editorReducer(added, { type: "removeItem", sectionKey: "s0", key: item.key });
    expect(isDirty(removed)).toBe(false);
    expect(removed.focus?.id).toBe(fieldIds.itemTitle("s0i0"));
  });

  it("moves items within their section, keeping focus on the button pressed", () => {
    const moved = run({ type: "moveItem", sectionKey: "s1", key: "s1i1", direction: "up" });
    expect(moved.draft.sections[0]!.items.map((i) => i.title)).toEqual(["Docs", "Tests"]);
    expect(moved.focus?.id).toBe(fieldIds.itemMove("s1i1", "up"));
    expect(moved.announcement).toBe("Moved item “Docs” up: now 1 of 2.");
    // Already first: nothing changes.
    expect(editorReducer(moved, { type: "moveItem", sectionKey: "s1", key: "s1i1", direction: "up" })).toBe(moved);
  });

  it("moves sections only within their phase, and to another phase through the phase field", () => {
    const state = run({ type: "addSection", phase: "PRE_RELEASE" });
    expect(state.draft.sections.map((s) => [s.phase, s.title])).toEqual([
      ["PRE_RELEASE", "Checks"],
      ["PRE_RELEASE", ""],
      ["RELEASE_DAY", "Deploy"],
    ]);
    const added = state.draft.sections[1]!;
    expect(added.phaseTitle).toBe("Pre-Release (1 day before)");
    expect(added.items).toHaveLength(1);
    // The last pre-release section cannot move down into Release Day.
    expect(editorReducer(state, { type: "moveSection", key: added.key, direction: "down" })).toBe(state);
    const up = editorReducer(state, { type: "moveSection", key: added.key, direction: "up" });
    expect(up.draft.sections.map((s) => s.key)).toEqual([added.key, "s1", "s0"]);
    const rolled = editorReducer(up, { type: "setSectionPhase", key: "s1", phase: "ROLLBACK" });
    expect(rolled.draft.sections.map((s) => [s.phase, s.key])).toEqual([
      ["PRE_RELEASE", added.key],
      ["RELEASE_DAY", "s0"],
      ["ROLLBACK", "s1"],
    ]);
    expect(rolled.draft.sections[2]!.phaseTitle).toBeNull();
  });

  it("removes a section, moving focus to the phase's next section or its add button", () => {
    const state = run({ type: "removeSection", key: "s1" });
    expect(state.draft.sections.map((s) => s.key)).toEqual(["s0"]);
    expect(state.focus?.id).toBe(fieldIds.addSection("PRE_RELEASE"));
    expect(state.announcement).toBe("Removed section “Checks” and its 2 items.");
  });

  it("edits sign-offs and approval fields", () => {
    const state = run(
      { type: "addSignoff" },
      { type: "setSignoff", key: "n1", patch: { title: "Release manager approved", role: "RELEASE_MANAGER", scope: " Checks ,, Tests " } },
      { type: "moveSignoff", key: "n1", direction: "up" },
      { type: "addApprovalField" },
      { type: "setApprovalField", key: "n2", label: "Version" },
      { type: "removeApprovalField", key: "f0" },
    );
    expect(payloadOf(state.draft).signoffRequirements).toEqual([
      // The scope is typed as comma-separated titles and sent as a list.
      { title: "Release manager approved", role: "RELEASE_MANAGER", excludeReleaseManager: false, scope: ["Checks", "Tests"] },
      { title: "Code reviewed", role: "ENGINEERING_LEAD", excludeReleaseManager: true, scope: [] },
    ]);
    expect(payloadOf(state.draft).approvalFields).toEqual(["Version"]);
  });

  it("drops a step binding and the incident flag when their section moves to a phase that has none", () => {
    const bound = run({ type: "setItem", sectionKey: "s0", key: "s0i0", patch: { stepName: "Run migrations", recordsIncident: true } });
    // A release-day item sends its step (the incident flag is a rollback item's only).
    expect(payloadOf(bound.draft).sections.find((s) => s.title === "Deploy")!.items[0]).toMatchObject({ stepName: "Run migrations", recordsIncident: false });
    const state = editorReducer(bound, { type: "setSectionPhase", key: "s0", phase: "PRE_RELEASE" });
    const items = payloadOf(state.draft).sections.flatMap((s) => s.items);
    expect(items.every((i) => i.stepName === "" && i.recordsIncident === false)).toBe(true);
  });

  it("sends a monitoring window that is not a whole number as null", () => {
    expect(payloadOf(run({ type: "setDetails", patch: { monitoringWindowHours: "1.5" } }).draft).monitoringWindowHours).toBeNull();
    expect(payloadOf(run({ type: "setDetails", patch: { monitoringWindowHours: " 48 " } }).draft).monitoringWindowHours).toBe(48);
  });
});

describe("placing the server's field errors", () => {
  it("puts each error on its input, in form order, and keeps the rest general", () => {
    const { draft } = initialEditorState(template);
    const placed = placeServerErrors(
      {
        "signoffRequirements.0.role": ["Choose a role"],
        "sections.1.items.0.command": ["Too long"],
        "sections.0.items.1.title": ["Enter a title for this item"],
        "sections.0.items": ["Add an item"],
        name: ["Enter a name"],
        sections: ["A template has at most 500 items"],
      },
      draft,
    );
    expect(Object.keys(placed.errors)).toEqual([
      fieldIds.name,
      fieldIds.itemTitle("s1i1"),
      fieldIds.addItem("s1"),
      fieldIds.itemCommand("s0i0"),
      fieldIds.signoffRole("o0"),
    ]);
    expect(placed.errors[fieldIds.itemTitle("s1i1")]).toEqual({
      label: "Title of item “Docs” in section “Checks”",
      messages: ["Enter a title for this item"],
    });
    expect(placed.general).toEqual(["A template has at most 500 items"]);
  });

  it("follows the field when the draft is reordered after the save, and clears it when edited", () => {
    const state = run();
    const failed = editorReducer(state, { type: "failed", errors: placeServerErrors({ "sections.0.items.0.title": ["Enter a title"] }, state.draft).errors });
    expect(failed.focus?.id).toBe(fieldIds.itemTitle("s1i0"));
    const moved = editorReducer(failed, { type: "moveItem", sectionKey: "s1", key: "s1i0", direction: "down" });
    expect(moved.errors[fieldIds.itemTitle("s1i0")]).toBeDefined();
    const edited = editorReducer(moved, { type: "setItem", sectionKey: "s1", key: "s1i0", patch: { title: "Tests pass" } });
    expect(edited.errors).toEqual({});
  });
});

describe("import checks", () => {
  it("passes the reference shape and formats problems with their line", () => {
    const ok = checkTemplateMarkdown("# X\n\n## Pre-Release\n- [ ] Tests: `npm test`\n");
    expect(ok.ok).toBe(true);
    const bad = checkTemplateMarkdown("# X\n\n## Pre-Release\n- [ ] Fine\n- [ ] : `make`\n");
    expect(bad.warnings.map(formatImportProblem)).toEqual(["Line 5: Item has no text."]);
    const refused = checkTemplateMarkdown("# X\n\n## Pre-Release\n");
    expect(refused.ok ? [] : refused.errors.map(formatImportProblem)).toEqual([expect.stringMatching(/^No checklist items found/)]);
  });

  it("reports commands over the editor's limit", () => {
    const checklist = {
      title: "X",
      sections: [{ phase: "PRE_RELEASE" as const, phaseTitle: "Pre-Release", title: "S", detail: null, items: [{ title: "Big", detail: null, command: "x".repeat(10_001), required: true }] }],
      signoffRequirements: [],
      approvalFields: [],
      monitoringWindowHours: null,
    };
    expect(checklistLimitProblems(checklist).map((p) => p.message)).toEqual(["The command of item “Big” is 10,001 characters long; the limit is 10,000."]);
  });
});

describe("export file names", () => {
  itReturnsEach(templateFileName, [
    ["Default release checklist", "default-release-checklist.md"],
    ["Café Release (iOS) – v2", "cafe-release-ios-v2.md"],
    ['"; rm -rf /', "rm-rf.md"],
    ["🚀", "template.md"],
  ]);
});
