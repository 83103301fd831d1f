import { describe, expect, it } from "vitest";
import { fillApprovalFields } from "@/lib/releases/approval-fields";
import { releaseExportFileName, releaseToMarkdown, type ReleaseExportInput } from "@/lib/releases/export-markdown";

const rae = { name: "Rae Manager" };
const lee = { name: "Lee Lead" };
const at = (iso: string) => new Date(iso);
type ExportItem = ReleaseExportInput["items"][number];

/** A checklist item of the export: required, open and untouched unless `fields` say otherwise. */
function item(fields: Partial<ExportItem> & Pick<ExportItem, "sectionId" | "title">): ExportItem {
  return { detail: null, command: null, required: true, state: "OPEN", note: null, evidenceUrl: null, naReason: null, tickedAt: null, tickedBy: null, ...fields };
}

function release(overrides: Partial<ReleaseExportInput> = {}): ReleaseExportInput {
  return {
    version: "0.6.0",
    title: "Phase 2: Slack notifications",
    status: "PREPARING",
    plannedAt: at("2026-11-27T00:00:00Z"),
    releasedAt: null,
    templateName: "Default release checklist",
    project: { name: "Gateway", slug: "gateway" },
    releaseManager: rae,
    approvalFields: ["Release manager", "Date", "Version"],
    sections: [
      { id: "s1", phase: "PRE_RELEASE", phaseTitle: "Pre-Release (1 day before)", title: "Code Preparation", detail: null },
      { id: "s2", phase: "PRE_RELEASE", phaseTitle: "Pre-Release (1 day before)", title: "Database", detail: null },
      { id: "s3", phase: "RELEASE_DAY", phaseTitle: "Release Day", title: "Create Git Tag", detail: "Tag from main." },
    ],
    items: [
      item({ sectionId: "s1", title: "All tests passing", command: "pytest tests/", state: "DONE", note: "Green on CI run 42", evidenceUrl: "https://ci.example.com/run/42", tickedAt: at("2026-11-25T09:14:00Z"), tickedBy: rae }),
      item({ sectionId: "s1", title: "Update `app_version` in config.py" }),
      item({ sectionId: "s2", title: "Create database migration if schema changes", required: false, state: "NOT_APPLICABLE", naReason: "No schema changes", tickedAt: at("2026-11-25T10:00:00Z"), tickedBy: rae }),
      item({ sectionId: "s3", title: "Create Git Tag", command: "git tag -a v0.6.0 -m \"Phase 2\"\ngit push origin v0.6.0" }),
    ],
    signoffRequirements: [
      {
        title: "Engineering lead reviewed code",
        role: "ENGINEERING_LEAD",
        excludeReleaseManager: true,
        signoff: { signedAt: at("2026-11-25T11:30:00Z"), comment: "Reviewed #412", staleAt: null, staleReason: null, signedBy: lee },
      },
      {
        title: "Migration tested",
        role: "ENGINEERING_LEAD",
        excludeReleaseManager: false,
        signoff: {
          signedAt: at("2026-11-25T11:31:00Z"),
          comment: null,
          staleAt: at("2026-11-25T12:00:00Z"),
          staleReason: "“Test rollback” was unticked after signing",
          signedBy: lee,
        },
      },
      { title: "Tests passing in CI", role: "ENGINEERING_LEAD", excludeReleaseManager: false, signoff: null },
    ],
    ...overrides,
  };
}

const exportedAt = at("2026-11-26T08:00:00Z");

