// The Markdown syntax that ties a checklist to the deploy: "(step: …)" on items and headings, "(incident
// note)" on the rollback item, "(attests: …)" on sign-offs. Import, errors, and the export round trip.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checklistToMarkdown } from "@/lib/templates/markdown-export";
import { parseChecklistMarkdown, takeBindingMarkers, type ParsedChecklist } from "@/lib/templates/markdown-import";
import { demoDeploySteps, demoRollbackSteps } from "@/lib/seed/demo-pipelines";

const root = path.resolve(import.meta.dirname, "../..");
const defaultTemplate = readFileSync(path.join(root, "prisma/default-template.md"), "utf8");

function parseOk(markdown: string): ParsedChecklist {
  const result = parseChecklistMarkdown(markdown);
  if (!result.ok) throw new Error(`expected the import to succeed: ${JSON.stringify(result.errors)}`);
  return result.checklist;
}
function warningsOf(markdown: string): string[] {
  const result = parseChecklistMarkdown(markdown);
  if (!result.ok) throw new Error(`expected the import to succeed: ${JSON.stringify(result.errors)}`);
  return result.warnings.map((w) => w.message);
}
const items = (c: ParsedChecklist, phase: string) => c.sections.filter((s) => s.phase === phase).flatMap((s) => s.items);

describe("takeBindingMarkers", () => {
  it.each([
    ["Run migrations (step: Run migrations)", { text: "Run migrations", stepName: "Run migrations", recordsIncident: false, scope: null }],
    ["Migrations applied: `alembic current` (step: Run migrations)", { text: "Migrations applied: `alembic current`", stepName: "Run migrations", recordsIncident: false, scope: null }],
    ["Document incident (incident note)", { text: "Document incident", stepName: null, recordsIncident: true, scope: null }],
    ["Migration tested (attests: Database, Test rollback)", { text: "Migration tested", stepName: null, recordsIncident: false, scope: ["Database", "Test rollback"] }],
    ["Roll back (incident note) (step: Roll back)", { text: "Roll back", stepName: "Roll back", recordsIncident: true, scope: null }],
    ["Plain item (optional)", { text: "Plain item (optional)", stepName: null, recordsIncident: false, scope: null }],
    ["Load test (step: ) ", { text: "Load test (step: ) ", stepName: null, recordsIncident: false, scope: null }],
  ])("%s", (input, expected) => {
    expect(takeBindingMarkers(input)).toEqual(expected);
  });
});

describe("bindings in the default template", () => {
  const checklist = parseOk(defaultTemplate);

  it("binds release-day items to steps of the demo deploy pipeline, leaving the human ones unbound", () => {
    const bound = items(checklist, "RELEASE_DAY").map((i) => [i.title, i.stepName ?? null]);
    expect(bound).toEqual([
      ["Create Git Tag (triggers release workflow)", null],
      ["Watch GitHub Actions workflow", null],
      ["Verify Docker images built successfully", null],
      ["Check images pushed to ghcr.io", null],
      ["Verify GitHub Release created", null],
      ["Deploy to Production", "Wait for health"],
      ["Health endpoints responding", "Wait for health"],
      ["All services running", "Restart services"],
      ["Version correct", "Post-deployment verification"],
      ["Database migrations applied", "Run migrations"],
      ["Webhooks accepting events", "Post-deployment verification"],
      ["No error spikes in logs", "Post-deployment verification"],
      ["Gradual Feature Rollout", "Enable the GitHub Actions integration"],
    ]);
    const deployStepNames = new Set(demoDeploySteps.map((s) => s.name));
    for (const [, stepName] of bound) if (stepName) expect(deployStepNames).toContain(stepName);
  });

  it("binds rollback items to the demo rollback pipeline and marks one item as the incident note", () => {
    const rollback = items(checklist, "ROLLBACK");
    const rollbackStepNames = new Set(demoRollbackSteps.map((s) => s.name));
    for (const item of rollback) if (item.stepName) expect(rollbackStepNames).toContain(item.stepName);
    expect(rollback.filter((i) => i.recordsIncident).map((i) => i.title)).toEqual(["Document incident for post-mortem"]);
  });

  it("scopes each sign-off to existing pre-release sections or items", () => {
    expect(checklist.signoffRequirements.map((s) => [s.title, s.scope])).toEqual([
      ["Engineering lead reviewed code", ["Code Preparation"]],
      ["Tests passing in CI", ["Testing", "All tests passing"]],
      ["Documentation updated", ["Documentation"]],
      ["Migration tested", ["Database"]],
      ["Rollback procedure verified", ["Test rollback", "Test rollback procedure"]],
    ]);
  });

  it("survives the export round trip", () => {
    expect(parseOk(checklistToMarkdown(checklist))).toEqual(checklist);
  });
});

