import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { itReturnsEach } from "../support/tables";

describe("the page after sign-in", () => {
  itReturnsEach(safeCallbackPath, [
    [undefined, "/"],
    ["", "/"],
    ["/", "/"],
    ["/releases?status=READY&project=gateway", "/releases?status=READY&project=gateway"],
    // next-auth sends the full URL of the page that was asked for: its path and query are kept.
    ["http://localhost:3000/releases/abc?tab=deploys", "/releases/abc?tab=deploys"],
  ], "keeps a path on this site: %s → %s");

  it.each([
    "//attacker.example",
    "///attacker.example",
    "/\\attacker.example",
    "\\\\attacker.example",
    "/.//attacker.example",
    "https://evil.example//attacker.example",
    "https://evil.example/.//attacker.example",
    "http://localhost:3000//attacker.example/path",
    "javascript:alert(1)",
    "http://[invalid",
  ])("never leaves the site: %s", (input) => {
    const path = safeCallbackPath(input);
    expect(path.startsWith("/")).toBe(true);
    expect(path.startsWith("//")).toBe(false);
    expect(new URL(path, "https://preflight.example").origin).toBe("https://preflight.example");
  });
});
