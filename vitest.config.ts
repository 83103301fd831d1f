import path from "node:path";
import { defineConfig } from "vitest/config";

// Vitest 5's reporter calls Map.groupBy (Node 21+) when printing failures; this project runs on Node 20.
if (typeof Map.groupBy !== "function") {
  Object.defineProperty(Map, "groupBy", {
    value<K, T>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let index = 0;
      for (const item of items) {
        const key = keyOf(item, index++);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
      }
      return groups;
    },
  });
}

const alias = {
  "@": path.resolve(import.meta.dirname),
  // Outside Next's react-server bundle, "server-only" would throw on import; tests are server code.
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
};

// The tests run the web server's code: it reads the session secret from the environment (lib/env.ts).
// Server logs at warn: each step's "step finished" line would bury a failing test's output.
const env = { NEXTAUTH_SECRET: "vitest-session-secret-0123456789abcdef", PREFLIGHT_LOG_LEVEL: process.env.PREFLIGHT_LOG_LEVEL ?? "warn" };

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "lib/**/*.test.ts"],
          environment: "node",
          env,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          env,
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
