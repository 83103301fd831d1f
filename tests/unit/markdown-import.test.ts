import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  classifyPhaseHeading,
  parseChecklistMarkdown,
  parseMonitoringWindow,
  takeBindingMarkers,
  type ChecklistPhase,
  type ImportProblem,
  type ParsedChecklist,
  type ParsedSection,
} from "@/lib/templates/markdown-import";

const root = path.resolve(import.meta.dirname, "../..");
const readSource = (relative: string) => readFileSync(path.join(root, relative), "utf8");
const reference = readSource("prisma/default-template.md");
const mobile = readSource("tests/fixtures/checklists/mobile-app-release.md");
const helm = readSource("tests/fixtures/checklists/k8s-helm-service-release.md");

function parseOk(markdown: string): { checklist: ParsedChecklist; warnings: ImportProblem[] } {
  const result = parseChecklistMarkdown(markdown);
  if (!result.ok) throw new Error(`expected the import to succeed: ${JSON.stringify(result.errors)}`);
  return result;
}

function parseErrors(markdown: string): ImportProblem[] {
  const result = parseChecklistMarkdown(markdown);
  if (result.ok) throw new Error("expected the import to fail");
  return result.errors;
}

function sectionsOf(checklist: ParsedChecklist, phase: ChecklistPhase): ParsedSection[] {
  return checklist.sections.filter((s) => s.phase === phase);
}

function section(checklist: ParsedChecklist, title: string): ParsedSection {
  const found = checklist.sections.find((s) => s.title === title);
  if (!found) throw new Error(`no section "${title}"`);
  return found;
}

function shape(sections: ParsedSection[]): [string, number][] {
  return sections.map((s) => [s.title, s.items.length]);
}

function allItems(checklist: ParsedChecklist) {
  return checklist.sections.flatMap((s) => s.items);
}

function item(checklist: ParsedChecklist, title: string) {
  const found = allItems(checklist).find((i) => i.title === title);
  if (!found) throw new Error(`no item "${title}"`);
  return found;
}

/** Task lines and numbered lines outside fenced code, found with a plain line scan. */
function actionableLines(markdown: string): string[] {
  const found: string[] = [];
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const match = inFence ? null : /^\s*(?:- \[[ xX]\]|\d+\.)\s+(.*)$/.exec(line);
    // Bindings ("(step: …)", "(attests: …)") are markers, not part of the item's text.
    if (match?.[1]) found.push(takeBindingMarkers(match[1].trim()).text);
  }
  return found;
}

function fencedLines(markdown: string): string[] {
  const found: string[] = [];
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    else if (inFence && line.trim() !== "") found.push(line.trim());
  }
  return found;
}

