import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InlineMarkdown } from "@/components/markdown/inline-markdown";
import { inlineMarkdownToText, safeHttpUrl, tokenizeInlineMarkdown } from "@/lib/markdown/inline";
import { formatMonitoringWindow } from "@/lib/templates/labels";

describe("tokenizeInlineMarkdown", () => {
  it("splits code spans from text", () => {
    expect(tokenizeInlineMarkdown("Tests passing: `pytest tests/` now")).toEqual([
      { type: "text", text: "Tests passing: " },
      { type: "code", code: "pytest tests/" },
      { type: "text", text: " now" },
    ]);
  });

  it("matches backtick runs of the same length and strips one padding space", () => {
    expect(tokenizeInlineMarkdown("Run `` a `b` c ``")).toEqual([
      { type: "text", text: "Run " },
      { type: "code", code: "a `b` c" },
    ]);
  });

  it("keeps an unmatched backtick as text", () => {
    expect(tokenizeInlineMarkdown("It`s fine")).toEqual([{ type: "text", text: "It`s fine" }]);
  });

  it("reads links, with code inside the text and an optional title", () => {
    expect(tokenizeInlineMarkdown('See [the `ROLLBACK` doc](https://example.com/r "Rollback") first')).toEqual([
      { type: "text", text: "See " },
      {
        type: "link",
        href: "https://example.com/r",
        children: [
          { type: "text", text: "the " },
          { type: "code", code: "ROLLBACK" },
          { type: "text", text: " doc" },
        ],
      },
      { type: "text", text: " first" },
    ]);
  });

  it("does not treat brackets inside code or without a destination as links", () => {
    expect(tokenizeInlineMarkdown("`[x](y)` and [z] (w)")).toEqual([
      { type: "code", code: "[x](y)" },
      { type: "text", text: " and [z] (w)" },
    ]);
  });

  it("honours backslash escapes outside code", () => {
    expect(tokenizeInlineMarkdown("\\`not code\\` \\[x](y)")).toEqual([{ type: "text", text: "`not code` [x](y)" }]);
  });

  it("reads destinations with balanced parentheses", () => {
    expect(tokenizeInlineMarkdown("[wiki](https://en.wikipedia.org/wiki/Go_(language)) and [x](javascript:alert(1))")).toEqual([
      { type: "link", href: "https://en.wikipedia.org/wiki/Go_(language)", children: [{ type: "text", text: "wiki" }] },
      { type: "text", text: " and " },
      { type: "link", href: "javascript:alert(1)", children: [{ type: "text", text: "x" }] },
    ]);
  });

  it("leaves HTML as text", () => {
    expect(tokenizeInlineMarkdown("<script>alert(1)</script>")).toEqual([{ type: "text", text: "<script>alert(1)</script>" }]);
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
