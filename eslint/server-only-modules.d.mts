import type { Rule } from "eslint";

export declare const serverOnlyPlugin: { rules: { "no-server-only-in-client": Rule.RuleModule } };
