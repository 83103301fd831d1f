// One story after the deploy: the date that stands for a release, the incident note in one place, and the
// export saying what the deploy and the approvers did (the timeline's sentences: tests/unit/audit-sentences.test.ts).
import { describe, expect, it } from "vitest";
import type { ItemState, ReleaseStatus } from "@/lib/generated/prisma/enums";
import { fillApprovalFields } from "@/lib/releases/approval-fields";
import { releaseToMarkdown, type ReleaseExportInput } from "@/lib/releases/export-markdown";
import { closedChecklistRefusal, closeRolledBackRefusal, incidentNoteOf, keyDateOf, rolledBackGuidance, type IncidentItem } from "@/lib/releases/outcome";

const at = (iso: string) => new Date(iso);
const dates = {
  plannedAt: at("2026-11-27T00:00:00Z"),
  deployingAt: at("2026-11-28T09:00:00Z"),
  monitoringAt: at("2026-11-28T09:30:00Z"),
  releasedAt: at("2026-11-29T10:00:00Z"),
  failedAt: at("2026-11-28T09:10:00Z"),
  rollingBackAt: at("2026-11-30T08:00:00Z"),
  rolledBackAt: at("2026-11-30T08:20:00Z"),
  cancelledAt: at("2026-11-26T12:00:00Z"),
};

describe("the date that stands for a release", () => {
  it.each<[ReleaseStatus, string, Date | null]>([
    ["DRAFT", "Planned", dates.plannedAt],
    ["READY", "Planned", dates.plannedAt],
    ["DEPLOYING", "Deploying since", dates.deployingAt],
    ["MONITORING", "Deployed", dates.monitoringAt],
    ["RELEASED", "Released", dates.releasedAt],
    ["FAILED", "Failed", dates.failedAt],
    ["ROLLING_BACK", "Rollback started", dates.rollingBackAt],
    // Released on the 29th, rolled back on the 30th: it says "Rolled back", never "Released 29 Nov".
    ["ROLLED_BACK", "Rolled back", dates.rolledBackAt],
    ["CANCELLED", "Cancelled", dates.cancelledAt],
  ])("%s → %s", (status, label, date) => expect(keyDateOf({ status, ...dates })).toEqual({ label, date }));

  it("falls back to the planned date when the status's own date is missing", () => {
    expect(keyDateOf({ status: "ROLLED_BACK", plannedAt: dates.plannedAt, releasedAt: dates.releasedAt })).toEqual({ label: "Planned", date: dates.plannedAt });
  });

  it("fills the approval block's Date with it (the fault: blank)", () => {
    const release = { version: "0.5.0", releaseManager: { name: "Rae" }, status: "ROLLED_BACK" as const, ...dates, plannedAt: null };
    expect(fillApprovalFields(["Date"], release)).toEqual([{ label: "Date", value: "30 Nov 2026", source: "rolled back" }]);
  });
});

describe("the incident note, in one place", () => {
  const item = (overrides: Partial<IncidentItem>): IncidentItem => ({
    id: "i",
    phase: "ROLLBACK",
    title: "Document incident for post-mortem",
    state: "OPEN" as ItemState,
    note: null,
    recordsIncident: true,
    ...overrides,
  });
  const other = item({ id: "o", title: "Rollback Docker images if needed", recordsIncident: false, state: "DONE", note: "Rolled back to 0.4.0" });
  const rolledBack = { status: "ROLLED_BACK" as const, closedAt: null };

  it.each([
    ["no note", [item({}), other], "Write the incident note on “Document incident for post-mortem” and tick it before closing this release."],
    ["a note, not ticked", [item({ note: "DB overload" }), other], "Write the incident note on “Document incident for post-mortem” and tick it before closing this release."],
    ["ticked, no note", [item({ state: "DONE" }), other], "Write the incident note on “Document incident for post-mortem” and tick it before closing this release."],
    ["ticked with its note", [item({ state: "DONE", note: "DB overload" }), other], null],
    ["an old checklist without the flag, with a ticked, noted rollback item", [other], null],
    ["an old checklist without any note", [{ ...other, note: null }], "Write the incident note on an emergency rollback item and tick it before closing this release."],
  ])("%s", (_label, items, refusal) => expect(closeRolledBackRefusal(rolledBack, items)).toBe(refusal));

  it("is refused for other statuses and once closed; a closed checklist is locked", () => {
    expect(closeRolledBackRefusal({ status: "RELEASED", closedAt: null }, [])).toBe("Only a rolled-back release is closed this way.");
    expect(closeRolledBackRefusal({ status: "ROLLED_BACK", closedAt: new Date() }, [])).toBe("This release is already closed.");
    expect(closedChecklistRefusal({ closedAt: new Date() })).toBe("This release is closed: its checklist and incident note are locked");
    expect(closedChecklistRefusal({ closedAt: null })).toBeNull();
  });

  it("reads the note from the flagged item, and guides the summary from the same rule", () => {
    expect(incidentNoteOf([item({ note: " DB overload " }), other])).toEqual({ text: "DB overload", itemTitle: "Document incident for post-mortem" });
    expect(incidentNoteOf([item({}), other])).toBeNull();
    expect(rolledBackGuidance([item({ state: "DONE", note: "DB overload" })], null)).toBe(
      "The incident note is written on “Document incident for post-mortem”: close the release to lock it.",
    );
    expect(rolledBackGuidance([item({})], null)).toMatch(/^Write the incident note on “Document incident for post-mortem”/);
    expect(rolledBackGuidance([item({})], new Date())).toBe("Closed: the incident note and the checklist are locked.");
  });
});

