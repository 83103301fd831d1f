// The web process: Next.js behind a few lines of Node's http server, started by scripts/start.ts (and by the
// container image, from the standalone build) instead of `next start`. Next only fills X-Forwarded-For when
// the client sent none, so a client could otherwise choose the address it is rate-limited and audited
// under. The request listener comes from the app itself (lib/http/serve.ts, installed by instrumentation.ts
// when Next prepares the app): it appends the socket's peer address to X-Forwarded-For, gives each request
// an id, logs and times it. It also starts the /metrics listener when PREFLIGHT_METRICS_PORT is set.
// Plain JavaScript, so the web process runs without a TypeScript loader, from a checkout or a standalone build.
import { readFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import next from "next";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";
const dir = process.env.PREFLIGHT_WEB_DIR ?? process.cwd();

// The configuration the build recorded, as Next's own standalone server passes it: a standalone build
// has no next.config.ts, and in a checkout this saves compiling it again at every start.
const { config: conf } = JSON.parse(readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8"));
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(conf);

const app = next({ dev: false, dir, hostname, port, conf });
// Next prints "✓ Running next.config took …" while preparing, even for a recorded configuration; its
// warnings and errors (console.warn/error) still show.
const print = console.log;
console.log = () => {};
try {
  await app.prepare();
} finally {
  console.log = print;
}
// In production Next.js registers instrumentation.ts on the first request; the hooks are needed before it.
// Next's own once-only registration, so the app's register() still runs exactly once.
const require = createRequire(import.meta.url);
const { ensureInstrumentationRegistered } = require("next/dist/server/lib/router-utils/instrumentation-globals.external.js");
await ensureInstrumentationRegistered(dir, conf.distDir ?? ".next");

const hooks = globalThis[Symbol.for("preflight.webServerHooks")];
if (!hooks) {
  // Not a log line: without the app's hooks there is no logger either.
  process.stderr.write("[web] The build has no Preflight instrumentation hook (instrumentation.ts): rebuild with `npm run build`.\n");
  process.exit(1);
}
const { log } = hooks;

// npm start starts this process while it still migrates the database: it listens once told to.
if (process.env.PREFLIGHT_START_GATE === "ipc" && process.send) {
  await new Promise((resolve) => process.once("message", resolve));
  process.disconnect?.();
}

const server = http.createServer(hooks.createRequestListener(app.getRequestHandler(), { dir }));
server.listen(port, hostname, () => log.info({ url: `http://${hostname}:${port}` }, "web server listening"));

try {
  const listening = await hooks.startMetrics();
  if (listening) log.info({ url: `http://${listening.host}:${listening.port}/metrics` }, "metrics listening");
} catch (error) {
  log.fatal({ err: error }, "metrics listener could not start");
  process.exit(2);
}

function shutdown() {
  server.close(() => process.exit(0));
  // Open event streams keep connections alive; do not wait for them.
  setTimeout(() => process.exit(0), 2_000).unref();
  server.closeAllConnections?.();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
