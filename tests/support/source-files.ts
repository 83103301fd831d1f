// The project's own TypeScript sources, for tests that read them as a lint rule would.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..", "..");

/** Every .ts and .tsx file under `dir` (relative to the project root), skipping generated code and node_modules. */
export function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(path.join(root, relative)).isDirectory()) return sources(relative);
    return /\.(ts|tsx)$/.test(name) ? [relative] : [];
  });
}
