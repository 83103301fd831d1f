// Pipelines as code against a real database: the form and the YAML store the same pipeline, bad YAML and
// unknown variables save nothing (naming the line or the variable), versions compare as a diff, and a dry run
// fills a release's values in with secrets masked.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { savePipelineAction, savePipelineYamlAction } from "@/lib/deploys/actions";
import { MASK } from "@/lib/deploys/dry-run";
import { getPipelineDiff, getPipelineDryRun, listPipelineVersions } from "@/lib/deploys/pipeline-queries";
import { pipelineToYaml } from "@/lib/deploys/pipeline-yaml-text";
import { closeQueueSender } from "@/lib/deploys/queue";
import { maskSecretEnvValues, SECRET_MASK } from "@/lib/deploys/secret-env";
import {
  draftProblems,
  draftsFromSteps,
  envRowsOf,
  headerRowsOf,
  newStepDraft,
  replaceRow,
  secretValueSent,
  stepsFromDrafts,
  withShellMode,
  type StepDraft,
} from "@/lib/deploys/step-drafts";
import { forgetEnv } from "@/lib/env";
import { createProjectAction, setProjectVariableAction } from "@/lib/projects/actions";
import { setProjectSecretAction } from "@/lib/secrets/actions";
import { dataOf } from "../support/action-result";
import { actingUser, as } from "../support/acting-user";
import { createDemoDatabase, createFixtureRelease } from "../support/releases";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, f } = await createDemoDatabase();
const { admin, manager } = f.users;
const SECRET_VALUE = "https://hooks.example.com/T0/B0/very-secret";

beforeAll(() => {
  process.env.PREFLIGHT_SECRETS_KEY = randomBytes(32).toString("base64");
  forgetEnv();
});

afterAll(async () => {
  await closeQueueSender();
});

let counter = 0;
async function newProject() {
  counter += 1;
  as(admin);
  const slug = `pipelines-code-${counter}`;
  return { ...dataOf(await createProjectAction({ name: `Pipelines ${counter}`, slug })), slug };
}

const counts = async (projectId: string) => ({
  pipelines: await prisma.pipeline.count({ where: { projectId } }),
  events: await prisma.auditEvent.count({ where: { projectId } }),
});
const storedSteps = async (projectId: string, kind: "DEPLOY" | "ROLLBACK") =>
  (await prisma.pipeline.findFirstOrThrow({ where: { projectId, kind }, orderBy: { version: "desc" } })).steps;

