// Variables in commands: what is filled in, what is refused at save time, and what a step does with a
// variable that has no value (fails naming it; never runs with an empty string).
import { describe, expect, it } from "vitest";
import { interpolate, UnknownVariableError } from "@/lib/deploys/pipeline-schema";
import { publicUrlOf } from "@/lib/env";
import {
  previousReleasedVersion,
  releaseVariables,
  substituteVariables,
  unknownVariableProblems,
  variableNamesIn,
} from "@/lib/projects/variables";

const facts = {
  version: "0.6.0",
  previousVersion: "0.5.0",
  projectSlug: "gateway",
  releaseId: "rel123",
  publicUrl: "https://preflight.example.com/",
  projectVariables: [{ name: "IMAGE", value: "ghcr.io/acme/gateway" }],
};

describe("a release's variables", () => {
  it("hold the release's values, Preflight's address without its trailing slash, and the project's own", () => {
    expect(releaseVariables(facts)).toEqual({
      IMAGE: "ghcr.io/acme/gateway",
      VERSION: "0.6.0",
      PREVIOUS_VERSION: "0.5.0",
      PROJECT: "gateway",
      RELEASE_URL: "https://preflight.example.com/releases/rel123",
      PREFLIGHT_URL: "https://preflight.example.com",
      RELEASE_ID: "rel123",
    });
  });

  it("leave PREVIOUS_VERSION out for a project's first release", () => {
    expect(releaseVariables({ ...facts, previousVersion: null })).not.toHaveProperty("PREVIOUS_VERSION");
  });

  it("take Preflight's address from NEXTAUTH_URL, else localhost on PORT", () => {
    expect(publicUrlOf({ NEXTAUTH_URL: "https://rel.example.com/", PORT: 3000 })).toBe("https://rel.example.com");
    expect(publicUrlOf({ NEXTAUTH_URL: undefined, PORT: 3460 })).toBe("http://localhost:3460");
  });
});

describe("the previous version (the rollback target)", () => {
  it.each([
    [["0.4.0", "0.5.0", "0.5.1"], "0.6.0", "0.5.1"],
    // A later hotfix on an older line is not the rollback target of 0.6.0, and 0.6.0 itself never is.
    [["0.5.0", "0.6.0", "0.7.0"], "0.6.0", "0.5.0"],
    [["1.0.0-rc.1"], "1.0.0", "1.0.0-rc.1"],
    [[], "1.0.0", null],
    [["not-semver", "0.1.0"], "0.2.0", "0.1.0"],
  ])("of %j for %s is %s", (released, version, expected) => {
    expect(previousReleasedVersion(released, version)).toBe(expected);
  });

  it.each([
    // The version running before Preflight stands in until something is released, and never above the release.
    [[], "1.0.0", "0.9.0", "0.9.0"],
    [["1.0.0"], "1.1.0", "0.9.0", "1.0.0"],
    [[], "0.8.0", "0.9.0", null],
    [[], "1.0.0", null, null],
  ])("of %j for %s with %s running before is %s", (released, version, baseline, expected) => {
    expect(previousReleasedVersion(released, version, baseline)).toBe(expected);
  });
});

describe("checklist item commands", () => {
  const variables = releaseVariables(facts);
  it("show the release's values", () => {
    expect(substituteVariables('git tag -a v${VERSION} -m "${PROJECT} ${VERSION}"', variables)).toBe('git tag -a v0.6.0 -m "gateway 0.6.0"');
    expect(substituteVariables("docker pull ${IMAGE}:${PREVIOUS_VERSION}", variables)).toBe("docker pull ghcr.io/acme/gateway:0.5.0");
  });

  it("keep secrets, unknown names and the shell's own variables as written", () => {
    expect(substituteVariables("curl -H 'Authorization: ${secret:TOKEN}' ${UNKNOWN} ${home} $VERSION", variables)).toBe(
      "curl -H 'Authorization: ${secret:TOKEN}' ${UNKNOWN} ${home} $VERSION",
    );
  });

  it("never fill a value in again (a value that looks like a reference stays as it is)", () => {
    expect(substituteVariables("${A}", { A: "${B}", B: "no" })).toBe("${B}");
  });
});

describe("steps", () => {
  const variables = releaseVariables(facts);
  it("fill in every variable they name", () => {
    expect(interpolate("deploy ${IMAGE}:${VERSION} (was ${PREVIOUS_VERSION}) ${RELEASE_URL}", variables)).toBe(
      "deploy ghcr.io/acme/gateway:0.6.0 (was 0.5.0) https://preflight.example.com/releases/rel123",
    );
  });

  it("fail naming a variable that has no value, instead of running with an empty string", () => {
    expect(() => interpolate("echo ${IMAGE_TAG}", variables)).toThrow(new UnknownVariableError("IMAGE_TAG"));
    expect(() => interpolate("echo ${IMAGE_TAG}", variables)).toThrow("Unknown variable ${IMAGE_TAG}: add it under the project's variables, or change the step");
    const first = releaseVariables({ ...facts, previousVersion: null });
    expect(() => interpolate("git checkout v${PREVIOUS_VERSION}", first)).toThrow("${PREVIOUS_VERSION} has no value here: no earlier version of this project was released");
  });

  it("leave lower-case ${names} to the shell", () => {
    expect(interpolate("for f in *; do echo ${f}; done", variables)).toBe("for f in *; do echo ${f}; done");
  });
});

describe("saving a pipeline", () => {
  const steps = [
    { kind: "SHELL", name: "Tag", config: { command: "git tag v${VERSION} && echo ${PREVIOUS_VERSION} ${IMAGE}", env: [{ name: "X", value: "${REGISTRY}" }] } },
    { kind: "HTTP", name: "Hook", config: { url: "${HOOK_BASE}/deploy", headers: { "X-Release": "${RELEASE_URL}", Authorization: "${secret:TOKEN}" } } },
    { kind: "FLAG", name: "Flag", config: { flagKey: "x", enabled: true, applyCommand: "echo ${FLAG_KEY}=${FLAG_ENABLED}" } },
    { kind: "SHELL", name: "Echo flag", config: { command: "echo ${FLAG_KEY}" } },
  ];

  it("names every variable the project does not have, by step, and nothing else", () => {
    expect(unknownVariableProblems(steps, new Set(["IMAGE"]))).toEqual([
      "step 1 (Tag): Unknown variable ${REGISTRY}: add it under the project's variables, or write $REGISTRY for a shell variable",
      "step 2 (Hook): Unknown variable ${HOOK_BASE}: add it under the project's variables, or write $HOOK_BASE for a shell variable",
      // FLAG_KEY is set only while a FLAG step applies its flag.
      "step 4 (Echo flag): Unknown variable ${FLAG_KEY}: add it under the project's variables, or write $FLAG_KEY for a shell variable",
    ]);
    expect(unknownVariableProblems(steps.slice(0, 3), new Set(["IMAGE", "REGISTRY", "HOOK_BASE"]))).toEqual([]);
  });

  it("finds references in nested configuration, once each, in order", () => {
    expect(variableNamesIn({ a: ["${B}", { c: "${A} ${B} ${secret:S} ${low}" }] })).toEqual(["B", "A"]);
  });
});
