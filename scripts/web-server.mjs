// The web process: Next.js behind a few lines of Node's http server, started by scripts/start.ts instead of
// `next start`. Next only fills X-Forwarded-For when the client sent none, so a client could otherwise
// choose the address it is rate-limited and audited under. Here the socket's peer address is appended to
// whatever the request carries, so the list's last entry is always the real peer; lib/http/client-ip.ts
// believes earlier entries only for the proxies named in PREFLIGHT_TRUSTED_PROXIES.
// Plain JavaScript, so the web process runs without a TypeScript loader.
import http from "node:http";
import next from "next";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";
const dir = process.env.PREFLIGHT_WEB_DIR ?? process.cwd();

const app = next({ dev: false, dir, hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((request, response) => {
  const peer = request.socket.remoteAddress ?? "unknown";
  const forwarded = request.headers["x-forwarded-for"];
  const chain = Array.isArray(forwarded) ? forwarded.join(", ") : forwarded;
  request.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
  void handle(request, response);
});
server.listen(port, hostname, () => console.log(`[web] listening on http://${hostname}:${port}`));

function shutdown() {
  server.close(() => process.exit(0));
  // Open event streams keep connections alive; do not wait for them.
  setTimeout(() => process.exit(0), 2_000).unref();
  server.closeAllConnections?.();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
