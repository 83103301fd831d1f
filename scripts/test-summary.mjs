// Prints "N passed, N failed" over the Vitest and Playwright JSON reports (CI reads only this line).
// A failing `npm test` with no failed test (type errors, lint, a crashed runner) counts as one failure.
import { readFileSync } from "node:fs";

const exitCode = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

const vitest = readJson("reports/vitest.json");
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
}

const playwright = readJson("reports/playwright.json");
if (playwright?.stats) {
  passed += playwright.stats.expected ?? 0;
  passed += playwright.stats.flaky ?? 0;
  failed += playwright.stats.unexpected ?? 0;
}

if (exitCode !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
