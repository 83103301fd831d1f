import { describe, expect, it } from "vitest";
import { describeTimelineEvent } from "@/lib/releases/timeline-text";

const rae = { id: "u-rae", name: "Rae Manager" };
const event = (type: string, payload: unknown, actor: { id: string; name: string } | null = rae) => ({ type, payload, actor });

describe("describeTimelineEvent", () => {
  it("says who ticked which item, without Markdown syntax, with the note and evidence as details", () => {
    expect(describeTimelineEvent(event("item.ticked", { title: "All tests passing: `pytest`", note: "green", evidenceUrl: "https://ci/1" }))).toEqual({
      sentence: "Rae Manager ticked “All tests passing: pytest”",
      details: [
        { label: "Note", text: "green" },
        { label: "Evidence", text: "https://ci/1", url: true },
      ],
      tone: "success",
    });
  });

  it("gives the reason for unticking and N/A", () => {
    expect(describeTimelineEvent(event("item.unticked", { title: "Test rollback", reason: "Failed again" }))).toMatchObject({
      sentence: "Rae Manager unticked “Test rollback”",
      details: [{ label: "Reason", text: "Failed again" }],
    });
    expect(describeTimelineEvent(event("item.marked_not_applicable", { title: "Load test", reason: "Minor change" })).sentence).toBe(
      "Rae Manager marked “Load test” not applicable",
    );
  });

  it("keeps typed text as text, whatever it contains", () => {
    const note = "<script>window.__xss = 1</script>";
    expect(describeTimelineEvent(event("item.annotated", { title: "Docs", note })).details).toEqual([{ label: "Note", text: note }]);
    expect(describeTimelineEvent(event("item.annotated", { title: "Docs" })).sentence).toBe("Rae Manager cleared the note on “Docs”");
  });

  it("says a run moved the release on, never that it went back (no “from ready back to deploying”)", () => {
    expect(describeTimelineEvent(event("release.status_changed", { from: "READY", to: "DEPLOYING", cause: "Deploy started" }))).toMatchObject({
      sentence: "Rae Manager moved the release to deploying: Deploy started",
      tone: "info",
    });
    expect(describeTimelineEvent(event("release.status_changed", { from: "DEPLOYING", to: "MONITORING", cause: "Every step succeeded" }, null)).sentence).toBe(
      "The release moved from deploying to monitoring: Every step succeeded",
    );
    expect(describeTimelineEvent(event("release.status_changed", { from: "ROLLING_BACK", to: "ROLLED_BACK", cause: "Every step succeeded" }, null)).sentence).not.toMatch(/back back/);
  });

  it("describes status changes made by a person and caused by a change", () => {
    expect(describeTimelineEvent(event("release.status_changed", { from: "PREPARING", to: "READY" })).sentence).toBe("Rae Manager marked the release ready");
    expect(describeTimelineEvent(event("release.status_changed", { from: "READY", to: "PREPARING" })).sentence).toBe("Rae Manager reopened the release");
    expect(describeTimelineEvent(event("release.status_changed", { from: "PREPARING", to: "CANCELLED", reason: "Superseded" }))).toMatchObject({
      sentence: "Rae Manager cancelled the release",
      details: [{ label: "Reason", text: "Superseded" }],
      tone: "danger",
    });
    expect(describeTimelineEvent(event("release.status_changed", { from: "READY", to: "PREPARING", cause: "“Test rollback” was unticked" })).sentence).toBe(
      "The release went from ready back to preparing: “Test rollback” was unticked",
    );
    expect(describeTimelineEvent(event("release.status_changed", { from: "DRAFT", to: "RELEASED", note: "Imported" })).sentence).toBe(
      "Rae Manager moved the release from draft to released",
    );
  });

  it("describes creation, edits and the manager by name", () => {
    const people = new Map([["u-ada", "Ada Admin"], ["u-rae", "Rae Manager"]]);
    expect(describeTimelineEvent(event("release.created", { version: "0.6.0", template: "Default" })).sentence).toBe(
      "Rae Manager created the release 0.6.0 from “Default”",
    );
    expect(describeTimelineEvent(event("release.manager_assigned", { releaseManagerId: "u-ada" }), { people }).sentence).toBe(
      "Rae Manager made Ada Admin the release manager",
    );
    expect(describeTimelineEvent(event("release.manager_assigned", { releaseManagerId: "u-rae" }), { people }).sentence).toBe("Rae Manager is the release manager");
    const edited = describeTimelineEvent(
      event("release.edited", {
        changes: {
          title: { from: "Old", to: "New" },
          plannedAt: { from: "2026-11-27T00:00:00.000Z", to: null },
          releaseManagerId: { from: "u-rae", to: "u-ada" },
        },
      }),
      { people },
    );
    expect(edited.sentence).toBe("Rae Manager changed the title, the planned date and the release manager");
    expect(edited.details).toEqual([
      { label: "Title", text: "“Old” → “New”" },
      { label: "Planned date", text: "27 Nov 2026 → none" },
      { label: "Release manager", text: "Rae Manager → Ada Admin" },
    ]);
  });

  it("describes sign-offs given, revoked and gone stale", () => {
    const lee = { id: "u-lee", name: "Lee Lead" };
    expect(describeTimelineEvent(event("signoff.given", { requirement: "Migration tested", comment: "ok" }, lee))).toMatchObject({
      sentence: "Lee Lead signed off “Migration tested”",
      details: [{ label: "Comment", text: "ok" }],
    });
    expect(describeTimelineEvent(event("signoff.revoked", { requirement: "Migration tested", reason: "Wrong build" }, lee)).sentence).toBe(
      "Lee Lead revoked the sign-off “Migration tested”",
    );
    expect(describeTimelineEvent(event("signoff.stale", { requirement: "Migration tested", reason: "“Test rollback” was unticked after signing" })).sentence).toBe(
      "The sign-off “Migration tested” became stale: “Test rollback” was unticked after signing",
    );
  });

  it("falls back to the event type for unknown events and to Preflight without an actor", () => {
    expect(describeTimelineEvent(event("deploy.step_failed", { reason: "exit 1" }, null))).toEqual({
      sentence: "Preflight: deploy step failed",
      details: [{ label: "Reason", text: "exit 1" }],
      tone: "neutral",
    });
    expect(describeTimelineEvent(event("item.ticked", null)).sentence).toBe("Rae Manager ticked “an item”");
  });
});