describe("pipelines by form and as YAML", () => {
  it("stores the same pipeline whether it was built with the form or written as YAML", async () => {
    const { id } = await newProject();
    // The form: a SHELL step and an APPROVAL step, built as the editor builds them.
    const shell = newStepDraft("SHELL");
    shell.name = "Deploy";
    shell.config.command = "deploy --version ${VERSION} --from ${PREVIOUS_VERSION}";
    const approval = newStepDraft("APPROVAL");
    approval.name = "Check the dashboards";
    approval.config.approverRoles = ["ENGINEERING_LEAD"];
    expect(dataOf(await savePipelineAction({ projectId: id, kind: "DEPLOY", steps: stepsFromDrafts([shell, approval]) }))).toMatchObject({ version: 1 });

    // The same pipeline written by hand, defaults left out.
    const yaml = [
      "# The same deploy, kept in the repository",
      "- kind: SHELL",
      "  name: Deploy",
      "  config:",
      "    command: deploy --version ${VERSION} --from ${PREVIOUS_VERSION}",
      "- kind: APPROVAL",
      "  name: Check the dashboards",
      "  config:",
      "    instructions: ''",
      "    approverRoles: [ENGINEERING_LEAD]",
      "",
    ].join("\n");
    expect(dataOf(await savePipelineYamlAction({ projectId: id, kind: "ROLLBACK", yaml }))).toMatchObject({ version: 1 });
    const fromForm = await storedSteps(id, "DEPLOY");
    expect(await storedSteps(id, "ROLLBACK")).toEqual(fromForm);
    expect(fromForm).toEqual([
      { kind: "SHELL", name: "Deploy", idempotent: false, config: { command: "deploy --version ${VERSION} --from ${PREVIOUS_VERSION}", env: [], timeoutSeconds: 600 } },
      { kind: "APPROVAL", name: "Check the dashboards", idempotent: true, config: { instructions: "", approverRoles: ["ENGINEERING_LEAD"], fourEyes: true } },
    ]);

    // Exported YAML re-imports to the same steps, and the form reads it back unchanged.
    expect(dataOf(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: pipelineToYaml(fromForm) }))).toMatchObject({ version: 2 });
    expect(await storedSteps(id, "DEPLOY")).toEqual(fromForm);
    expect(stepsFromDrafts(draftsFromSteps(fromForm))).toEqual(fromForm);
    const events = await prisma.auditEvent.findMany({ where: { projectId: id, type: "pipeline.saved" }, orderBy: { id: "asc" }, select: { payload: true, actorId: true } });
    expect(events).toEqual([
      { payload: { kind: "DEPLOY", version: 1, steps: 2 }, actorId: admin.id },
      { payload: { kind: "ROLLBACK", version: 1, steps: 2 }, actorId: admin.id },
      { payload: { kind: "DEPLOY", version: 2, steps: 2 }, actorId: admin.id },
    ]);
  });

  it("keeps env (a secret one too), argv and headers the same through the form's rows, YAML and the store", async () => {
    const { id } = await newProject();
    dataOf(await setProjectSecretAction({ projectId: id, name: "TOKEN", value: SECRET_VALUE }));
    // The form: a SHELL step switched to argv, with two environment variables (one secret); an HTTP step with headers.
    const shell = newStepDraft("SHELL");
    shell.name = "Deploy";
    shell.config.command = "deploy --version ${VERSION}";
    shell.config = withShellMode(shell.config, "argv");
    shell.config.argv = [...(shell.config.argv as string[]), "--from", "${PREVIOUS_VERSION}"];
    shell.config.env = [
      { name: "REGION", value: "eu-west-1" },
      { name: "API_KEY", value: "s3cr3t-env", secret: true },
    ];
    const http = newStepDraft("HTTP");
    http.name = "Announce";
    http.config = { ...http.config, method: "POST", url: "https://deploys.example.com/hook", headers: [] };
    http.config.headers = [
      { name: "Authorization", value: "Bearer ${secret:TOKEN}" },
      { name: "X-Release", value: "${VERSION}" },
    ];
    const drafts: StepDraft[] = [shell, http];
    expect(draftProblems(drafts, { saving: true })).toEqual([]);
    dataOf(await savePipelineAction({ projectId: id, kind: "DEPLOY", steps: stepsFromDrafts(drafts) }));
    const stored = await storedSteps(id, "DEPLOY");
    expect(stored).toEqual([
      {
        kind: "SHELL",
        name: "Deploy",
        idempotent: false,
        config: {
          argv: ["deploy", "--version", "${VERSION}", "--from", "${PREVIOUS_VERSION}"],
          env: [
            { name: "REGION", value: "eu-west-1", secret: false },
            { name: "API_KEY", value: "s3cr3t-env", secret: true },
          ],
          timeoutSeconds: 600,
        },
      },
      {
        kind: "HTTP",
        name: "Announce",
        idempotent: true,
        config: {
          method: "POST",
          url: "https://deploys.example.com/hook",
          headers: { Authorization: "Bearer ${secret:TOKEN}", "X-Release": "${VERSION}" },
          expectStatus: 200,
          logResponseBody: false,
          retries: 0,
          backoffSeconds: 2,
          timeoutSeconds: 10,
        },
      },
    ]);

    // The same pipeline as YAML stores the same steps.
    dataOf(await savePipelineYamlAction({ projectId: id, kind: "ROLLBACK", yaml: pipelineToYaml(stored) }));
    expect(await storedSteps(id, "ROLLBACK")).toEqual(stored);

    // Back in the form (as the page sends it: the secret masked), the rows are what was saved, and saving
    // them untouched stores the same steps again, the secret value kept.
    const reopened = draftsFromSteps(maskSecretEnvValues(stored));
    expect(envRowsOf(reopened[0]!.config)).toEqual([
      { name: "REGION", value: "eu-west-1" },
      { name: "API_KEY", value: SECRET_MASK, secret: true },
    ]);
    // (In the order PostgreSQL keeps a JSON object's keys: shorter names first.)
    expect(headerRowsOf(reopened[1]!.config)).toEqual([
      { name: "X-Release", value: "${VERSION}" },
      { name: "Authorization", value: "Bearer ${secret:TOKEN}" },
    ]);
    expect(stepsFromDrafts(reopened)).toEqual(maskSecretEnvValues(stored));
    dataOf(await savePipelineAction({ projectId: id, kind: "DEPLOY", steps: stepsFromDrafts(reopened) }));
    expect(await storedSteps(id, "DEPLOY")).toEqual(stored);

    // A header renamed and a secret's field emptied (keeps its value) in the form.
    reopened[1]!.config.headers = replaceRow(headerRowsOf(reopened[1]!.config), 0, { name: "X-Version", value: "${VERSION}" });
    reopened[0]!.config.env = replaceRow(envRowsOf(reopened[0]!.config), 1, { name: "API_KEY", value: secretValueSent(""), secret: true });
    dataOf(await savePipelineAction({ projectId: id, kind: "DEPLOY", steps: stepsFromDrafts(reopened) }));
    const renamed = (await storedSteps(id, "DEPLOY")) as typeof stored & { config: Record<string, unknown> }[];
    expect(renamed[1]!.config.headers).toEqual({ Authorization: "Bearer ${secret:TOKEN}", "X-Version": "${VERSION}" });
    expect(renamed[0]!.config).toEqual((stored as { config: unknown }[])[0]!.config);
  });

  it("refuses rows that cannot be saved, on their row, and saves nothing", async () => {
    const { id } = await newProject();
    const shell = newStepDraft("SHELL");
    shell.name = "Deploy";
    shell.config.command = "deploy";
    shell.config.env = [
      { name: "REGION", value: "eu" },
      { name: "region", value: "eu" },
      { name: "REGION", value: "us" },
    ];
    const http = newStepDraft("HTTP");
    http.name = "Hook";
    http.config.url = "https://example.com";
    // Header names are case-insensitive: Accept and accept are one header.
    http.config.headers = ["Accept", "accept", ""].map((name) => ({ name, value: "text/plain" }));
    // The form says so as it is typed (a row with no name yet only when saving)…
    expect(draftProblems([shell, http])).toEqual([
      "step 1 (Deploy) › config.env.1.name: Environment variable names are UPPER_CASE letters, digits and _",
      "step 1 (Deploy) › config.env.2.name: REGION is set twice",
      "step 2 (Hook) › config.headers.1.name: The header accept is set twice",
    ]);
    expect(draftProblems([shell, http], { saving: true })).toContain("step 2 (Hook) › config.headers.2.name: A header name is letters, digits and - (no spaces or colons)");
    // …and the server, whatever sends the steps, with the same words.
    const before = await counts(id);
    const sent = stepsFromDrafts([shell]);
    expect(await savePipelineAction({ projectId: id, kind: "DEPLOY", steps: sent })).toEqual({
      ok: false,
      code: "invalid",
      message: "The pipeline has problems; nothing was saved.",
      fieldErrors: {
        steps: [
          "step 1 (Deploy) › config.env.1.name: Environment variable names are UPPER_CASE letters, digits and _",
          "step 1 (Deploy) › config.env.2.name: REGION is set twice",
        ],
      },
    });
    expect(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: "- kind: HTTP\n  name: Hook\n  config:\n    url: https://example.com\n    headers: { 'Bad Name': x }\n" })).toMatchObject({
      ok: false,
      fieldErrors: { yaml: [expect.stringContaining("A header name is letters, digits and - (no spaces or colons)")] },
    });
    expect(await counts(id)).toEqual(before);
  });

  it("saves nothing from invalid YAML and names the line and column of each problem", async () => {
    const { id } = await newProject();
    const before = await counts(id);
    expect(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: "- kind: SHELL\n  name: Build\n  config: { command: make\n" })).toMatchObject({
      ok: false,
      code: "invalid",
      message: "The YAML has problems; nothing was saved.",
      fieldErrors: { yaml: [expect.stringMatching(/^line \d+, column \d+: /)] },
    });
    expect(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: "- kind: SHELL\n  name: Build\n  config:\n    command: make\n- kind: SSH\n  name: Log in\n" })).toEqual({
      ok: false,
      code: "invalid",
      message: "The YAML has problems; nothing was saved.",
      fieldErrors: { yaml: ["line 5, column 9: step 2 (Log in) › kind: Each step's kind is one of SHELL, HTTP, WAIT, APPROVAL, FLAG, NOTIFY, PROBE"] },
    });
    expect(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: "x".repeat(200_001) })).toEqual({
      ok: false,
      code: "invalid",
      message: "Check the highlighted fields.",
      fieldErrors: { yaml: ["The YAML has more than 200,000 characters"] },
    });
    expect(await counts(id)).toEqual(before);
  });

  it("refuses an unknown variable, naming it, and lets only admins save", async () => {
    const { id } = await newProject();
    const before = await counts(id);
    const yaml = "- kind: SHELL\n  name: Push\n  config:\n    command: docker push ${IMAGE}:${VERSION}\n";
    expect(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml })).toEqual({
      ok: false,
      code: "invalid",
      message: "The YAML has problems; nothing was saved.",
      fieldErrors: { yaml: ["step 1 (Push): Unknown variable ${IMAGE}: add it under the project's variables, or write $IMAGE for a shell variable"] },
    });
    expect(await counts(id)).toEqual(before);
    as(manager);
    expect(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: "- kind: WAIT\n  name: w\n  config: { seconds: 1 }\n" })).toMatchObject({ ok: false, code: "forbidden" });
    as(admin);
    dataOf(await setProjectVariableAction({ projectId: id, name: "IMAGE", value: "ghcr.io/acme/api" }));
    expect(dataOf(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml }))).toMatchObject({ version: 1 });
  });
});

