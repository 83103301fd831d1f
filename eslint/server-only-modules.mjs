// Which files are client components and which modules may only run on the server, for the lint rule that keeps
// the second out of the first (eslint.config.mjs). Read from the sources at every lint run, so new files count.
//
// A module is server-only when it imports "server-only", the database (lib/db, the Prisma client, pg, pg-boss),
// next/headers or a Node built-in, or imports (not only types from) another server-only module. "use server"
// files are not: a client component imports server actions by reference.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const folders = ["app", "components", "lib"];
const markers = [/^server-only$/, /^@\/lib\/db$/, /^@\/lib\/generated\/prisma\/client$/, /^@prisma\//, /^pg(-boss)?$/, /^next\/headers$/, /^node:/];
// import/export … from "x", and bare import "x"; a type-only statement is recorded as such.
const importPattern = /^\s*(?:import|export)\s+(type\s+)?(?:([^;]*?)\s+from\s+)?["']([^"']+)["']/gm;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function resolve(specifier, from) {
  const base = specifier.startsWith("@/") ? path.join(root, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (!base) return null;
  return ["", ".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => base + ext).find((file) => existsSync(file) && !file.endsWith(path.sep)) ?? null;
}

function directive(text) {
  const body = text.replace(/^(\s*\/\/[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*/, "").trimStart();
  return /^["']use (client|server)["']/.exec(body)?.[1] ?? null;
}

function scan() {
  const files = folders.flatMap((folder) => sourceFiles(path.join(root, folder)));
  const modules = new Map(
    files.map((file) => {
      const text = readFileSync(file, "utf8");
      const imports = [...text.matchAll(importPattern)]
        .filter(([, typeKeyword, clause]) => !typeKeyword && !/^\{\s*(type\s+\w+(\s+as\s+\w+)?\s*,?\s*)+\}$/.test(clause ?? ""))
        .map(([, , , specifier]) => specifier);
      return [file, { directive: directive(text), imports }];
    }),
  );
  const serverOnly = new Set();
  for (let grew = true; grew; ) {
    grew = false;
    for (const [file, { directive: kind, imports }] of modules) {
      if (kind || serverOnly.has(file)) continue;
      if (imports.some((specifier) => markers.some((m) => m.test(specifier)) || serverOnly.has(resolve(specifier, file)))) {
        serverOnly.add(file);
        grew = true;
      }
    }
  }
  return {
    clientFiles: [...modules].filter(([, m]) => m.directive === "client").map(([file]) => path.relative(root, file)),
    // As client code imports them: "@/lib/releases/queries".
    serverOnlySpecifiers: [...serverOnly].map((file) => `@/${path.relative(root, file).replace(/(\/index)?\.tsx?$/, "")}`).sort(),
  };
}

export const { clientFiles, serverOnlySpecifiers } = scan();
