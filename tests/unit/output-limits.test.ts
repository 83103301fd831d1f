import { describe, expect, it } from "vitest";
import { capLine, LineSplitter, StepOutputBudget } from "@/lib/deploys/output-limits";

function split(chunks: (string | Buffer)[], maxChars = 10): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter(maxChars, (line) => lines.push(line));
  for (const chunk of chunks) splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  splitter.end();
  return lines;
}

describe("LineSplitter", () => {
  it("ends lines at \\n, \\r\\n and a lone \\r, also across chunks, and keeps a last line without newline", () => {
    expect(split(["a\nb\r\nc\rd", "e\r", "\nf"])).toEqual(["a", "b", "c", "de", "f"]);
    expect(split(["\n\nx\n"])).toEqual(["", "", "x"]);
  });

  it("decodes UTF-8 split across chunks and removes NUL characters", () => {
    const bytes = Buffer.from("é€\0x\n");
    expect(split([bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3)])).toEqual(["é€x"]);
  });

  it("cuts a long line while it streams and says how much was cut", () => {
    expect(split(["0123456789abc", "def\nnext\n"])).toEqual(["0123456789… (6 more bytes cut)", "next"]);
    expect(split(["0123456789abcdef\nnext\n"])).toEqual(["0123456789… (6 more bytes cut)", "next"]);
    // Never in the middle of a character: "€" is 3 bytes, the cap falls inside the fourth one.
    expect(split(["€€€€€\n"])).toEqual(["€€€… (6 more bytes cut)"]);
  });

  it("never holds more than the cap of a 50 MB line", () => {
    let longest = 0;
    const splitter = new LineSplitter(8_000, (line) => (longest = Math.max(longest, line.length)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    for (let i = 0; i < 800; i++) splitter.push(chunk);
    splitter.push(Buffer.from("\n"));
    splitter.end();
    expect(longest).toBeLessThan(8_100);
  });
});

describe("StepOutputBudget", () => {
  const limits = { maxLineBytes: 100, maxLinesPerStep: 10, maxBytesPerStep: 1_000_000 };
  type Line = { stream: "STDOUT" | "SYSTEM"; line: string };

  function run(lines: Line[], l = limits): string[] {
    const written: string[] = [];
    const budget = new StepOutputBudget<Line["stream"]>(l, (_stream, line) => written.push(line), (stream) => stream === "SYSTEM");
    for (const line of lines) budget.add(line.stream, line.line, Date.now(), Buffer.byteLength(line.line));
    budget.finish((n) => written.push(`… ${n} lines dropped`));
    return written;
  }
  const out = (n: number): Line[] => Array.from({ length: n }, (_, i) => ({ stream: "STDOUT", line: String(i + 1) }));

  it("keeps everything under the cap, in order", () => {
    expect(run(out(10))).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
  });

  it("keeps the first and the last lines with a dropped-lines marker between them", () => {
    expect(run(out(100))).toEqual(["1", "2", "… 90 lines dropped", "93", "94", "95", "96", "97", "98", "99", "100"]);
  });

  it("never drops Preflight's own lines", () => {
    const lines = [...out(50), { stream: "SYSTEM" as const, line: "Timed out" }, ...out(50)];
    const written = run(lines);
    expect(written).toContain("Timed out");
    expect(written.indexOf("Timed out")).toBeLessThan(written.indexOf("… 90 lines dropped"));
    expect(written.slice(-8)).toEqual(["43", "44", "45", "46", "47", "48", "49", "50"]);
  });

  it("bounds bytes as well as lines", () => {
    const big = Array.from({ length: 10 }, (_, i) => ({ stream: "STDOUT" as const, line: `${i}`.padEnd(100, "x") }));
    const written = run(big, { maxLineBytes: 100, maxLinesPerStep: 100, maxBytesPerStep: 500 });
    expect(written.map((l) => l[0])).toEqual(["0", "…", "6", "7", "8", "9"]);
  });
});

describe("limits", () => {
  it("cuts a whole line to its byte limit, saying how much was cut", () => {
    expect(capLine("a".repeat(100), 90)).toBe(`${"a".repeat(90)}… (10 more bytes cut)`);
  });
});
