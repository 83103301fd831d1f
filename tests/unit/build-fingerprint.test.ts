// npm start rebuilds the web app only when what the build reads changed, and never trusts a .next that
// another build (npm test's `next build`) replaced.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildInputs, buildInputsHash, isBuildCurrent, writeBuildStamp } from "@/lib/build/fingerprint";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): { root: string; write: (file: string, content: string) => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), "preflight-fingerprint-"));
  dirs.push(root);
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  };
  write("app/page.tsx", "export default function Page() { return null; }\n");
  write("lib/releases/rules.ts", "export const a = 1;\n");
  write("lib/releases/rules.test.ts", "it('a', () => {});\n");
  write("package.json", JSON.stringify({ name: "p", scripts: { start: "x" }, dependencies: { next: "16.4.6" } }));
  write("package-lock.json", "{}\n");
  write("tests/unit/a.test.ts", "\n");
  write("docs/README.md", "\n");
  return { root, write };
}

describe("the build fingerprint", () => {
  it("covers the sources the build reads, not tests or docs", () => {
    const { root } = project();
    expect(buildInputs(root)).toEqual(["app/page.tsx", "lib/releases/rules.ts", "package-lock.json", "package.json"]);
  });

  it("changes with a source, a dependency or the config, not with a test or an npm script", () => {
    const { root, write } = project();
    const first = buildInputsHash(root);
    write("lib/releases/rules.test.ts", "it('b', () => {});\n");
    write("tests/unit/a.test.ts", "changed\n");
    write("package.json", JSON.stringify({ name: "p", scripts: { start: "y", bench: "z" }, dependencies: { next: "16.4.6" } }));
    expect(buildInputsHash(root)).toBe(first);

    write("lib/releases/rules.ts", "export const a = 2;\n");
    const second = buildInputsHash(root);
    expect(second).not.toBe(first);
    write("package-lock.json", '{"lockfileVersion":3}\n');
    expect(buildInputsHash(root)).not.toBe(second);
    const third = buildInputsHash(root);
    write("next.config.ts", "export default {};\n");
    expect(buildInputsHash(root)).not.toBe(third);
  });

  it("trusts .next only for the build it stamped", () => {
    const { root, write } = project();
    const hash = buildInputsHash(root);
    expect(isBuildCurrent(root, hash)).toBe(false);
    write(".next/BUILD_ID", "build-1");
    expect(isBuildCurrent(root, hash)).toBe(false);
    writeBuildStamp(root, hash);
    expect(isBuildCurrent(root, hash)).toBe(true);
    expect(isBuildCurrent(root, "another hash")).toBe(false);
    // `next build` run some other way replaced the build: its id changed.
    write(".next/BUILD_ID", "build-2");
    expect(isBuildCurrent(root, hash)).toBe(false);
  });
});
