import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { serverOnlyPlugin } from "./eslint/server-only-modules.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "lib/generated/**", "test-results/**", "playwright-report/**", "reports/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Type-aware rules: a promise is awaited, returned, or explicitly let go with `void` (and a comment why).
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  // Layers: app → components → lib, never back.
  {
    files: ["app/**", "components/**", "lib/**"],
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: import.meta.dirname })] },
    rules: {
      "import-x/no-restricted-paths": [
        "error",
        {
          basePath: import.meta.dirname,
          zones: [
            { target: "./lib", from: ["./components", "./app"], message: "lib/ is below components/ and app/: move what it needs into lib/." },
            { target: "./components", from: "./app", message: "components/ is below app/: move what it needs into components/ or lib/." },
          ],
        },
      ],
    },
  },
  // The environment is read and validated in lib/env.ts only. lib/log.ts must work before that validation (to
  // report it), and a step's child process gets PATH, HOME and LANG passed through (lib/deploys/executors.ts).
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["lib/env.ts", "lib/log.ts", "lib/deploys/executors.ts", "lib/generated/**"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read the environment through lib/env.ts (getEnv, getWebEnv, getWorkerEnv), where it is validated." }],
    },
  },
  // Client components never import server-only modules (eslint/server-only-modules.mjs says which). Types are fine.
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    plugins: { preflight: serverOnlyPlugin },
    rules: { "preflight/no-server-only-in-client": "error" },
  },
];

export default config;
