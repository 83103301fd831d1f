/**
 * Markdown → mdast with remark-parse + remark-gfm, hardened for pasted documents.
 *
 * - Line endings are normalised and a BOM dropped, so offsets and lines match `source` as returned.
 * - YAML front matter (`---` … `---` at the very top, starting with a `key:` line) is blanked out line by line.
 * - micromark copies its whole event list each time a nested container closes, so a long document with
 *   nested lists parses in quadratic time (tens of seconds for 50 KB). Documents are therefore parsed in chunks of
 *   about CHUNK_CHARS, cut only where a new top-level block must start anyway (see `chunkStarts`), and the
 *   chunks' trees are joined with their positions shifted. Documents under CHUNK_CHARS are parsed whole.
 * - Markers that open many containers on one line ("- - - - …", "> > > …") cost quadratic time within the
 *   line; `deepLine` finds such a line so the caller can refuse the document.
 */
import type { Nodes, Root } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

export const CHUNK_CHARS = 8_000;
/** Lists and quotes one line may open; real documents nest a handful. */
export const MAX_LINE_NESTING = 16;

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

/** The text positions refer to: LF line endings, no BOM, front matter blanked. Parse this, slice this. */
export function normaliseSource(markdown: string): string {
  return blankFrontMatter(markdown.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"));
}

/** Parses normalised source (see normaliseSource). */
export function parseMarkdown(source: string, chunkChars = CHUNK_CHARS): Root {
  const starts = [0, ...chunkStarts(source, chunkChars)];
  if (starts.length === 1) return processor.parse(source);
  const tree: Root = { type: "root", children: [], position: { start: { line: 1, column: 1, offset: 0 }, end: endPoint(source) } };
  let line = 1;
  starts.forEach((start, index) => {
    const end = starts[index + 1] ?? source.length;
    const text = source.slice(start, end);
    const chunk = processor.parse(text);
    shiftPositions(chunk, start, line - 1);
    tree.children.push(...chunk.children);
    line += countLines(text);
  });
  return tree;
}

/** The first line (1-based) that opens more than MAX_LINE_NESTING lists or quotes, with how many; null if none. */
export function deepLine(source: string): { line: number; depth: number } | null {
  const lines = source.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const text = lines[index] ?? "";
    if (/^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/.test(text)) continue; // "* * * *" is a thematic break
    const markers = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+/.exec(text)?.[0] ?? "";
    const depth = (markers.match(/>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)/g) ?? []).length;
    if (depth > MAX_LINE_NESTING) return { line: index + 1, depth };
  }
  return null;
}

/** Front matter keeps its lines (as blank ones) so that line numbers still match the file. */
function blankFrontMatter(source: string): string {
  if (!source.startsWith("---\n")) return source;
  const lines = source.split("\n");
  const firstContent = lines.findIndex((line, index) => index > 0 && line.trim() !== "");
  if (firstContent === -1 || !/^[A-Za-z0-9_-]+[ \t]*:/.test(lines[firstContent] ?? "")) return source;
  const end = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)[ \t]*$/.test(line));
  if (end === -1) return source;
  return [...lines.slice(0, end + 1).map(() => ""), ...lines.slice(end + 1)].join("\n");
}

const HTML_RAW = /^ {0,3}<(script|pre|style|textarea)(?=[\s>]|$)/i;
const HTML_ENDS: [RegExp, RegExp][] = [
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

/**
 * Offsets of lines where a chunk may start: a line at column 0 that begins a new top-level block whatever came
 * before it, i.e. an ATX heading or a bullet with text (both end any open paragraph, list or quote), or any line
 * at column 0 after a blank line. Never inside a top-level fenced code block or HTML block. When unsure (an HTML
 * block of the kind that runs to the next blank line), no cut is made: a missed cut only costs time.
 */
function chunkStarts(source: string, chunkChars: number): number[] {
  if (source.length <= chunkChars) return [];
  const starts: number[] = [];
  let chunkStart = 0;
  let fence: { char: string; length: number } | null = null;
  let htmlEnd: RegExp | null = null;
  let htmlUntilBlank = false;
  let previousBlank = true;
  let offset = 0;
  for (const line of source.split("\n")) {
    const lineStart = offset;
    offset += line.length + 1;
    const blank = /^[ \t]*$/.test(line);
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line)?.[1];
      if (close && close[0] === fence.char && close.length >= fence.length) fence = null;
      previousBlank = false;
      continue;
    }
    if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = null;
      previousBlank = blank;
      continue;
    }
    if (blank) {
      htmlUntilBlank = false;
      previousBlank = true;
      continue;
    }
    const startsBlock = previousBlank ? !/^[ \t]/.test(line) : /^(#{1,6}(?=[ \t]|$)|[-*+][ \t]+\S)/.test(line);
    if (startsBlock && !htmlUntilBlank && lineStart - chunkStart >= chunkChars) {
      starts.push(lineStart);
      chunkStart = lineStart;
    }
    previousBlank = false;
    const opening = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (opening?.[1] && !(opening[1][0] === "`" && (opening[2] ?? "").includes("`"))) {
      fence = { char: opening[1][0]!, length: opening[1].length };
      continue;
    }
    if (!/^ {0,3}</.test(line)) continue;
    const raw = HTML_RAW.exec(line);
    const end = raw ? new RegExp(`</${raw[1]}>`, "i") : HTML_ENDS.find(([start]) => start.test(line))?.[1];
    if (!end) htmlUntilBlank = true;
    else if (!end.test(line.replace(/^ {0,3}<(!--|\?|!\[CDATA\[|!)?/, ""))) htmlEnd = end;
  }
  return starts;
}

function shiftPositions(tree: Root, offset: number, lines: number): void {
  const stack: Nodes[] = [...tree.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.position) {
      const { start, end } = node.position;
      node.position = {
        start: { line: start.line + lines, column: start.column, offset: (start.offset ?? 0) + offset },
        end: { line: end.line + lines, column: end.column, offset: (end.offset ?? 0) + offset },
      };
    }
    if ("children" in node) stack.push(...(node.children as Nodes[]));
  }
}

function countLines(text: string): number {
  let count = 0;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) count += 1;
  return count;
}

function endPoint(source: string) {
  const lastBreak = source.lastIndexOf("\n");
  return { line: countLines(source) + 1, column: source.length - lastBreak, offset: source.length };
}
