// What a user sees when a page fails: a plain sentence, a retry and the server log's reference, never the
// error's own text (it can carry SQL, hosts or paths).
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import RootError from "@/app/error";
import RunError from "@/app/releases/[id]/deploys/[runId]/error";
import ReleaseError from "@/app/releases/[id]/error";

type ErrorProps = { error: unknown; retry: () => void };

function render(Page: ComponentType<ErrorProps>, error: unknown) {
  return renderToStaticMarkup(createElement(Page, { error, retry: () => undefined }));
}

const internal = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432 at SELECT "Release".* FROM "Release"'), { digest: "2741186502" });

describe("error pages", () => {
  it.each([
    ["the root", RootError, "Something went wrong"],
    ["a release", ReleaseError, "This release could not be loaded"],
    ["a deploy run", RunError, "This deploy run could not be loaded"],
  ] as const)("%s says what failed, offers a retry and the reference, and hides the error's text", (_where, Page, title) => {
    const html = render(Page, internal);
    expect(html).toContain(title);
    expect(html).toMatch(/<button[^>]*>Try again<\/button>/);
    expect(html).toContain("2741186502");
    expect(html).not.toContain("ECONNREFUSED");
    expect(html).not.toContain("SELECT");
  });

  it("shows no reference when the error has none", () => {
    expect(render(ReleaseError, new Error("boom"))).not.toContain("Reference");
  });
});
