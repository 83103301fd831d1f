// `npm start` builds the web app only when what the build reads has changed: a content hash of those files
// is stored beside the build (.next/preflight-build.json) with the build's id. A build made some other way
// (`next build` in npm test) has another id, so it is never mistaken for the one the hash describes.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Folders and files `next build` reads, relative to the project root. */
const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "types",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "tsconfig.json",
  "postcss.config.mjs",
  "tailwind.config.ts",
  "package.json",
  "package-lock.json",
];
/** Read by tests only (Vitest includes lib/**\/*.test.ts): a changed test needs no new build. */
const NOT_INPUTS = /\.test\.tsx?$/;

const STAMP = path.join(".next", "preflight-build.json");

function collect(root: string, relative: string, into: string[]): void {
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) collect(root, child, into);
    else if (entry.isFile() && !NOT_INPUTS.test(entry.name)) into.push(child);
  }
}

/** The files a build reads, sorted, relative to `root`. */
export function buildInputs(root: string): string[] {
  const files: string[] = [];
  for (const input of INPUTS) {
    const full = path.join(root, input);
    if (!existsSync(full)) continue;
    if (statSync(full).isDirectory()) collect(root, input, files);
    else files.push(input);
  }
  return files.sort();
}

/** SHA-256 over the inputs' paths and contents, the Node.js version and the build's settings. */
export function buildInputsHash(root: string, settings: Record<string, string> = {}): string {
  const hash = createHash("sha256");
  hash.update(`node ${process.version}\n${JSON.stringify(settings)}\n`);
  for (const file of buildInputs(root)) {
    hash.update(`${file}\0`);
    hash.update(file === "package.json" ? withoutScripts(readFileSync(path.join(root, file), "utf8")) : readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** package.json as the build sees it: its scripts (npm run …) are not read by `next build`. */
function withoutScripts(text: string): string {
  const { scripts: _scripts, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(rest);
}

function buildId(root: string): string | null {
  try {
    return readFileSync(path.join(root, ".next", "BUILD_ID"), "utf8").trim();
  } catch {
    return null;
  }
}

/** Whether .next holds a build of exactly these inputs. */
export function isBuildCurrent(root: string, hash: string): boolean {
  const id = buildId(root);
  if (!id) return false;
  try {
    const stamp = JSON.parse(readFileSync(path.join(root, STAMP), "utf8")) as { hash?: string; buildId?: string };
    return stamp.hash === hash && stamp.buildId === id;
  } catch {
    return false;
  }
}

/** Records that .next now holds a build of the inputs with this hash. */
export function writeBuildStamp(root: string, hash: string): void {
  const id = buildId(root);
  if (!id) throw new Error("no .next/BUILD_ID after the build");
  writeFileSync(path.join(root, STAMP), `${JSON.stringify({ hash, buildId: id, builtAt: new Date().toISOString() }, null, 2)}\n`);
}
