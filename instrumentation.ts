// Runs once when the web server starts, before it answers. In the Node.js runtime (Next.js sets
// NEXT_RUNTIME; the env module is Node-only code) a malformed or missing variable stops it here, with the
// variable named (lib/env.ts), rather than on some later request. Then it installs what
// scripts/web-server.mjs takes from the app: the request listener, the logger and the metrics.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnInvalidEnv, getWebEnv } = await import("@/lib/env");
  exitOnInvalidEnv("web", getWebEnv);
  const { installWebServerHooks } = await import("@/lib/http/web-hooks");
  installWebServerHooks();
}
