// Imported first by the benchmarks that call server actions outside Next: the action modules import
// "server-only", which throws outside Next's server bundle, and the session module, which needs next-auth
// inside Next. Both resolve to stand-ins from here on; the scripts pass their user to executeAction and never
// read a session. (The scripts import server modules dynamically, after this has run.)
import { register } from "node:module";

const sessionStandIn = "export async function getCurrentUser() { return null; } export async function requireUser() { throw new Error('no session outside Next'); }";
register(
  `data:text/javascript,${encodeURIComponent(`
    const stubs = { "server-only": "data:text/javascript,", "@/lib/auth/session": ${JSON.stringify(`data:text/javascript,${encodeURIComponent(sessionStandIn)}`)} };
    export async function resolve(specifier, context, next) {
      return specifier in stubs ? { url: stubs[specifier], shortCircuit: true } : next(specifier, context);
    }`)}`,
);