describe("secret environment values", () => {
  it("never go back to the editor, and a step sent back with •••• keeps the stored value", async () => {
    const { id } = await newProject();
    const yaml = (value: string, name = "TOKEN") => `- kind: SHELL\n  name: Publish\n  config:\n    command: publish\n    env: [{ name: ${name}, value: '${value}', secret: true }]\n`;
    dataOf(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: yaml("s3cr3t-value") }));
    const stored = await storedSteps(id, "DEPLOY");
    const shown = pipelineToYaml(maskSecretEnvValues(stored));
    expect(shown).not.toContain("s3cr3t-value");
    expect(shown).toContain(`value: ${SECRET_MASK}`);
    // Saved back unchanged from the editor: the value is kept.
    expect(dataOf(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: shown }))).toMatchObject({ version: 2 });
    expect(await storedSteps(id, "DEPLOY")).toEqual(stored);
    expect(dataOf(await savePipelineAction({ projectId: id, kind: "DEPLOY", steps: stepsFromDrafts(draftsFromSteps(maskSecretEnvValues(stored))) }))).toMatchObject({ version: 3 });
    expect(await storedSteps(id, "DEPLOY")).toEqual(stored);
    // The diff between versions never shows it either.
    expect(JSON.stringify(await getPipelineDiff(id, "DEPLOY", 1, 3))).not.toContain("s3cr3t-value");
    // A masked value with nothing stored behind it is refused, naming it.
    const before = await counts(id);
    expect(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: yaml(SECRET_MASK, "OTHER") })).toEqual({
      ok: false,
      code: "invalid",
      message: "The YAML has problems; nothing was saved.",
      fieldErrors: { yaml: ["step 1 (Publish) › config.env: The secret value of OTHER is not known: enter it again"] },
    });
    expect(await counts(id)).toEqual(before);
  });
});

