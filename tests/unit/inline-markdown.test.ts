import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InlineMarkdown } from "@/components/markdown/inline-markdown";
import { inlineMarkdownToText, safeHttpUrl, tokenizeInlineMarkdown } from "@/lib/markdown/inline";
import { formatMonitoringWindow } from "@/lib/templates/labels";

const text = (value: string) => ({ type: "text", text: value });
const code = (value: string) => ({ type: "code", code: value });
const link = (href: string, ...children: object[]) => ({ type: "link", href, children });

describe("tokenizeInlineMarkdown", () => {
  it.each([
    ["splits code spans from text", "Tests passing: `pytest tests/` now", [text("Tests passing: "), code("pytest tests/"), text(" now")]],
    ["matches backtick runs of the same length and strips one padding space", "Run `` a `b` c ``", [text("Run "), code("a `b` c")]],
    ["keeps an unmatched backtick as text", "It`s fine", [text("It`s fine")]],
    [
      "reads links, with code inside the text and an optional title",
      'See [the `ROLLBACK` doc](https://example.com/r "Rollback") first',
      [text("See "), link("https://example.com/r", text("the "), code("ROLLBACK"), text(" doc")), text(" first")],
    ],
    ["does not treat brackets inside code or without a destination as links", "`[x](y)` and [z] (w)", [code("[x](y)"), text(" and [z] (w)")]],
    ["honours backslash escapes outside code", "\\`not code\\` \\[x](y)", [text("`not code` [x](y)")]],
    [
      "reads destinations with balanced parentheses",
      "[wiki](https://en.wikipedia.org/wiki/Go_(language)) and [x](javascript:alert(1))",
      [link("https://en.wikipedia.org/wiki/Go_(language)", text("wiki")), text(" and "), link("javascript:alert(1)", text("x"))],
    ],
    ["leaves HTML as text", "<script>alert(1)</script>", [text("<script>alert(1)</script>")]],
  ])("%s", (_, input, tokens) => {
    expect(tokenizeInlineMarkdown(input)).toEqual(tokens);
  });
});

describe("safeHttpUrl", () => {
  it("accepts only absolute http(s) URLs", () => {
    expect(safeHttpUrl("https://example.com/a?b=1")).toBe("https://example.com/a?b=1");
    expect(safeHttpUrl("HTTP://example.com")).toBe("http://example.com/");
    expect(safeHttpUrl("javascript:alert(1)")).toBeNull();
    expect(safeHttpUrl(" javascript:alert(1)")).toBeNull();
    expect(safeHttpUrl("data:text/html,hi")).toBeNull();
    expect(safeHttpUrl("ROLLBACK.md")).toBeNull();
    expect(safeHttpUrl("//evil.example")).toBeNull();
    expect(safeHttpUrl("https://")).toBeNull();
  });
});

describe("InlineMarkdown", () => {
  const render = (text: string) => renderToStaticMarkup(createElement(InlineMarkdown, { text }));

  it("renders code spans as <code> and http(s) links as links", () => {
    const html = render("Run `make <all>` per [the docs](https://example.com/docs)");
    expect(html).toContain("<code");
    expect(html).toContain("make &lt;all&gt;</code>");
    expect(html).toMatch(/<a href="https:\/\/example.com\/docs" rel="noopener noreferrer"[^>]*>the docs<\/a>/);
  });

  it("shows other links and HTML as text", () => {
    const html = render('[click](javascript:alert(1)) [doc](ROLLBACK.md) <img src=x onerror="alert(1)">');
    expect(html).not.toContain("<a");
    expect(html).not.toContain("<img");
    expect(html).toContain("click doc &lt;img");
  });
});

describe("inlineMarkdownToText", () => {
  it("drops the Markdown syntax", () => {
    expect(inlineMarkdownToText("See [ROLLBACK.md](ROLLBACK.md) and run `make`")).toBe("See ROLLBACK.md and run make");
  });
});

describe("formatMonitoringWindow", () => {
  it("uses the largest whole unit", () => {
    expect(formatMonitoringWindow(1)).toBe("1 hour");
    expect(formatMonitoringWindow(24)).toBe("24 hours");
    expect(formatMonitoringWindow(36)).toBe("36 hours");
    expect(formatMonitoringWindow(48)).toBe("2 days");
    expect(formatMonitoringWindow(168)).toBe("1 week");
    expect(formatMonitoringWindow(336)).toBe("2 weeks");
  });
});
