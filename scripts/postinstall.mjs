// Runs after `npm install`: generates the Prisma client and puts the schema engine's WebAssembly
// build where @prisma/migrate looks for it, so migrations work offline (see docs/OPERATIONS.md).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = path.dirname(new URL(import.meta.url).pathname).replace(/\/scripts$/, "");

const internalsBuild = path.join(path.dirname(require.resolve("@prisma/internals/package.json")), "build");
const wasmTarget = path.join(internalsBuild, "schema_engine_bg.wasm");
if (!existsSync(wasmTarget)) {
  const wasmSource = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm");
  mkdirSync(internalsBuild, { recursive: true });
  copyFileSync(wasmSource, wasmTarget);
}

// prisma generate insists on a schema-engine binary path it never uses; any existing file will do.
execFileSync(process.execPath, [require.resolve("prisma/build/index.js"), "generate"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
