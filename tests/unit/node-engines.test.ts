// The Node.js versions the README promises are the ones package.json declares, every runtime dependency
// accepts them, and the Node this runs on (CI's) is one of them: `npm ci` then warns EBADENGINE for
// development tools only.
import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean; optional?: boolean; os?: string[]; cpu?: string[]; engines?: { node?: string } | string[] }>;
};
const readme = readFileSync(path.join(root, "README.md"), "utf8");

const promised = manifest.engines.node;
/** The lowest version of each release line the range allows: ">=20.19 <21 || >=22.12" → 20.19.0, 22.12.0. */
const lineMinimums = promised.split("||").map((part) => semver.minVersion(part.trim())!.version);

/** Packages a production install runs with: not dev tools, and (for optional ones) made for this machine. */
function runtimePackages() {
  return Object.entries(lock.packages).filter(([location, entry]) => {
    if (location === "" || entry.dev) return false;
    // devOptional: a dev dependency that a runtime package names as an optional peer (the Prisma CLI for
    // @prisma/client). The app never loads it; it only generates the client at install time.
    if (entry.devOptional) return false;
    const forOtherMachine = (entry.os && !entry.os.includes(process.platform)) || (entry.cpu && !entry.cpu.includes(process.arch));
    return !(entry.optional && forOtherMachine);
  });
}

describe("Node.js versions", () => {
  it("the README promises what package.json declares", () => {
    expect(lineMinimums.length).toBeGreaterThan(0);
    const lowest = semver.minVersion(promised)!;
    expect(readme).toContain(`Node.js ${lowest.major}.${lowest.minor}`);
  });

  it("the Node.js running the tests (CI's) is one of the promised versions", () => {
    expect(semver.satisfies(process.version, promised), `${process.version} is outside ${promised}`).toBe(true);
  });

  it("no runtime dependency declares an engine range that excludes a promised version", () => {
    const excluding: string[] = [];
    for (const [location, entry] of runtimePackages()) {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!range) continue;
      for (const version of lineMinimums) {
        if (!semver.satisfies(version, range)) excluding.push(`${location.replace(/^.*node_modules\//, "")}@${entry.version} wants node ${range}, excluding ${version}`);
      }
    }
    expect(excluding).toEqual([]);
  });
});
