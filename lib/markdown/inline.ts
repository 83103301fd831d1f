// The small inline subset of Markdown that checklist text uses: `code` spans and [text](url) links, as
// tokens (rendered by components/markdown/inline-markdown.tsx) or as the plain text a reader sees (labels,
// titles, timeline sentences). Anything else (emphasis, raw HTML, autolinks) stays the literal text written.
// Pure, so lib modules and client components alike use it.
export type InlineToken =
  | { type: "text"; text: string }
  | { type: "code"; code: string }
  | { type: "link"; href: string; children: InlineToken[] };

const ESCAPABLE = /[!-/:-@[-`{-~]/;

/** The run of `char` starting at `start`, e.g. 3 for "```x". */
function runLength(text: string, start: number, char: string): number {
  let end = start;
  while (text[end] === char) end += 1;
  return end - start;
}

/** Where the backtick run closing an opening run of `length` starts, or -1 (CommonMark: same length). */
function findClosingBackticks(text: string, from: number, length: number): number {
  let i = from;
  while (i < text.length) {
    if (text[i] !== "`") {
      i += 1;
      continue;
    }
    const run = runLength(text, i, "`");
    if (run === length) return i;
    i += run;
  }
  return -1;
}

function codeSpanContent(raw: string): string {
  const content = raw.replace(/\r?\n/g, " ");
  if (content.length >= 2 && content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "") {
    return content.slice(1, -1);
  }
  return content;
}

/** Index just past the `]` closing the link text that starts at `open`, or -1. Skips code spans. */
function findLinkTextEnd(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const char = text[i];
    if (char === "\\" && i + 1 < text.length) {
      i += 2;
      continue;
    }
    if (char === "`") {
      const run = runLength(text, i, "`");
      const close = findClosingBackticks(text, i + run, run);
      i = close === -1 ? i + run : close + run;
      continue;
    }
    if (char === "[") depth += 1;
    if (char === "]") {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  return -1;
}

// `(url)`, `(<url>)` or `(url "title")`; a bare URL may hold one level of balanced parentheses.
const DESTINATION = /^\(\s*(?:<([^<>\n]*)>|((?:[^\s()<>]|\([^\s()<>]*\))*))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/;

/** Parses a link destination at `start`; the title is dropped. */
function parseDestination(text: string, start: number): { href: string; end: number } | null {
  const match = DESTINATION.exec(text.slice(start));
  if (!match) return null;
  return { href: match[1] ?? match[2] ?? "", end: start + match[0].length };
}

/** Splits inline Markdown into text, code and link tokens. Links do not nest. */
export function tokenizeInlineMarkdown(text: string, allowLinks = true): InlineToken[] {
  const tokens: InlineToken[] = [];
  let buffer = "";
  const flush = () => {
    if (buffer !== "") tokens.push({ type: "text", text: buffer });
    buffer = "";
  };

  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    const next = text[i + 1];
    if (char === "\\" && next !== undefined && ESCAPABLE.test(next)) {
      buffer += next;
      i += 2;
      continue;
    }
    if (char === "`") {
      const run = runLength(text, i, "`");
      const close = findClosingBackticks(text, i + run, run);
      if (close === -1) {
        // An unmatched run is literal text.
        buffer += text.slice(i, i + run);
        i += run;
        continue;
      }
      flush();
      tokens.push({ type: "code", code: codeSpanContent(text.slice(i + run, close)) });
      i = close + run;
      continue;
    }
    if (char === "[" && allowLinks) {
      const textEnd = findLinkTextEnd(text, i);
      const destination = textEnd === -1 || text[textEnd] !== "(" ? null : parseDestination(text, textEnd);
      if (destination) {
        flush();
        tokens.push({
          type: "link",
          href: destination.href,
          children: tokenizeInlineMarkdown(text.slice(i + 1, textEnd - 1), false),
        });
        i = destination.end;
        continue;
      }
    }
    buffer += char;
    i += 1;
  }
  flush();
  return tokens;
}

/** The URL when it is an absolute http(s) URL, else null. */
export function safeHttpUrl(href: string): string | null {
  if (!/^https?:\/\//i.test(href.trim())) return null;
  try {
    const url = new URL(href.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function tokensToText(tokens: InlineToken[]): string {
  return tokens
    .map((token) => (token.type === "text" ? token.text : token.type === "code" ? token.code : tokensToText(token.children)))
    .join("");
}

/** The text a reader sees, without Markdown syntax: for labels, titles and copy-button names. */
export function inlineMarkdownToText(text: string): string {
  return tokensToText(tokenizeInlineMarkdown(text));
}
