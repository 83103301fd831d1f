// Pipelines as code: YAML ↔ steps for every step kind, problems by line and column, the diff between two
// versions, the dry run's filled-in values, and the editor's problems sorted back onto steps and fields.
import { describe, expect, it } from "vitest";
import { dryRunPipeline, MASK } from "@/lib/deploys/dry-run";
import { diffPipelineVersions, diffText } from "@/lib/deploys/pipeline-diff";
import { fieldProblems, sortPipelineProblems } from "@/lib/deploys/pipeline-problems";
import { pipelineStepsSchema } from "@/lib/deploys/pipeline-schema";
import { parsePipelineYaml } from "@/lib/deploys/pipeline-yaml";
import { PIPELINE_YAML_MAX_CHARS, pipelineToYaml } from "@/lib/deploys/pipeline-yaml-text";
import { draftsFromSteps, duplicateStep, moveStep, newStepDraft, stepsFromDrafts } from "@/lib/deploys/step-drafts";

const everyKind = pipelineStepsSchema.parse([
  { kind: "SHELL", name: "Tag", config: { command: "git tag -a v${VERSION} -m 'from ${PREVIOUS_VERSION}'", env: [{ name: "TOKEN", value: "${secret:GH_TOKEN}", secret: true }], cwd: "/srv" } },
  { kind: "HTTP", name: "Health", config: { method: "POST", url: "https://api.example.com/health", headers: { Authorization: "Bearer ${secret:API}" }, body: '{"v":"${VERSION}"}', expectJson: { path: "status", equals: "ok" }, retries: 3 } },
  { kind: "WAIT", name: "Soak", config: { seconds: 300 } },
  { kind: "APPROVAL", name: "Go/no-go", config: { instructions: "Check the dashboards", approverRoles: ["ENGINEERING_LEAD"], fourEyes: false } },
  { kind: "FLAG", name: "Enable search", config: { flagKey: "search.v2", enabled: true, applyCommand: "flags set $FLAG_KEY ${FLAG_ENABLED}" } },
  { kind: "NOTIFY", name: "Tell the team", config: { url: "${secret:SLACK}", message: "Deployed ${PROJECT} ${VERSION}" } },
  { kind: "PROBE", name: "Error rate", config: { check: "PROMETHEUS", url: "http://prometheus:9090", query: 'sum(rate(http_requests_total{code=~"5.."}[5m]))', condition: "current <= 1.2 * baseline", baselineOffset: "1d", label: "error rate", intervalSeconds: 60, durationSeconds: 900, failAfter: 2 } },
]);

