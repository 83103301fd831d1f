import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checklistToMarkdown } from "@/lib/templates/markdown-export";
import { parseChecklistMarkdown, type ParsedChecklist, type ParsedItem } from "@/lib/templates/markdown-import";

const root = path.resolve(import.meta.dirname, "../..");
const readSource = (relative: string) => readFileSync(path.join(root, relative), "utf8");

function parseOk(markdown: string): ParsedChecklist {
  const result = parseChecklistMarkdown(markdown);
  if (!result.ok) throw new Error(`expected the import to succeed: ${JSON.stringify(result.errors)}`);
  return result.checklist;
}

function checklistWith(items: ParsedItem[], overrides: Partial<ParsedChecklist> = {}): ParsedChecklist {
  return {
    title: "Service Release",
    sections: [{ phase: "PRE_RELEASE", phaseTitle: "Pre-Release", title: "Checks", detail: null, items }],
    signoffRequirements: [],
    approvalFields: [],
    monitoringWindowHours: null,
    ...overrides,
  };
}

const item = (title: string, extra: Partial<ParsedItem> = {}): ParsedItem => ({
  title,
  detail: null,
  command: null,
  required: true,
  ...extra,
});

describe("checklistToMarkdown round trip", () => {
  it.each([
    ["the default template", "prisma/default-template.md"],
    ["the mobile app fixture", "tests/fixtures/checklists/mobile-app-release.md"],
    ["the Kubernetes/Helm fixture", "tests/fixtures/checklists/k8s-helm-service-release.md"],
  ])("re-imports %s to the same checklist", (_name, file) => {
    const checklist = parseOk(readSource(file));
    expect(parseOk(checklistToMarkdown(checklist))).toEqual(checklist);
  });

  it("is stable after one export", () => {
    const once = checklistToMarkdown(parseOk(readSource("prisma/default-template.md")));
    expect(checklistToMarkdown(parseOk(once))).toBe(once);
  });

  it("preserves details, odd commands and markers of a hand-built checklist", () => {
    const checklist = checklistWith(
      [
        item("Smoke test", { detail: "- iOS\n- Android\n\nUse the device lab." }),
        item("Print the tag", { command: "echo `git describe`" }),
        item("Render docs", { command: "```\nnested fence\n```" }),
        item("Warm caches if traffic is high", { required: true }),
        item("Nice to have", { required: false, command: "make extras" }),
        item("Deploy", { command: "make build\nmake deploy", detail: "Watch the logs." }),
      ],
      {
        signoffRequirements: [{ title: "Auditor acknowledged", role: "VIEWER", excludeReleaseManager: false }],
        approvalFields: ["Release manager", "Ticket"],
        monitoringWindowHours: 12,
      },
    );
    checklist.sections[0] = { ...checklist.sections[0]!, detail: "Run these before tagging." };
    checklist.sections.push({
      phase: "POST_RELEASE",
      phaseTitle: "Post-Release (12 hours)",
      title: "Watch",
      detail: null,
      items: [item("Dashboards green")],
    });
    expect(parseOk(checklistToMarkdown(checklist))).toEqual(checklist);
  });
});

