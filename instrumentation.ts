// Runs once when the web server starts, before it answers: a malformed or missing variable stops it here,
// with the variable named (lib/env.ts), rather than on some later request.
export async function register() {
  // Next.js sets NEXT_RUNTIME; the env module is Node-only code.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitOnInvalidEnv, getWebEnv } = await import("@/lib/env");
    exitOnInvalidEnv("web", getWebEnv);
  }
}