describe("releaseToMarkdown", () => {
  const markdown = releaseToMarkdown(release(), { exportedAt });

  it("starts with the release and its facts", () => {
    expect(markdown.startsWith("# Gateway 0.6.0: Phase 2: Slack notifications\n")).toBe(true);
    expect(markdown).toContain("- Status: Preparing");
    expect(markdown).toContain("- Release manager: Rae Manager");
    expect(markdown).toContain("- Planned: 27 Nov 2026");
    expect(markdown).toContain("- Template: Default release checklist");
    expect(markdown).toContain("- Exported: 26 Nov 2026, 08:00 UTC");
  });

  it("writes phases and sections as headings in order, with the template's phase titles", () => {
    const order = ["## Pre-Release (1 day before)", "### Code Preparation", "### Database", "## Release Day", "### Create Git Tag", "## Release Approval"].map((h) =>
      markdown.indexOf(`\n${h}\n`),
    );
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(markdown).toContain("Tag from main.");
  });

  it("ticks done items with who and when, their note and evidence", () => {
    expect(markdown).toContain("- [x] All tests passing — ticked by Rae Manager at 25 Nov 2026, 09:14 UTC");
    expect(markdown).toContain("  - Note: Green on CI run 42");
    expect(markdown).toContain("  - Evidence: <https://ci.example.com/run/42>");
    expect(markdown).toContain("  ```bash\n  pytest tests/\n  ```");
  });

  it("leaves open items unticked and keeps their inline code", () => {
    expect(markdown).toContain("- [ ] Update `app_version` in config.py\n");
  });

  it("marks N/A items settled with the reason and who decided", () => {
    expect(markdown).toContain(
      "- [x] Create database migration if schema changes (optional) — not applicable: No schema changes (marked by Rae Manager at 25 Nov 2026, 10:00 UTC)",
    );
  });

  it("indents multi-line commands in a fence", () => {
    expect(markdown).toContain('  ```bash\n  git tag -a v0.6.0 -m "Phase 2"\n  git push origin v0.6.0\n  ```');
  });

  it("lists sign-offs: given with who and when, stale with the reason, missing", () => {
    expect(markdown).toContain("**Required sign-offs before release:**");
    expect(markdown).toContain(
      "- [x] Engineering lead reviewed code (engineering lead, not the release manager) — signed by Lee Lead at 25 Nov 2026, 11:30 UTC\n  - Comment: Reviewed #412",
    );
    expect(markdown).toContain(
      "- [ ] Migration tested (engineering lead) — stale: “Test rollback” was unticked after signing (signed by Lee Lead at 25 Nov 2026, 11:31 UTC)",
    );
    expect(markdown).toContain("- [ ] Tests passing in CI (engineering lead) — missing");
  });

  it("ends with the approval block filled from the release", () => {
    expect(markdown.endsWith("**Release manager:** Rae Manager\n**Date:** 27 Nov 2026\n**Version:** 0.6.0\n")).toBe(true);
  });

  it("uses the released date once released, and blanks for unknown approval fields", () => {
    const shipped = releaseToMarkdown(
      release({ status: "RELEASED", releasedAt: at("2026-11-28T15:00:00Z"), approvalFields: ["Release manager", "Date", "Version", "QA"] }),
      { exportedAt },
    );
    expect(shipped).toContain("**Date:** 28 Nov 2026\n");
    expect(shipped).toContain("**QA:** _______________\n");
    expect(shipped).toContain("- Released: 28 Nov 2026");
  });

  it("keeps what people typed inside its list item: no headings, list items or fences escape", () => {
    const note = "Checked:\n# Not a heading\n- [x] not an item\n```\nnot a fence\n\n\n\nlast line";
    const typed = releaseToMarkdown(
      release({ items: [{ ...release().items[0]!, note, command: null, evidenceUrl: null }] }),
      { exportedAt },
    );
    expect(typed).toContain("  - Note: Checked:\n    \\# Not a heading\n    \\- [x] not an item\n    \\```\n    not a fence\n\n    last line\n");
    expect(typed).not.toMatch(/^# Not a heading/m);
    expect(typed).not.toMatch(/^- \[x\] not an item/m);
  });

  it("escapes HTML in typed text so a Markdown renderer shows it as text", () => {
    const typed = releaseToMarkdown(
      release({ items: [{ ...release().items[0]!, note: "<script>window.__xss = 1</script>", command: null, evidenceUrl: null }] }),
      { exportedAt },
    );
    expect(typed).toContain("  - Note: \\<script>window.__xss = 1\\</script>\n");
    expect(typed).not.toMatch(/(^|[^\\])<\/?script>/m);
  });

  it("fences commands that contain backticks with a longer fence", () => {
    const typed = releaseToMarkdown(release({ items: [{ ...release().items[0]!, command: "echo ```", note: null, evidenceUrl: null }] }), { exportedAt });
    expect(typed).toContain("  ````bash\n  echo ```\n  ````");
  });

  it("says so when the release was cancelled", () => {
    expect(releaseToMarkdown(release({ status: "CANCELLED", cancelReason: "Superseded\nby 0.6.1" }), { exportedAt })).toContain("- Cancelled: Superseded by 0.6.1");
  });
});

describe("images in exported text", () => {
  it("turns an image in a note, a reason or a title into a plain link, so the file fetches nothing", () => {
    const base = release();
    const [first, ...rest] = base.items;
    const markdown = releaseToMarkdown(
      {
        ...base,
        items: [{ ...first!, title: "Check ![logo](https://t.example/a.png)", note: "See ![](https://tracker.example/pixel?u=1) and <img src=x>" }, ...rest],
      },
      { exportedAt },
    );
    expect(markdown).not.toMatch(/(^|[^\\])!\[/);
    expect(markdown).toContain("[](https://tracker.example/pixel?u=1)");
    expect(markdown).toContain("Check [logo](https://t.example/a.png)");
    expect(markdown).not.toMatch(/(^|[^\\])<img/);
  });
});

describe("releaseExportFileName", () => {
  it("is <project>-<version>.md and safe for a header", () => {
    expect(releaseExportFileName({ project: { slug: "gateway" }, version: "0.6.0" })).toBe("gateway-0.6.0.md");
    expect(releaseExportFileName({ project: { slug: "gateway" }, version: "1.0.0-rc.1+build.5" })).toBe("gateway-1.0.0-rc.1+build.5.md");
    expect(releaseExportFileName({ project: { slug: 'a"b' }, version: "1.0.0" })).toBe("a-b-1.0.0.md");
  });
});

describe("fillApprovalFields", () => {
  it("fills manager, date (planned until released) and version, and leaves other labels blank", () => {
    const source = { version: "0.6.0", plannedAt: at("2026-11-27T00:00:00Z"), releasedAt: null, releaseManager: rae };
    expect(fillApprovalFields(["Release manager", "Date", "Version", "Signature"], source)).toEqual([
      { label: "Release manager", value: "Rae Manager", source: "release manager" },
      { label: "Date", value: "27 Nov 2026", source: "planned" },
      { label: "Version", value: "0.6.0", source: "version" },
      { label: "Signature", value: null, source: null },
    ]);
    expect(fillApprovalFields(["Date"], { ...source, plannedAt: null })).toEqual([{ label: "Date", value: null, source: null }]);
  });
});

describe("a break-glass release's export", () => {
  it("says who deployed it without which sign-offs, why, until when they were due, and which came after the deploy", () => {
    const deployedAt = at("2026-12-02T03:00:00Z");
    const markdown = releaseToMarkdown(
      release({
        status: "MONITORING",
        breakGlassAt: deployedAt,
        breakGlassBy: { name: "Ada Admin" },
        breakGlassReason: "Payment outage\nlead away",
        breakGlassMissing: ["Engineering lead reviewed code", "Tests passing in CI"],
        breakGlassSignoffsDueAt: at("2026-12-03T03:00:00Z"),
        signoffRequirements: [
          {
            title: "Engineering lead reviewed code",
            role: "ENGINEERING_LEAD",
            excludeReleaseManager: true,
            dueAfterDeployAt: at("2026-12-03T03:00:00Z"),
            signoff: { afterBreakGlass: true, signedAt: at("2026-12-02T06:00:00Z"), comment: null, staleAt: null, staleReason: null, signedBy: lee },
          },
          { title: "Tests passing in CI", role: "ENGINEERING_LEAD", excludeReleaseManager: false, dueAfterDeployAt: at("2026-12-03T03:00:00Z"), signoff: null },
        ],
      }),
      { exportedAt: at("2026-12-02T07:00:00Z") },
    );
    expect(markdown).toContain("- **Break-glass deploy:** by Ada Admin at 2 Dec 2026, 03:00 UTC, without the sign-offs “Engineering lead reviewed code”, “Tests passing in CI”");
    expect(markdown).toContain("- Break-glass reason: Payment outage lead away");
    expect(markdown).toContain("- Missing sign-offs due by: 3 Dec 2026, 03:00 UTC");
    expect(markdown).toContain("- [x] Engineering lead reviewed code (engineering lead, not the release manager) — signed by Lee Lead at 2 Dec 2026, 06:00 UTC, after the break-glass deploy (3 h later)");
    expect(markdown).toContain("- [ ] Tests passing in CI (engineering lead) — missing (owed after the break-glass deploy, due by 3 Dec 2026, 03:00 UTC)");
  });

  it("says nothing of break-glass for an ordinary release", () => {
    expect(releaseToMarkdown(release())).not.toMatch(/break-glass/i);
  });
});
