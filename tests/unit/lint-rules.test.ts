// The lint rule that keeps server-only modules and zod out of client components, on real files of this repository.
import path from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { afterAll, describe, it } from "vitest";
import { serverOnlyPlugin } from "../../eslint/server-only-modules.mjs";

// RuleTester reports through the test runner's functions (Vitest's are not globals here).
Object.assign(RuleTester, { afterAll, describe, it });

const root = path.resolve(import.meta.dirname, "..", "..");
const clientFile = path.join(root, "components/app-shell/user-menu.tsx");
const serverFile = path.join(root, "app/releases/page.tsx");
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } });

tester.run("no-server-only-in-client", serverOnlyPlugin.rules["no-server-only-in-client"], {
  valid: [
    { filename: clientFile, code: `import type { CurrentUser } from "@/lib/auth/session";` },
    { filename: clientFile, code: `import { type CurrentUser } from "@/lib/auth/session";` },
    { filename: clientFile, code: `import { createUserAction } from "@/lib/users/actions";` },
    { filename: clientFile, code: `import { Button } from "@/components/ui/button";` },
    { filename: serverFile, code: `import { db } from "@/lib/db";` },
    { filename: clientFile, code: `import { RELEASE_LIMITS } from "@/lib/releases/limits";` },
    { filename: clientFile, code: `import type { ItemChange } from "@/lib/releases/schemas";` },
    { filename: serverFile, code: `import { z } from "zod";` },
  ],
  invalid: [
    { filename: clientFile, code: `import { db } from "@/lib/db";`, errors: [{ messageId: "serverOnly" }] },
    { filename: clientFile, code: `import { getCurrentUser } from "../../lib/auth/session";`, errors: [{ messageId: "serverOnly" }] },
    { filename: clientFile, code: `import { listReleases } from "@/lib/releases/queries";`, errors: [{ messageId: "serverOnly" }] },
    { filename: clientFile, code: `import "server-only";`, errors: [{ messageId: "serverOnly" }] },
    { filename: clientFile, code: `export { getWebEnv } from "@/lib/env";`, errors: [{ messageId: "serverOnly" }] },
    // Zod, directly or through a schema module: the CSP blocks its compiled parsers in the browser.
    { filename: clientFile, code: `import { z } from "zod";`, errors: [{ messageId: "zod" }] },
    { filename: clientFile, code: `import { createReleaseSchema } from "@/lib/releases/schemas";`, errors: [{ messageId: "zod" }] },
  ],
});
