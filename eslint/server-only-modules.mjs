// A lint rule: client components ("use client" files) never import a server-only module. Which modules are
// server-only is read from the sources at every lint run, so new files count.
//
// A module is server-only when it imports "server-only", the database (lib/db, the Prisma client, pg, pg-boss),
// next/headers or a Node built-in, or imports (not only types from) another server-only module. "use server"
// files are not: a client component imports server actions by reference.
//
// Zod stays out of the browser the same way: it compiles its parsers with `new Function`, which the
// Content-Security-Policy refuses (the page breaks), and it weighs tens of KB. Forms use the limits from the
// zod-free modules beside the schemas (e.g. lib/releases/limits.ts); the server's schema judges what is saved.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const folders = ["app", "components", "lib"];
const markers = [/^server-only$/, /^@\/lib\/db$/, /^@\/lib\/generated\/prisma\/client$/, /^@prisma\//, /^pg(-boss)?$/, /^next\/headers$/, /^node:/];
const zodMarkers = [/^zod(\/|$)/];
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

/** Client component files and server-only module files, as absolute paths. */
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
  // The modules that import one of `patterns`, directly or through other such modules.
  const reaching = (patterns) => {
    const found = new Set();
    for (let grew = true; grew; ) {
      grew = false;
      for (const [file, { directive: kind, imports }] of modules) {
        if (kind || found.has(file)) continue;
        if (imports.some((specifier) => patterns.some((m) => m.test(specifier)) || found.has(resolve(specifier, file)))) {
          found.add(file);
          grew = true;
        }
      }
    }
    return found;
  };
  return {
    clientFiles: new Set([...modules].filter(([, m]) => m.directive === "client").map(([file]) => file)),
    serverOnly: reaching(markers),
    zod: reaching(zodMarkers),
  };
}

let scanned;

const noServerOnlyInClient = {
  meta: {
    type: "problem",
    docs: { description: "Client components never import server-only modules or zod (types excepted)." },
    messages: {
      serverOnly: "{{specifier}} is server-only: a client component gets its data as props, from a query or through an action.",
      zod: "{{specifier}} brings zod into the browser, where the CSP blocks it: import the limits from a zod-free module instead.",
    },
    schema: [],
  },
  create(context) {
    scanned ??= scan();
    if (!scanned.clientFiles.has(context.filename)) return {};
    const check = (node) => {
      if (!node.source || typeof node.source.value !== "string" || node.importKind === "type" || node.exportKind === "type") return;
      if (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === "type" || s.exportKind === "type")) return;
      const specifier = node.source.value;
      const target = resolve(specifier, context.filename);
      if (markers.some((m) => m.test(specifier)) || scanned.serverOnly.has(target)) {
        context.report({ node: node.source, messageId: "serverOnly", data: { specifier } });
      } else if (zodMarkers.some((m) => m.test(specifier)) || scanned.zod.has(target)) {
        context.report({ node: node.source, messageId: "zod", data: { specifier } });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export const serverOnlyPlugin = { rules: { "no-server-only-in-client": noServerOnlyInClient } };
