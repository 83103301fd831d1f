// Next.js runs register() once when the server starts. In the Node.js runtime it installs what
// scripts/web-server.mjs takes from the app: the request listener, the logger and the metrics.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installWebServerHooks } = await import("@/lib/http/web-hooks");
  installWebServerHooks();
}
