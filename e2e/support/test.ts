// The `test` every spec uses: Playwright's, with Content-Security-Policy violations turned into failures.
// Each browser context (the default one and any a test opens itself) reports `securitypolicyviolation`
// events as they happen; a test that caused any fails at its end, with the violations listed.
import { test as base, expect, type Browser, type BrowserContext } from "@playwright/test";

type Report = (text: string) => void;

async function watchViolations(context: BrowserContext, report: Report): Promise<void> {
  await context.exposeBinding("__preflightCspViolation", (_source, text: string) => report(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const bridge = window as unknown as { __preflightCspViolation?: (text: string) => void };
      bridge.__preflightCspViolation?.(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile || location.href}:${event.lineNumber} ${event.sample}`);
    });
  });
}

export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    // (`run` is Playwright's fixture callback, named so React's hook rules do not mistake it for a hook.)
    async ({ context, browser }, run) => {
      const violations: string[] = [];
      const report: Report = (text) => void violations.push(text);
      await watchViolations(context, report);
      // Contexts a test opens itself (several users side by side) are watched too.
      const original = browser.newContext.bind(browser);
      const patched: Browser["newContext"] = async (options) => {
        const opened = await original(options);
        await watchViolations(opened, report);
        return opened;
      };
      browser.newContext = patched;
      try {
        await run();
      } finally {
        browser.newContext = original;
      }
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
