// The step editor's rows for env, argv and headers, as pure functions: what switching how a SHELL step runs
// keeps, how a secret value stays write-only, and what the form refuses before anything is sent.
import { describe, expect, it } from "vitest";
import { SECRET_MASK } from "@/lib/deploys/secret-env";
import { draftProblems, draftsFromSteps, newStepDraft, secretValueSent, secretValueShown, stepsFromDrafts, withShellMode } from "@/lib/deploys/step-drafts";

describe("a SHELL step switched between a command line and argv", () => {
  it("turns the command's words into arguments and back, keeping its other settings", () => {
    const config = { command: "deploy  --version ${VERSION}", env: [{ name: "A", value: "1" }], timeoutSeconds: 60 };
    const argv = withShellMode(config, "argv");
    expect(argv).toEqual({ argv: ["deploy", "--version", "${VERSION}"], env: [{ name: "A", value: "1" }], timeoutSeconds: 60 });
    expect(withShellMode(argv, "command")).toEqual({ command: "deploy --version ${VERSION}", env: [{ name: "A", value: "1" }], timeoutSeconds: 60 });
    expect(withShellMode(argv, "argv")).toBe(argv);
    expect(withShellMode({ command: "" }, "argv")).toEqual({ argv: [""] });
  });
});

describe("a secret environment value in the form", () => {
  it("shows empty for a saved one, and an emptied field sends the mask (the saved value is kept)", () => {
    expect(secretValueShown(SECRET_MASK)).toBe("");
    expect(secretValueShown("typed")).toBe("typed");
    expect(secretValueSent("")).toBe(SECRET_MASK);
    expect(secretValueSent("new")).toBe("new");
  });
});

describe("the form's own checks", () => {
  it("ask for the program of an argv step and the value of a new secret only when saving", () => {
    const step = newStepDraft("SHELL");
    step.config = { argv: [" "], env: [{ name: "TOKEN", value: "", secret: true }] };
    expect(draftProblems([step])).toEqual([]);
    expect(draftProblems([step], { saving: true })).toEqual([
      "step 1 (Run a command) › config.env.0.value: Enter the secret value",
      "step 1 (Run a command) › config.argv.0: argv needs at least the program",
    ]);
  });

  it("leave steps without rows, and kinds it does not know, as they are", () => {
    const steps = [
      { kind: "HTTP", name: "Ping", idempotent: true, config: { url: "https://x.example", headers: { Accept: "text/plain" }, extra: { kept: true } } },
      { kind: "SSH", name: "Odd", idempotent: true, config: { headers: { a: "b" } } },
    ];
    expect(stepsFromDrafts(draftsFromSteps(steps))).toEqual(steps);
    expect(draftProblems(draftsFromSteps(steps), { saving: true })).toEqual([]);
  });
});
