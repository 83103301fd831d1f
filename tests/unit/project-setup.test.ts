// The set-up steps a project page and the first-run page show, done or not, from the facts they read.
import { describe, expect, it } from "vitest";
import { countDone, setupSteps } from "@/lib/projects/setup";

describe("a project's set-up", () => {
  it("before any project: nothing is done", () => {
    const steps = setupSteps(null);
    expect(steps.map((s) => [s.id, s.done])).toEqual([
      ["project", false],
      ["template", false],
      ["pipelines", false],
      ["flags", false],
      ["users", false],
    ]);
  });

  it("a new project with nothing else: only the project step is done, and each other step says what is missing", () => {
    const steps = setupSteps({ template: null, pipelines: { deploy: null, rollback: null }, flags: 0, users: 1 });
    expect(countDone(steps)).toBe(1);
    expect(steps.map((s) => s.summary)).toEqual([
      "Created",
      "No template chosen",
      "No deploy or rollback pipeline yet",
      "No flags yet (a project may have none)",
      "Only one person can sign in so far",
    ]);
  });

  it("pipelines are done only once both exist", () => {
    const half = setupSteps({ template: null, pipelines: { deploy: 2, rollback: null }, flags: 0, users: 1 });
    expect(half.find((s) => s.id === "pipelines")).toMatchObject({ done: false, summary: "No rollback pipeline yet" });
  });

  it("everything set up: five of five, each with where it stands", () => {
    const steps = setupSteps({ template: { name: "Web release" }, pipelines: { deploy: 3, rollback: 1 }, flags: 1, users: 4 });
    expect(countDone(steps)).toBe(5);
    expect(steps.map((s) => s.summary)).toEqual(["Created", "Releases start from “Web release”", "Deploy version 3, rollback version 1", "1 flag", "4 people can sign in"]);
  });
});
