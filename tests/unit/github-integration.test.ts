// The pure parts of the GitHub integration: automation specs, the signature check (against GitHub's own
// documented test vector), reading payloads, and the Markdown marker through import and export.
import { describe, expect, it } from "vitest";
import { describeAutomation, formatAutomation, isSameWorkflow, normaliseAutomation, parseAutomation } from "@/lib/integrations/automation";
import { readGithubEvent } from "@/lib/integrations/github/events";
import { verifyGithubSignature } from "@/lib/integrations/github/deliveries";
import { checklistToMarkdown } from "@/lib/templates/markdown-export";
import { parseChecklistMarkdown } from "@/lib/templates/markdown-import";
import { itReturnsEach } from "../support/tables";

describe("automation specs", () => {
  itReturnsEach(normaliseAutomation, [
    ["github.workflow_run release.yml success", "github.workflow_run release.yml success"],
    ["  GitHub.Workflow_Run   release.yml  ", "github.workflow_run release.yml success"],
    ["github.workflow_run Release build success", "github.workflow_run Release build success"],
    ["github.workflow_run .github/workflows/ci.yml", "github.workflow_run .github/workflows/ci.yml success"],
    ["github.release", "github.release"],
    ["github.release published", "github.release"],
    ["github.push tag", "github.push tag"],
    ["github.push", "github.push tag"],
    ["ci.check integration-tests", "ci.check integration-tests"],
  ]);

  it.each([
    ["github.workflow_run", /Name the workflow/],
    ["github.workflow_run ci.yml failure", /Only a “success” conclusion/],
    ["github.release deleted", /github\.release/],
    ["github.push main", /github\.push tag/],
    ["gitlab.pipeline ok", /Unknown automation “gitlab\.pipeline”/],
    ["github.workflow_run ci.yml; rm -rf /", /is not a workflow/],
    [`github.workflow_run ${"a".repeat(300)}`, /at most 200 characters/],
  ])("refuses %s", (input, problem) => {
    const parsed = parseAutomation(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });

  it("says what ticks the item, and matches a workflow by file, path or name", () => {
    expect(describeAutomation("github.workflow_run release.yml success")).toBe("Automated · ticked when GitHub workflow release.yml succeeds on the release's tag");
    const run = { path: ".github/workflows/release.yml", name: "Release" };
    expect(isSameWorkflow("release.yml", run)).toBe(true);
    expect(isSameWorkflow(".github/workflows/release.yml", run)).toBe(true);
    expect(isSameWorkflow("release", run)).toBe(true);
    expect(isSameWorkflow("ci.yml", run)).toBe(false);
    const parsed = parseAutomation("github.workflow_run ci.yml");
    expect(parsed.ok && formatAutomation(parsed.automation)).toBe("github.workflow_run ci.yml success");
  });
});

describe("X-Hub-Signature-256", () => {
  // docs.github.com, "Validating webhook deliveries": this secret and payload give this signature.
  const secret = "It's a Secret to Everybody";
  const body = Buffer.from("Hello, World!");
  const documented = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  it("accepts GitHub's documented test vector", () => {
    expect(verifyGithubSignature(secret, body, documented)).toBe(true);
  });

  it("refuses another body, another secret, a truncated or missing signature, and SHA-1", () => {
    expect(verifyGithubSignature(secret, Buffer.from("Hello, World?"), documented)).toBe(false);
    expect(verifyGithubSignature("another secret", body, documented)).toBe(false);
    expect(verifyGithubSignature(secret, body, documented.slice(0, 40))).toBe(false);
    expect(verifyGithubSignature(secret, body, null)).toBe(false);
    expect(verifyGithubSignature(secret, body, "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59")).toBe(false);
    expect(verifyGithubSignature(secret, body, "sha256=not-hex")).toBe(false);
  });
});

describe("reading GitHub's payloads", () => {
  it("reads a completed workflow run's tag, workflow, conclusion and page", () => {
    const read = readGithubEvent("workflow_run", {
      action: "completed",
      workflow_run: { name: "CI", path: ".github/workflows/ci.yml", head_branch: "v1.2.0", conclusion: "success", html_url: "https://github.com/o/r/actions/runs/1", extra: { nested: true } },
    });
    expect(read).toEqual({
      fact: { kind: "workflow_run", tag: "v1.2.0", workflowPath: ".github/workflows/ci.yml", workflowName: "CI", conclusion: "success", url: "https://github.com/o/r/actions/runs/1" },
    });
  });

  it("ignores, saying why, what it does not act on", () => {
    expect(readGithubEvent("issues", { action: "opened" })).toEqual({ ignored: "Preflight does not use issues events" });
    expect(readGithubEvent("release", { action: "created", release: { tag_name: "v1", html_url: "x" } })).toEqual({ ignored: "Release created: only published releases count" });
    expect(readGithubEvent("push", { ref: "refs/tags/v1", deleted: true })).toEqual({ ignored: "A tag was deleted" });
    expect(readGithubEvent("workflow_run", "not an object")).toEqual({ ignored: "A workflow_run payload without the expected fields" });
  });
});

describe("the Markdown marker", () => {
  const markdown = [
    "# Service release",
    "",
    "## Pre-Release",
    "",
    "- [ ] Tests passing in CI <!-- preflight: github.workflow_run ci.yml success -->",
    "- [ ] Changelog written",
    "",
    "## Release Day",
    "",
    "- [ ] Verify GitHub Release created <!-- preflight: github.release -->",
    "- [ ] Tag pushed <!--preflight:github.push-->",
    "",
  ].join("\n");

  it("binds the item it ends, and survives export and import again", () => {
    const first = parseChecklistMarkdown(markdown);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    const all = first.checklist.sections.flatMap((s) => s.items);
    expect(all.map((i) => [i.title, i.automation ?? null])).toEqual([
      ["Tests passing in CI", "github.workflow_run ci.yml success"],
      ["Changelog written", null],
      ["Verify GitHub Release created", "github.release"],
      ["Tag pushed", "github.push tag"],
    ]);
    const exported = checklistToMarkdown(first.checklist);
    expect(exported).toContain("- [ ] Tests passing in CI <!-- preflight: github.workflow_run ci.yml success -->");
    const again = parseChecklistMarkdown(exported);
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.checklist).toEqual(first.checklist);
  });

  it("warns about a marker it cannot read and keeps the item", () => {
    const result = parseChecklistMarkdown("# T\n\n## Pre-Release\n\n- [ ] Tests <!-- preflight: jenkins.job build -->\n");
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.checklist.sections[0]!.items[0]).toMatchObject({ title: "Tests" });
    expect(result.checklist.sections[0]!.items[0]!.automation).toBeUndefined();
    expect(result.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/The automation marker is ignored: Unknown automation “jenkins\.job”/)]);
  });
});