describe("parseChecklistMarkdown on the default template", () => {
  const { checklist, warnings } = parseOk(reference);

  it("imports without warnings and takes the title from the H1", () => {
    expect(warnings).toEqual([]);
    expect(checklist.title).toBe("Release Checklist");
  });

  it("groups pre-release items into its four sections", () => {
    const pre = sectionsOf(checklist, "PRE_RELEASE");
    expect(shape(pre)).toEqual([
      ["Code Preparation", 6],
      ["Documentation", 5],
      ["Database", 4],
      ["Testing", 5],
    ]);
    expect(pre.every((s) => s.phaseTitle === "Pre-Release (1 day before)")).toBe(true);
  });

  it("turns release-day command-only headings into single items carrying the whole code block", () => {
    const day = sectionsOf(checklist, "RELEASE_DAY");
    expect(shape(day)).toEqual([
      ["Create Git Tag (triggers release workflow)", 1],
      ["Monitor Release Build", 4],
      ["Deploy to Production", 1],
      ["Post-Deployment Verification", 6],
      ["Gradual Feature Rollout", 1],
    ]);
    const tag = section(checklist, "Create Git Tag (triggers release workflow)").items[0];
    expect(tag?.title).toBe("Create Git Tag (triggers release workflow)");
    expect(tag?.command).toBe(
      [
        "# Verify VERSION file",
        "cat VERSION  # Should show new version",
        "",
        "# Create annotated tag",
        'git tag -a v0.5.0 -m "Phase 1: GitHub Actions + dbt metrics"',
        "",
        "# Push tag (triggers GitHub Actions release workflow)",
        "git push origin v0.5.0",
      ].join("\n"),
    );
    const deploy = section(checklist, "Deploy to Production").items[0];
    expect(deploy?.title).toBe("Deploy to Production");
    expect(deploy?.command?.split("\n")).toHaveLength(15);
    expect(deploy?.command).toMatch(/^# Backup database\n/);
    expect(deploy?.command).toMatch(/curl http:\/\/localhost:8000\/health$/);
    const rollout = section(checklist, "Gradual Feature Rollout").items[0];
    expect(rollout?.command).toContain("export INTEGRATIONS_GITHUB_ACTIONS_ENABLED=false");
  });

  it("groups post-release items and reads the 24 hour monitoring window from its heading", () => {
    expect(shape(sectionsOf(checklist, "POST_RELEASE"))).toEqual([
      ["Monitoring", 5],
      ["Communication", 4],
      ["Cleanup", 3],
    ]);
    expect(checklist.monitoringWindowHours).toBe(24);
  });

  it("turns the numbered emergency rollback steps into one section with the intro as detail", () => {
    const rollback = sectionsOf(checklist, "ROLLBACK");
    expect(rollback).toHaveLength(1);
    expect(rollback[0]?.title).toBe("Emergency Rollback");
    expect(rollback[0]?.phaseTitle).toBe("Emergency Rollback");
    expect(rollback[0]?.detail).toBe("If critical issues found:");
    expect(rollback[0]?.items.map((i) => i.title)).toEqual([
      "See [ROLLBACK.md](ROLLBACK.md)",
      "Disable feature flag first (fastest)",
      "Rollback Docker images if needed",
      "Rollback database migrations if needed",
      "Document incident for post-mortem",
    ]);
  });

  it("keeps the phases in template order", () => {
    const phases = [...new Set(checklist.sections.map((s) => s.phase))];
    expect(phases).toEqual(["PRE_RELEASE", "RELEASE_DAY", "POST_RELEASE", "ROLLBACK"]);
  });

  it("reads the five sign-offs with four-eyes only on the code review", () => {
    expect(checklist.signoffRequirements).toEqual([
      { title: "Engineering lead reviewed code", role: "ENGINEERING_LEAD", excludeReleaseManager: true, scope: ["Code Preparation"] },
      { title: "Tests passing in CI", role: "ENGINEERING_LEAD", excludeReleaseManager: false, scope: ["Testing", "All tests passing"] },
      { title: "Documentation updated", role: "ENGINEERING_LEAD", excludeReleaseManager: false, scope: ["Documentation"] },
      { title: "Migration tested", role: "ENGINEERING_LEAD", excludeReleaseManager: false, scope: ["Database"] },
      { title: "Rollback procedure verified", role: "ENGINEERING_LEAD", excludeReleaseManager: false, scope: ["Test rollback", "Test rollback procedure"] },
    ]);
  });

  it("reads the bold approval labels as approval fields", () => {
    expect(checklist.approvalFields).toEqual(["Release manager", "Date", "Version"]);
  });

  it("splits a trailing inline-code command off the item title", () => {
    expect(item(checklist, "All tests passing").command).toBe("pytest tests/");
    expect(item(checklist, "Linting clean").command).toBe("ruff check .");
    expect(item(checklist, "All services running").command).toBe("docker compose ps");
    expect(item(checklist, "Version correct").command).toBe("curl localhost:8000/ | jq");
  });

  it("keeps inline Markdown in titles when the code is not a trailing command", () => {
    expect(item(checklist, "Update VERSION file (e.g., `0.5.0`)").command).toBeNull();
    expect(item(checklist, "Update `app_version` in config.py to match VERSION").command).toBeNull();
  });

  it("marks conditional items as optional and everything else as required", () => {
    const optional = allItems(checklist)
      .filter((i) => !i.required)
      .map((i) => i.title);
    expect(optional).toEqual([
      "Update MIGRATION_GUIDE.md if breaking changes",
      "Create database migration if schema changes",
      "Load test if major changes",
      "Update documentation if gaps found",
      "Rollback Docker images if needed",
      "Rollback database migrations if needed",
    ]);
  });

  it("parses the same checklist from Windows line endings", () => {
    expect(parseOk(reference.replace(/\n/g, "\r\n")).checklist).toEqual(checklist);
  });

  it("parses the same checklist when the file starts with a byte order mark", () => {
    expect(parseOk(`\uFEFF${reference}`).checklist).toEqual(checklist);
  });

  it("never turns a line of a code block into an item", () => {
    const codeLines = new Set(fencedLines(reference));
    expect(codeLines.size).toBeGreaterThan(20);
    const titles = [...allItems(checklist).map((i) => i.title), ...checklist.signoffRequirements.map((s) => s.title)];
    expect(titles.filter((t) => codeLines.has(t))).toEqual([]);
    expect(allItems(checklist).filter((i) => i.command?.includes("\n"))).toHaveLength(3);
  });

  it("imports every task line and numbered step of the source as an item or sign-off", () => {
    const lines = actionableLines(reference);
    expect(lines).toHaveLength(52);
    const written = new Set([
      ...allItems(checklist).map((i) => (i.command && !i.command.includes("\n") ? `${i.title}: \`${i.command}\`` : i.title)),
      ...checklist.signoffRequirements.map((s) => s.title),
    ]);
    expect(lines.filter((line) => !written.has(line))).toEqual([]);
    const headingItems = 3;
    expect(allItems(checklist).length - headingItems + checklist.signoffRequirements.length).toBe(lines.length);
  });
});

describe("parseChecklistMarkdown on a mobile app release checklist", () => {
  const { checklist, warnings } = parseOk(mobile);

  it("accepts the 'Pre release' and 'Sign-offs' spellings and reads a two-day window", () => {
    expect(warnings).toEqual([{ line: 63, message: expect.stringContaining('"## Rollback" has no checkboxes, so it was not imported') }]);
    expect(checklist.title).toBe("Mobile App Release Checklist");
    expect(sectionsOf(checklist, "PRE_RELEASE")[0]?.phaseTitle).toBe("Pre release");
    expect(checklist.monitoringWindowHours).toBe(48);
  });

  it("builds every phase with numbering stripped from section titles", () => {
    expect(shape(checklist.sections)).toEqual([
      ["Version & Build", 6],
      ["QA", 5],
      ["App Store Submission", 4],
      ["Google Play Staged Rollout", 3],
      ["Tag the Release", 1],
      ["Stability", 3],
      ["Follow-up", 3],
    ]);
  });

  it("keeps links, strips (optional) and reads conditional items as optional", () => {
    expect(item(checklist, "Release notes drafted in [Lokalise](https://app.lokalise.com/project/mobile)").required).toBe(true);
    expect(item(checklist, "Update screenshots").required).toBe(false);
    expect(item(checklist, "Post release summary in #mobile").required).toBe(false);
    expect(item(checklist, "Re-run accessibility audit if navigation changed").required).toBe(false);
  });

  it("puts section intro text in the section detail and nested bullets in the item detail", () => {
    expect(section(checklist, "QA").detail).toBe(
      "Run the regression suite on the release candidate build from CI, not a local build.",
    );
    expect(item(checklist, "Smoke test on the device lab").detail).toBe(
      "- iPhone SE (smallest screen)\n- Pixel 8 (latest Android)",
    );
  });

  it("attaches a code block that follows a task item to that item", () => {
    expect(item(checklist, "Build signed release bundles").command).toBe(
      "cd android && ./gradlew bundleRelease\ncd ../ios && fastlane build_release",
    );
    expect(item(checklist, "iOS tests green").command).toBe(
      "xcodebuild test -scheme App -destination 'platform=iOS Simulator,name=iPhone 15'",
    );
  });

  it("does not turn plain bullets into items: a rollback section of plain bullets is left out, with a warning", () => {
    expect(sectionsOf(checklist, "ROLLBACK")).toEqual([]);
    expect(allItems(checklist).map((i) => i.title)).not.toContain("Halt the staged rollout in Play Console");
  });

  it("applies role overrides and four-eyes on reviews to sign-offs", () => {
    expect(checklist.signoffRequirements).toEqual([
      { title: "QA lead signed off the regression run", role: "ENGINEERING_LEAD", excludeReleaseManager: false },
      { title: "Security review of new permissions", role: "ENGINEERING_LEAD", excludeReleaseManager: true },
      { title: "Release manager confirmed rollout percentages", role: "RELEASE_MANAGER", excludeReleaseManager: false },
      { title: "Product owner approved store listing", role: "ADMIN", excludeReleaseManager: false },
    ]);
    expect(checklist.approvalFields).toEqual(["Release manager", "Build number", "App Store version"]);
  });
});

describe("parseChecklistMarkdown on a Kubernetes/Helm service release", () => {
  const { checklist, warnings } = parseOk(helm);

  it("leaves out a prose-only H2 with a warning", () => {
    expect(warnings).toEqual([{ line: 62, message: expect.stringContaining('"## Notes" has no checkboxes, so it was not imported') }]);
  });

  it("builds every phase and reads a three-day window", () => {
    expect(shape(checklist.sections)).toEqual([
      ["Chart & Images", 5],
      ["Cluster Readiness", 4],
      ["Deploy Canary (10%)", 1],
      ["Canary Analysis", 4],
      ["Promote to 100%", 1],
      ["Verify", 3],
      ["Observe", 3],
      ["Rollback Plan", 3],
    ]);
    expect(checklist.monitoringWindowHours).toBe(72);
  });

  it("uses a fenced block inside an item as its command", () => {
    expect(item(checklist, "Diff against production").command).toBe(
      "helm diff upgrade payments-api charts/payments-api \\\n  -f values/production.yaml --set image.tag=2.8.0",
    );
  });

  it("keeps a command-only section's intro paragraph as section detail", () => {
    const canary = section(checklist, "Deploy Canary (10%)");
    expect(canary.detail).toBe("Canary runs as a separate release with its own Service selector weight.");
    expect(canary.items[0]?.title).toBe("Deploy Canary (10%)");
    expect(canary.items[0]?.command).toMatch(/^helm upgrade --install payments-api-canary/);
  });

  it("keeps nested paragraphs and bullets under an item as its detail", () => {
    expect(item(checklist, "Database migration job tested on staging").detail).toBe(
      "The job runs as a Helm pre-upgrade hook; check its logs before promoting.",
    );
    expect(item(checklist, "Check logs for unexpected errors").detail).toBe(
      "- Look for `PaymentDeclined` spikes\n- Ignore `HealthCheck` noise",
    );
  });

  it("turns numbered verification steps into items", () => {
    expect(section(checklist, "Verify").items.map((i) => [i.title, i.command])).toEqual([
      ["Rollout finished", "kubectl rollout status deploy/payments-api -n payments"],
      ["Synthetic checkout passes in all regions", null],
      ["Dashboards show traffic on the new ReplicaSet only", null],
    ]);
  });

  it("attaches the code block after the rollback steps to the last step", () => {
    const rollback = section(checklist, "Rollback Plan");
    expect(rollback.detail).toBe("If the canary or promotion misbehaves:");
    expect(rollback.items[2]?.title).toBe("Roll back the stable release to the previous revision");
    expect(rollback.items[2]?.command).toBe(
      "helm history payments-api -n payments\nhelm rollback payments-api 0 -n payments --wait",
    );
  });

  it("reads sign-offs under an 'Approval' heading without an intro paragraph", () => {
    expect(checklist.signoffRequirements).toEqual([
      { title: "SRE on-call reviewed canary metrics", role: "ENGINEERING_LEAD", excludeReleaseManager: true },
      { title: "Release manager approved the promotion", role: "RELEASE_MANAGER", excludeReleaseManager: false },
      { title: "Change ticket approved by CAB", role: "ADMIN", excludeReleaseManager: false },
    ]);
    expect(checklist.approvalFields).toEqual(["Release manager", "Change ticket"]);
  });
});

describe("parseChecklistMarkdown item and section rules", () => {
  it("puts a code block after an item that already has a command into that item's detail: code never makes an item", () => {
    const { checklist } = parseOk(
      "# T\n## Release Day\n### Smoke\n- [ ] Ping: `curl /health`\n```bash\nmake smoke\n```\n",
    );
    expect(section(checklist, "Smoke").items).toEqual([
      { title: "Ping", command: "curl /health", required: true, detail: "```bash\nmake smoke\n```" },
    ]);
  });

  it("lets (required) override the conditional rule and strips both markers", () => {
    const { checklist } = parseOk(
      "# T\n## Pre-Release\n- [ ] Rebuild cache if needed (required)\n- [ ] Coverage: `pytest --cov` (optional)\n- [ ] Gift the tester (OPTIONAL)\n",
    );
    expect(allItems(checklist).map((i) => [i.title, i.required, i.command])).toEqual([
      ["Rebuild cache if needed", true, null],
      ["Coverage", false, "pytest --cov"],
      ["Gift the tester", false, null],
    ]);
  });

  it("does not read 'if' inside inline code or other words as a condition", () => {
    const { checklist } = parseOk("# T\n## Pre-Release\n- [ ] Verify `if-none-match` headers\n- [ ] Notify users\n");
    expect(allItems(checklist).every((i) => i.required)).toBe(true);
  });

  it("treats H4 headings as sections too", () => {
    const { checklist } = parseOk("# T\n## Pre-Release\n#### Lint\n- [ ] Run lint\n");
    expect(shape(checklist.sections)).toEqual([["Lint", 1]]);
  });

  it("imports ticked boxes as unticked items with a warning", () => {
    const { checklist, warnings } = parseOk("# T\n## Pre-Release\n- [x] Already done\n");
    expect(item(checklist, "Already done").required).toBe(true);
    expect(warnings).toEqual([{ line: 3, message: expect.stringContaining("Ticked item") }]);
  });

  it("warns about a duplicate section title in the same phase but imports both", () => {
    const { checklist, warnings } = parseOk("# T\n## Pre-Release\n### Checks\n- [ ] A\n### Checks\n- [ ] B\n");
    expect(checklist.sections).toHaveLength(2);
    expect(warnings).toEqual([{ line: 5, message: 'Section "Checks" appears twice in PRE_RELEASE.' }]);
  });

  it("skips sections without items and text outside sections with warnings", () => {
    const { checklist, warnings } = parseOk(
      "# T\n## Pre-Release\nPhase intro.\n### Notes\nJust prose.\n### Real\n- [ ] Item\n",
    );
    expect(shape(checklist.sections)).toEqual([["Real", 1]]);
    expect(warnings.map((w) => w.line)).toEqual([2, 4]);
  });

  it("regroups phases written out of order", () => {
    const { checklist, warnings } = parseOk("# T\n## Emergency Rollback\n- [ ] Revert\n## Pre-Release\n- [ ] Test\n");
    expect(checklist.sections.map((s) => s.phase)).toEqual(["PRE_RELEASE", "ROLLBACK"]);
    expect(warnings).toEqual([{ line: null, message: expect.stringContaining("out of order") }]);
  });

  it("defaults the title to 'Checklist' with a warning when there is no H1", () => {
    const { checklist, warnings } = parseOk("## Pre-Release\n- [ ] Test\n");
    expect(checklist.title).toBe("Checklist");
    expect(warnings).toEqual([{ line: null, message: expect.stringContaining("No \"# Title\" heading") }]);
  });

  it("keeps the sign-off role suffix only when it names a role", () => {
    const { checklist } = parseOk(
      "# T\n## Pre-Release\n- [ ] A\n## Sign-offs\n- [ ] Tests passing (CI)\n- [ ] Viewer acknowledged (role: viewer)\n- [ ] Deploy plan signed (release manager)\n",
    );
    expect(checklist.signoffRequirements.map((s) => [s.title, s.role])).toEqual([
      ["Tests passing (CI)", "ENGINEERING_LEAD"],
      ["Viewer acknowledged", "VIEWER"],
      ["Deploy plan signed", "RELEASE_MANAGER"],
    ]);
  });
});

describe("parseChecklistMarkdown phase headings", () => {
  it.each([
    ["Pre-Release (1 day before)", "PRE_RELEASE"],
    ["pre release", "PRE_RELEASE"],
    ["Prerelease checks", "PRE_RELEASE"],
    ["Release Day", "RELEASE_DAY"],
    ["Post-Release (24 hours)", "POST_RELEASE"],
    ["Emergency Rollback", "ROLLBACK"],
    ["Rollback Plan", "ROLLBACK"],
    ["Release Approval", "SIGNOFFS"],
    ["Sign-offs", "SIGNOFFS"],
    ["Approval", "SIGNOFFS"],
    ["Notes", null],
  ])("classifies %j as %s", (heading, expected) => {
    expect(classifyPhaseHeading(heading)).toBe(expected);
  });

  it.each([
    ["Post-Release (24 hours)", 24],
    ["Post-Release (2 days)", 48],
    ["Post-Release (1 week)", 168],
    ["Post-Release (36h)", 36],
    ["Post-Release", null],
    ["Post-Release (team)", null],
  ])("reads the monitoring window of %j as %s", (heading, hours) => {
    expect(parseMonitoringWindow(heading)).toBe(hours);
  });
});

describe("parseChecklistMarkdown refusals", () => {
  it.each([[""], ["   \n\t\n"]])("rejects empty input %j", (markdown) => {
    expect(parseErrors(markdown)).toEqual([{ line: null, message: "The Markdown is empty." }]);
  });

  it("rejects input over 200,000 characters", () => {
    const markdown = `# T\n## Pre-Release\n- [ ] A\n${"x".repeat(200_000)}`;
    expect(parseErrors(markdown)).toEqual([{ line: null, message: expect.stringContaining("the limit is 200000") }]);
  });

  it.each([
    ["prose only", "# T\n\nSome prose.\n"],
    ["headings with prose but no checkbox", "# T\n## Pre-Release\n### A\nJust text.\n"],
    ["only headings", "# T\n## Pre-Release\n### A\n## Release Day\n"],
    ["plain bullets only", "# T\n## Steps\n- Build\n- Deploy\n"],
    ["checkboxes only inside code", "# T\n```\n- [ ] Not an item\n```\n"],
  ])("rejects a document without a checkbox (%s), saying so", (_name, markdown) => {
    expect(parseErrors(markdown)).toEqual([{ line: null, message: expect.stringContaining("No checklist items found: the Markdown has no checkboxes") }]);
  });

  it("rejects a document whose only checkboxes have no text", () => {
    expect(parseErrors("# T\n## Pre-Release\n- [ ] : `make`\n")).toEqual([
      { line: null, message: expect.stringContaining("the checkboxes have no text") },
    ]);
  });
});

describe("parseChecklistMarkdown imports what it used to refuse, with a warning", () => {
  it("imports items before the first heading as a section named after the title", () => {
    const { checklist } = parseOk("# Ship it\n\n- [ ] Early bird\n\n## Pre-Release\n- [ ] Fine\n");
    expect(shape(checklist.sections)).toEqual([
      ["Ship it", 1],
      ["Pre-Release", 1],
    ]);
    expect(checklist.sections.map((s) => s.phase)).toEqual(["PRE_RELEASE", "PRE_RELEASE"]);
  });

  it("imports a section under any heading, with a stage from its words", () => {
    const { checklist, warnings } = parseOk("# T\n## Pre-Release\n- [ ] A\n\n## Deployment Notes\n- [ ] B\n");
    expect(checklist.sections.map((s) => [s.title, s.phase, s.phaseTitle])).toEqual([
      ["Pre-Release", "PRE_RELEASE", "Pre-Release"],
      ["Deployment Notes", "RELEASE_DAY", "Release Day"],
    ]);
    expect(warnings).toEqual([]);
  });

  it("warns about an unclosed fenced code block at the line that opens it; what follows is code", () => {
    const result = parseChecklistMarkdown("# T\n## Release Day\n- [ ] Deploy\n\n```bash\nmake deploy\n- [ ] Not an item\n");
    if (!result.ok) throw new Error("expected the import to succeed");
    expect(allItems(result.checklist).map((i) => [i.title, i.command])).toEqual([["Deploy", "make deploy\n- [ ] Not an item"]]);
    expect(result.warnings).toEqual([{ line: 5, message: expect.stringContaining("opened at line 5 is never closed") }]);
  });

  it("warns about an unclosed fenced code block inside an item", () => {
    const { warnings } = parseOk("# T\n## Release Day\n- [ ] Deploy\n  ~~~\n  make deploy\n- [ ] Verify\n");
    expect(warnings).toEqual([{ line: 4, message: expect.stringContaining("add a closing ~~~ line") }]);
  });

  it.each([
    ["an empty task box", "- [ ]", "A checkbox without text was skipped."],
    ["a task box with only spaces", "- [ ]    ", "A checkbox without text was skipped."],
    ["a command without a title", "- [ ] : `make`", "Item has no text."],
  ])("skips %s with a warning on its line", (_name, line, message) => {
    const { checklist, warnings } = parseOk(`# T\n## Pre-Release\n- [ ] Fine\n${line}\n`);
    expect(allItems(checklist).map((i) => i.title)).toEqual(["Fine"]);
    expect(warnings).toEqual([{ line: 4, message }]);
  });

  it("keeps a bare bullet out of the items: it is a plain bullet", () => {
    const { checklist, warnings } = parseOk("# T\n## Pre-Release\n- [ ] Fine\n-\n");
    expect(allItems(checklist).map((i) => i.title)).toEqual(["Fine"]);
    expect(warnings).toEqual([]);
  });

  it("shortens an item title over 500 characters at a word and keeps the full text as its detail", () => {
    const long = `${"word ".repeat(120)}end`;
    const { checklist, warnings } = parseOk(`# T\n## Pre-Release\n- [ ] ok\n- [ ] ${long}\n`);
    const [, shortened] = allItems(checklist);
    expect(shortened!.title.length).toBeLessThanOrEqual(500);
    expect(shortened!.title.endsWith("word…")).toBe(true);
    expect(shortened!.detail).toBe(long);
    expect(warnings).toEqual([{ line: 4, message: expect.stringContaining("Item title is 603 characters long") }]);
  });

  it("accepts an item title of exactly 500 characters", () => {
    expect(parseChecklistMarkdown(`# T\n## Pre-Release\n- [ ] ${"a".repeat(500)}\n`).ok).toBe(true);
  });

  it("ignores an empty section heading with a warning; its items stay in the section before", () => {
    const { checklist, warnings } = parseOk("# T\n## Pre-Release\n###\n- [ ] A\n");
    expect(shape(checklist.sections)).toEqual([["Pre-Release", 1]]);
    expect(warnings).toEqual([{ line: 3, message: "A heading without text was ignored." }]);
  });

  it("gives a sign-off with an unknown role the role its title implies, with a warning", () => {
    const { checklist, warnings } = parseOk("# T\n## Pre-Release\n- [ ] A\n## Release Approval\n- [ ] QA done (role: owner)\n");
    expect(checklist.signoffRequirements).toEqual([{ title: "QA done", role: "ENGINEERING_LEAD", excludeReleaseManager: false }]);
    expect(warnings).toEqual([{ line: 5, message: expect.stringContaining('Unknown sign-off role "owner"') }]);
  });

  it("reports every warning at once, in document order", () => {
    const result = parseChecklistMarkdown("- [ ] early\n## Pre-Release\n- [ ]\n## Misc\n- [x] x\n");
    if (!result.ok) throw new Error("expected the import to succeed");
    expect(result.warnings.map((w) => w.line)).toEqual([3, 5, null]);
    expect(shape(result.checklist.sections)).toEqual([
      ["Checklist", 1],
      ["Misc", 1],
    ]);
  });
});