describe("pipelines as YAML", () => {
  it("round-trips every step kind: steps → YAML → the same steps", () => {
    const yaml = pipelineToYaml(everyKind);
    expect(yaml).toContain("- kind: SHELL\n  name: Tag\n  idempotent: false\n");
    expect(everyKind.map((s) => s.kind)).toEqual(["SHELL", "HTTP", "WAIT", "APPROVAL", "FLAG", "NOTIFY", "PROBE"]);
    expect(parsePipelineYaml(yaml)).toEqual({ ok: true, steps: everyKind });
  });

  it("writes keys in the schema's order, whatever order the database returns them in (jsonb: shortest first)", () => {
    const fromJsonb = [{ kind: "SHELL", name: "Build", config: { env: [{ name: "A", value: "1", secret: false }], command: "make", timeoutSeconds: 600 }, idempotent: false }];
    expect(pipelineToYaml(fromJsonb)).toBe(
      ["- kind: SHELL", "  name: Build", "  idempotent: false", "  config:", "    command: make", "    env:", "      - name: A", '        value: "1"', "        secret: false", "    timeoutSeconds: 600", ""].join("\n"),
    );
    expect(pipelineToYaml([{ kind: "HTTP", config: { url: "https://x.example", headers: { "X-B": "2", "X-A": "1" } } }])).toContain("headers:\n      X-B: \"2\"\n      X-A: \"1\"");
  });

  it("fills the schema's defaults in, as saving the same steps as JSON does", () => {
    const parsed = parsePipelineYaml("- kind: SHELL\n  name: Build\n  config:\n    command: make\n");
    expect(parsed).toEqual({ ok: true, steps: [{ kind: "SHELL", name: "Build", idempotent: false, config: { command: "make", env: [], timeoutSeconds: 600 } }] });
  });

  it("names the line and column of a YAML syntax error", () => {
    const parsed = parsePipelineYaml("- kind: SHELL\n  name: Build\n  config: { command: make\n- kind: WAIT\n");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]).toMatch(/^line \d+, column \d+: /);
    const tabs = parsePipelineYaml("- kind: SHELL\n  name: a\n  name: b\n  config:\n    command: x\n");
    expect(tabs).toMatchObject({ ok: false, problems: [expect.stringMatching(/^line 3, column 3: Map keys must be unique/)] });
  });

  it("names the step, the field and the line of a schema error", () => {
    const yaml = ["- kind: SHELL", "  name: Build", "  config:", "    command: make", "- kind: HTTP", "  name: Health", "  config:", "    url: ftp://example.com", "    retries: -1", "- kind: DANCE", "  name: Twirl", ""].join("\n");
    expect(parsePipelineYaml(yaml)).toEqual({
      ok: false,
      problems: [
        "line 8, column 10: step 2 (Health) › config.url: Use an http(s) URL (or ${PREFLIGHT_URL}/…, a ${VARIABLE} or ${secret:NAME} holding one)",
        "line 9, column 14: step 2 (Health) › config.retries: Retries cannot be negative",
        "line 10, column 9: step 3 (Twirl) › kind: Each step's kind is one of SHELL, HTTP, WAIT, APPROVAL, FLAG, NOTIFY, PROBE",
      ],
    });
    // A missing field points at the mapping that should hold it.
    expect(parsePipelineYaml("- kind: WAIT\n  name: Soak\n  config:\n    second: 5\n")).toEqual({
      ok: false,
      problems: ["line 4, column 5: step 1 (Soak) › config.seconds: Enter The wait in seconds"],
    });
  });

  it("refuses what is not a list of steps, empty text and text over the limit", () => {
    expect(parsePipelineYaml("kind: SHELL\n")).toEqual({ ok: false, problems: ["line 1, column 1: The YAML must be a list of steps (each starting with “- kind: …”)"] });
    expect(parsePipelineYaml("  \n")).toEqual({ ok: false, problems: ["The YAML is empty: write a list of steps"] });
    expect(parsePipelineYaml("#".repeat(PIPELINE_YAML_MAX_CHARS + 1))).toMatchObject({ ok: false, problems: [expect.stringContaining("at most 200,000 are accepted")] });
  });
});

describe("the diff between two versions", () => {
  it("lists added and removed lines of the YAML with + and - markers", () => {
    const v1 = [{ kind: "WAIT", name: "Soak", idempotent: true, config: { seconds: 60 } }];
    const v2 = [{ kind: "WAIT", name: "Soak", idempotent: true, config: { seconds: 300 } }, { kind: "APPROVAL", name: "Go", idempotent: true, config: { instructions: "" } }];
    const diff = diffPipelineVersions(v1, v2);
    expect(diff).toMatchObject({ added: 6, removed: 1 });
    expect(diffText(diff)).toBe(
      ["  - kind: WAIT", "    name: Soak", "    idempotent: true", "    config:", "-     seconds: 60", "+     seconds: 300", "+ - kind: APPROVAL", "+   name: Go", "+   idempotent: true", "+   config:", '+     instructions: ""'].join("\n"),
    );
    expect(diffPipelineVersions(v1, v1)).toMatchObject({ added: 0, removed: 0 });
  });
});

