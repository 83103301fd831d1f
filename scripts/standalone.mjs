// Completes .next/standalone after `next build` (npm run build): Next.js copies there the server and only the
// node_modules it needs, but not the static files, the public folder or Preflight's own web server. With
// these it runs anywhere with Node.js alone: `cd .next/standalone && node scripts/web-server.mjs` (what the
// container image does; DATABASE_URL, NEXTAUTH_SECRET… as for npm start).
import { cpSync, existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const standalone = path.join(root, ".next", "standalone");
if (!existsSync(path.join(standalone, ".next", "BUILD_ID"))) {
  console.error("No standalone build in .next/standalone: run `next build` first (next.config.ts has output: \"standalone\").");
  process.exit(1);
}
cpSync(path.join(root, ".next", "static"), path.join(standalone, ".next", "static"), { recursive: true });
if (existsSync(path.join(root, "public"))) cpSync(path.join(root, "public"), path.join(standalone, "public"), { recursive: true });
cpSync(path.join(root, "scripts", "web-server.mjs"), path.join(standalone, "scripts", "web-server.mjs"));
console.log("Standalone server ready in .next/standalone (node scripts/web-server.mjs).");
