// Runs after `npm install`: generates the Prisma client and puts the schema engine's WebAssembly
// build where @prisma/migrate looks for it, so migrations work offline (see docs/OPERATIONS.md).
// The wasm comes from @prisma/schema-engine-wasm (the build @prisma/internals was made with, installed with
// the runtime dependencies); the Prisma CLI is a development tool, so an install without it (a production
// image that copied the generated client) skips `prisma generate`.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = path.dirname(new URL(import.meta.url).pathname).replace(/\/scripts$/, "");

const internalsBuild = path.join(path.dirname(require.resolve("@prisma/internals/package.json")), "build");
const wasmTarget = path.join(internalsBuild, "schema_engine_bg.wasm");
if (!existsSync(wasmTarget)) {
  // Resolved as @prisma/internals resolves it; the package exports no package.json, so via its entry file.
  const fromInternals = createRequire(path.join(internalsBuild, "index.js"));
  const wasmSource = path.join(path.dirname(fromInternals.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
  mkdirSync(internalsBuild, { recursive: true });
  copyFileSync(wasmSource, wasmTarget);
}

let prismaCli = null;
try {
  prismaCli = require.resolve("prisma/build/index.js");
} catch {
  console.log("postinstall: the Prisma CLI is not installed (no dev dependencies); using the generated client as it is.");
}
// prisma generate insists on a schema-engine binary path it never uses; any existing file will do.
if (prismaCli) execFileSync(process.execPath, [prismaCli, "generate"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