describe("a dry run", () => {
  it("fills every variable in, masks secrets and names variables that have no value", () => {
    const steps = dryRunPipeline(everyKind, { VERSION: "1.4.0", PREVIOUS_VERSION: "1.3.2", PROJECT: "gateway" });
    expect(steps[0]).toMatchObject({ position: 1, name: "Tag", problems: [] });
    expect(steps[0]!.fields).toEqual([
      { path: "command", value: "git tag -a v1.4.0 -m 'from 1.3.2'" },
      { path: "cwd", value: "/srv" },
      { path: "timeoutSeconds", value: "600" },
      { path: "env.TOKEN", value: MASK },
    ]);
    expect(steps[1]!.fields).toContainEqual({ path: "headers.Authorization", value: `Bearer ${MASK}` });
    expect(steps[1]!.fields).toContainEqual({ path: "body", value: '{"v":"1.4.0"}' });
    expect(steps[4]!.fields).toContainEqual({ path: "applyCommand", value: "flags set $FLAG_KEY true" });
    expect(steps[5]!.fields).toEqual([
      { path: "url", value: MASK },
      { path: "message", value: "Deployed gateway 1.4.0" },
    ]);
    const first = dryRunPipeline(everyKind.slice(0, 1), { VERSION: "1.0.0" });
    expect(first[0]!.problems).toEqual(["${PREVIOUS_VERSION} has no value here: no earlier version of this project was released, and no “Version running now” is set for it"]);
    expect(first[0]!.fields[0]).toEqual({ path: "command", value: "git tag -a v1.0.0 -m 'from ${PREVIOUS_VERSION}'" });
  });
});

describe("the step editor's problems", () => {
  it("sorts the save action's messages onto steps and fields", () => {
    const sorted = sortPipelineProblems([
      "A pipeline has at most 50 steps",
      "step 2 (Deploy (prod)) › config.url: Use an http(s) URL",
      "step 2 › name: Give the step a name",
      "step 3 (Tag): Unknown variable ${IMAGE}: add it",
      "step 1 (Build) › config.env.0.name: Environment variable names are UPPER_CASE",
    ]);
    expect(sorted.general).toEqual(["A pipeline has at most 50 steps"]);
    expect(fieldProblems(sorted, 1, "config.url")).toEqual(["Use an http(s) URL"]);
    expect(fieldProblems(sorted, 1, "name")).toEqual(["Give the step a name"]);
    expect(fieldProblems(sorted, 0, "config.env")).toEqual(["Environment variable names are UPPER_CASE"]);
    expect(sorted.byStep.get(2)).toEqual([{ field: null, message: "Unknown variable ${IMAGE}: add it" }]);
  });
});

describe("the step editor's list", () => {
  it("moves, duplicates and adds steps without changing the others", () => {
    const drafts = draftsFromSteps([
      { kind: "SHELL", name: "Build", config: { command: "make" } },
      { kind: "WAIT", name: "Soak", config: { seconds: 5 } },
      { kind: "NOTIFY", name: "Tell", config: { url: "https://x.example", message: "hi" } },
    ]);
    expect(moveStep(drafts, 2, 0).map((d) => d.name)).toEqual(["Tell", "Build", "Soak"]);
    expect(moveStep(drafts, 0, 1).map((d) => d.name)).toEqual(["Soak", "Build", "Tell"]);
    expect(moveStep(drafts, 0, -1).map((d) => d.name)).toEqual(["Build", "Soak", "Tell"]);
    const copied = duplicateStep(drafts, 0);
    expect(copied.map((d) => d.name)).toEqual(["Build", "Build (copy)", "Soak", "Tell"]);
    expect(new Set(copied.map((d) => d.key)).size).toBe(4);
    copied[1]!.config.command = "make again";
    expect(drafts[0]!.config.command).toBe("make");
    expect(drafts[0]!.idempotent).toBe(false);
    expect(stepsFromDrafts([newStepDraft("APPROVAL")])).toEqual([
      { kind: "APPROVAL", name: "Approve", idempotent: true, config: { instructions: "", approverRoles: ["RELEASE_MANAGER", "ADMIN"], fourEyes: true } },
    ]);
  });
});
