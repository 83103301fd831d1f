import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { clientFiles, serverOnlySpecifiers } from "./eslint/server-only-modules.mjs";

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
  // Client components never import server-only modules (eslint/server-only-modules.mjs says which). Types are fine.
  {
    files: clientFiles,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: serverOnlySpecifiers.map((name) => ({ name, allowTypeImports: true, message: "A server-only module: client components get its data as props or through an action." })),
          patterns: [
            {
              group: ["server-only", "pg", "pg-boss", "@prisma/*", "node:*", "next/headers", "@/lib/generated/prisma/client"],
              allowTypeImports: true,
              message: "Server-only: not in a client component.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