describe("history and dry run", () => {
  it("compares two versions line by line", async () => {
    const { id } = await newProject();
    dataOf(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: "- kind: WAIT\n  name: Soak\n  config: { seconds: 60 }\n" }));
    dataOf(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml: "- kind: WAIT\n  name: Soak\n  config: { seconds: 300 }\n" }));
    expect((await listPipelineVersions(id)).DEPLOY.map((v) => [v.version, v.steps, v.createdBy])).toEqual([
      [2, 1, admin.name],
      [1, 1, admin.name],
    ]);
    const diff = await getPipelineDiff(id, "DEPLOY", 1, 2);
    expect(diff).toMatchObject({ added: 1, removed: 1 });
    expect(diff!.lines.filter((l) => l.change !== "same")).toEqual([
      { change: "removed", text: "    seconds: 60" },
      { change: "added", text: "    seconds: 300" },
    ]);
    expect(await getPipelineDiff(id, "DEPLOY", 1, 7)).toBeNull();
  });

  it("fills in a release's version, the previous version and project variables, and masks secrets", async () => {
    const { id, slug } = await newProject();
    dataOf(await setProjectVariableAction({ projectId: id, name: "IMAGE", value: "ghcr.io/acme/api" }));
    dataOf(await setProjectSecretAction({ projectId: id, name: "SLACK_HOOK", value: SECRET_VALUE }));
    const yaml = [
      "- kind: SHELL",
      "  name: Deploy",
      "  config:",
      "    command: docker run ${IMAGE}:${VERSION} --rollback-to ${PREVIOUS_VERSION}",
      "    env:",
      "      - { name: HOOK, value: '${secret:SLACK_HOOK}', secret: true }",
      "- kind: NOTIFY",
      "  name: Tell the team",
      "  config:",
      "    url: ${secret:SLACK_HOOK}",
      "    message: ${PROJECT} ${VERSION} is out",
      "",
    ].join("\n");
    dataOf(await savePipelineYamlAction({ projectId: id, kind: "DEPLOY", yaml }));
    const first = await createFixtureRelease(prisma, f, { projectId: id, version: "1.0.0", status: "RELEASED" });
    const second = await createFixtureRelease(prisma, f, { projectId: id, version: "1.1.0" });
    const eventsBefore = await prisma.auditEvent.count();

    const run = await getPipelineDryRun(id, "DEPLOY", second);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run).toMatchObject({ pipelineVersion: 1, release: { version: "1.1.0" } });
    expect(run.steps.map((s) => [s.name, s.fields, s.problems])).toEqual([
      [
        "Deploy",
        [
          { path: "command", value: "docker run ghcr.io/acme/api:1.1.0 --rollback-to 1.0.0" },
          { path: "timeoutSeconds", value: "600" },
          { path: "env.HOOK", value: MASK },
        ],
        [],
      ],
      [
        "Tell the team",
        [
          { path: "url", value: MASK },
          { path: "message", value: `${slug} 1.1.0 is out` },
        ],
        [],
      ],
    ]);
    expect(JSON.stringify(run)).not.toContain(SECRET_VALUE);

    // The project's first release has no previous version: named as the problem a real run would stop at.
    const firstRun = await getPipelineDryRun(id, "DEPLOY", first);
    expect(firstRun.ok && firstRun.steps[0]!.problems).toEqual(["${PREVIOUS_VERSION} has no value here: no earlier version of this project was released, and no “Version running now” is set for it"]);
    // Another project's release, a pipeline that does not exist: refused, and nothing was written.
    expect(await getPipelineDryRun(id, "DEPLOY", f.preparingId)).toEqual({ ok: false, message: "That release is not a release of this project." });
    expect(await getPipelineDryRun(id, "ROLLBACK", second)).toEqual({ ok: false, message: "This project has no rollback pipeline yet." });
    expect(await prisma.auditEvent.count()).toBe(eventsBefore);
  });
});