describe("the export after a deploy and a rollback", () => {
  const base: ReleaseExportInput = {
    version: "0.5.0",
    title: "Phase 1",
    status: "ROLLED_BACK",
    ...dates,
    templateName: "Default release checklist",
    project: { name: "Gateway", slug: "gateway" },
    releaseManager: { name: "Rae Manager" },
    approvalFields: ["Release manager", "Date", "Version"],
    sections: [
      { id: "rd", phase: "RELEASE_DAY", phaseTitle: "Release Day", title: "Post-Deployment Verification", detail: null },
      { id: "rb", phase: "ROLLBACK", phaseTitle: "Emergency Rollback", title: "Emergency Rollback", detail: null },
    ],
    items: [
      { sectionId: "rd", phase: "RELEASE_DAY", title: "Database migrations applied", detail: null, command: null, required: true, state: "DONE", note: null, evidenceUrl: "/releases/r/deploys/run1", naReason: null, tickedAt: at("2026-11-28T09:05:00Z"), tickedBy: null, stepName: "Run migrations", tickedByRunId: "run1" },
      { sectionId: "rd", phase: "RELEASE_DAY", title: "Webhooks accepting events", detail: null, command: null, required: true, state: "OPEN", note: null, evidenceUrl: null, naReason: null, tickedAt: null, tickedBy: null, stepName: "Post-deployment verification", tickedByRunId: null },
      { sectionId: "rb", phase: "ROLLBACK", title: "Document incident for post-mortem", detail: null, command: null, required: true, state: "DONE", note: "Webhook retries overloaded the DB.", evidenceUrl: null, naReason: null, tickedAt: at("2026-11-30T09:00:00Z"), tickedBy: { name: "Rae Manager" }, recordsIncident: true },
    ],
    signoffRequirements: [],
    approvals: [{ step: "Post-deployment verification", by: { name: "Lee Lead" }, at: at("2026-11-28T09:20:00Z"), comment: "Dashboards green" }],
  };
  const markdown = releaseToMarkdown(base, { exportedAt: at("2026-12-01T00:00:00Z") });

  it("says rolled back, never released", () => {
    expect(markdown).toContain("- Status: Rolled back\n");
    expect(markdown).toContain("- Rolled back: 30 Nov 2026\n");
    expect(markdown).not.toMatch(/Released: /);
  });

  it("attributes items ticked by the deploy to it, and says which step an open item waits for", () => {
    expect(markdown).toContain("- [x] Database migrations applied — ticked by Deploy (step ‘Run migrations’) at");
    expect(markdown).toContain("- [ ] Webhooks accepting events — runs with deploy step ‘Post-deployment verification’\n");
  });

  it("labels the incident note and lists approvals with the approver's comment", () => {
    expect(markdown).toContain("  - Incident note: Webhook retries overloaded the DB.\n");
    expect(markdown).toMatch(/\*\*Deploy approvals:\*\*\n- \[x\] Post-deployment verification — approved by Lee Lead at .*\n {2}- Comment: Dashboards green\n/);
  });

  it("fills the Date field with the rollback date", () => {
    expect(markdown).toContain("**Date:** 30 Nov 2026\n");
  });
});