describe("binding syntax", () => {
  const base = (releaseDay: string, extra = "") => `# T\n\n## Pre-Release\n\n### Database\n- [ ] Test migration\n\n## Release Day\n\n${releaseDay}\n${extra}`;

  it("lets an item's own step win over its heading's", () => {
    const checklist = parseOk(base("### Deploy (step: Deploy)\n- [ ] Deployed\n- [ ] Migrated (step: Migrate)"));
    expect(items(checklist, "RELEASE_DAY").map((i) => i.stepName)).toEqual(["Deploy", "Migrate"]);
  });

  it("writes an H2-only command section with a step as an item, so the step is not lost", () => {
    const checklist: ParsedChecklist = {
      title: "T",
      sections: [{ phase: "RELEASE_DAY", phaseTitle: "Release Day", title: "Release Day", detail: null, items: [{ title: "Release Day", detail: null, command: "make deploy\nmake check", required: true, stepName: "Deploy" }] }],
      signoffRequirements: [],
      approvalFields: [],
      monitoringWindowHours: null,
    };
    expect(parseOk(checklistToMarkdown(checklist))).toEqual(checklist);
  });

  it("leaves out a name a sign-off attests that is no pre-release section or item, with a warning", () => {
    const markdown = base("- [ ] Deploy", "\n## Release Approval\n\n- [ ] Migration tested (attests: Databse, Database)\n- [ ] Typo only (attests: Databse)\n");
    expect(parseOk(markdown).signoffRequirements).toEqual([
      { title: "Migration tested", role: "ENGINEERING_LEAD", excludeReleaseManager: false, scope: ["Database"] },
      { title: "Typo only", role: "ENGINEERING_LEAD", excludeReleaseManager: false },
    ]);
    expect(warningsOf(markdown)).toEqual([
      'Sign-off "Migration tested" attests "Databse", which is no pre-release section or item; left out.',
      'Sign-off "Typo only" attests "Databse", which is no pre-release section or item; left out, so it attests every required pre-release item.',
    ]);
  });

  it("ignores an incident note outside the rollback stage, and keeps only the first of two, with warnings", () => {
    expect(warningsOf(base("- [ ] Deploy (incident note)"))).toEqual(['"(incident note)" is ignored: it marks an item in the rollback stage.']);
    const two = base("- [ ] Deploy", "\n## Emergency Rollback\n\n1. Write it down (incident note)\n2. Again (incident note)\n");
    expect(items(parseOk(two), "ROLLBACK").map((i) => [i.title, i.recordsIncident ?? false])).toEqual([
      ["Write it down", true],
      ["Again", false],
    ]);
    expect(warningsOf(two)).toEqual([expect.stringMatching(/^"\(incident note\)" is on 2 items \(lines 14, 15\); only the first/)]);
  });

  it("ignores a step on a pre-release item, with a warning", () => {
    const result = parseChecklistMarkdown("# T\n\n## Pre-Release\n\n- [ ] Migrate (step: Run migrations)\n");
    if (!result.ok) throw new Error("expected the import to succeed");
    expect(result.checklist.sections[0]!.items[0]).toEqual({ title: "Migrate", detail: null, command: null, required: true });
    expect(result.warnings.map((w) => w.message)).toEqual(['"(step: Run migrations)" is ignored: only release-day and rollback items follow a pipeline step.']);
  });

  it("ignores bindings in the wrong place, with a warning", () => {
    expect(warningsOf(base("- [ ] Deploy (attests: Database)"))).toEqual([expect.stringMatching(/belongs on a sign-off/)]);
    expect(warningsOf(base("- [ ] Deploy", "\n## Release Approval\n\n- [ ] Migration tested (step: Migrate)\n"))).toEqual([
      expect.stringMatching(/cannot name a step/),
    ]);
    expect(warningsOf(base("### Deploy (incident note)\n- [ ] Deployed"))).toEqual([expect.stringMatching(/not on a heading/)]);
  });
});