describe("checklistToMarkdown output shape", () => {
  const markdown = checklistToMarkdown(parseOk(readSource("prisma/default-template.md")));

  it("writes the title, phase headings and section headings like the reference", () => {
    expect(markdown.startsWith("# Release Checklist\n\n## Pre-Release (1 day before)\n\n### Code Preparation\n")).toBe(true);
    expect(markdown).toContain("\n---\n\n## Post-Release (24 hours)\n");
  });

  it.each([
    ["writes single-line commands inline after a colon", "- [ ] All tests passing: `pytest tests/`\n"],
    ["writes a command-only section as its heading followed by a bash block", "### Deploy to Production (step: Wait for health)\n\n```bash\n# Backup database\n"],
    ["writes a phase with a single untitled section without an H3", "## Emergency Rollback\n\nIf critical issues found:\n\n- [ ] See [ROLLBACK.md](ROLLBACK.md)\n"],
  ])("%s", (_, text) => {
    expect(markdown).toContain(text);
  });

  it("writes the approval block with sign-offs and blank fields", () => {
    expect(markdown).toContain(
      "## Release Approval\n\n**Required sign-offs before release:**\n- [ ] Engineering lead reviewed code (attests: Code Preparation)\n",
    );
    expect(markdown.endsWith("**Release manager:** _______________\n**Date:** _______________\n**Version:** _______________\n")).toBe(true);
  });

  it("marks optional items unless their title already reads as conditional", () => {
    const out = checklistToMarkdown(
      checklistWith([
        item("Update screenshots", { required: false }),
        item("Load test if major changes", { required: false }),
        item("Rebuild cache if stale", { required: true }),
      ]),
    );
    expect(out).toContain("- [ ] Update screenshots (optional)\n");
    expect(out).toContain("- [ ] Load test if major changes\n");
    expect(out).toContain("- [ ] Rebuild cache if stale (required)\n");
  });

  it("fences multi-line commands and commands with backticks inside the item", () => {
    const out = checklistToMarkdown(
      checklistWith([item("Deploy", { command: "make build\nmake deploy" }), item("Tag", { command: "echo `x`" })]),
    );
    expect(out).toContain("- [ ] Deploy\n  ```bash\n  make build\n  make deploy\n  ```\n");
    expect(out).toContain("- [ ] Tag\n  ```bash\n  echo `x`\n  ```\n");
  });

  it("uses a longer fence when the command contains a fence", () => {
    const out = checklistToMarkdown(checklistWith([item("Docs", { command: "```\ncode\n```" })]));
    expect(out).toContain("  ````bash\n  ```\n  code\n  ```\n  ````\n");
  });

  it("writes a role suffix only when the role differs from what the title implies", () => {
    const out = checklistToMarkdown(
      checklistWith([item("A")], {
        signoffRequirements: [
          { title: "Release manager approved", role: "RELEASE_MANAGER", excludeReleaseManager: false },
          { title: "Code reviewed", role: "ENGINEERING_LEAD", excludeReleaseManager: true },
          { title: "Board informed", role: "ADMIN", excludeReleaseManager: false },
        ],
      }),
    );
    expect(out).toContain("- [ ] Release manager approved\n- [ ] Code reviewed\n- [ ] Board informed (role: ADMIN)\n");
  });

  it("falls back to the default phase name when a phase title would not be recognised", () => {
    const checklist = checklistWith([item("A")]);
    checklist.sections[0] = { ...checklist.sections[0]!, phaseTitle: "Before we ship" };
    expect(checklistToMarkdown(checklist)).toContain("## Pre-Release\n\n### Checks\n");
  });

  it("writes the monitoring window into the post-release heading", () => {
    const checklist = checklistWith([item("A")], { monitoringWindowHours: 48 });
    checklist.sections.push({
      phase: "POST_RELEASE",
      phaseTitle: "Post-Release (24 hours)",
      title: "Watch",
      detail: null,
      items: [item("B")],
    });
    expect(checklistToMarkdown(checklist)).toContain("## Post-Release (48 hours)\n");
    expect(parseOk(checklistToMarkdown(checklist)).monitoringWindowHours).toBe(48);
  });

  it("keeps the monitoring window when there is no post-release section", () => {
    const checklist = checklistWith([item("A")], { monitoringWindowHours: 6 });
    expect(parseOk(checklistToMarkdown(checklist)).monitoringWindowHours).toBe(6);
  });
});

describe("images", () => {
  it("writes images in titles and details as plain links", () => {
    const markdown = checklistToMarkdown(checklistWith([item("Look at ![x](https://t.example/p.png)", { detail: "![](https://tracker.example/pixel)" })]));
    expect(markdown).not.toContain("![");
    expect(markdown).toContain("[x](https://t.example/p.png)");
    expect(markdown).toContain("[](https://tracker.example/pixel)");
  });
});
