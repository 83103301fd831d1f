import { describe, expect, it } from "vitest";
import { chunksOf, encodeChunk, linesOfChunks, LOG_CHUNK_MAX_LINES, splitLineBreaks, type LogEntry, type StoredChunk } from "@/lib/deploys/log-chunks";

const at0 = new Date("2026-12-02T10:00:00.000Z");
const entry = (i: number, overrides: Partial<LogEntry> = {}): LogEntry => ({
  stepId: "s1",
  attempt: 1,
  stream: i % 3 === 0 ? "STDERR" : i % 3 === 1 ? "STDOUT" : "SYSTEM",
  line: `line ${i}, with commas, "quotes" and ünïcode`,
  at: at0.getTime() + i * 7,
  ...overrides,
});
const stored = (id: bigint, entries: LogEntry[]): StoredChunk => ({ id, ...encodeChunk(entries) });

describe("log chunks", () => {
  it("give back every line with its stream, attempt and time, ids ascending across chunks", () => {
    const first = Array.from({ length: 4 }, (_, i) => entry(i));
    const second = Array.from({ length: 3 }, (_, i) => entry(i + 4, { attempt: 2 }));
    const lines = linesOfChunks([stored(5n, first), stored(9n, second)], null, 100);
    expect(lines.map((l) => l.line)).toEqual([...first, ...second].map((e) => e.line));
    expect(lines.map((l) => l.stream)).toEqual([...first, ...second].map((e) => e.stream));
    expect(lines.map((l) => l.at)).toEqual([...first, ...second].map((e) => new Date(e.at).toISOString()));
    expect(lines.map((l) => l.attempt)).toEqual([1, 1, 1, 1, 2, 2, 2]);
    expect(lines.map((l) => l.id)).toEqual(["50000", "50001", "50002", "50003", "90000", "90001", "90002"]);
  });

  it("page from any line id: the lines after it, at most the limit", () => {
    const chunks = [stored(5n, Array.from({ length: 4 }, (_, i) => entry(i))), stored(9n, Array.from({ length: 3 }, (_, i) => entry(i + 4)))];
    expect(linesOfChunks(chunks, 50001n, 3).map((l) => l.id)).toEqual(["50002", "50003", "90000"]);
    expect(linesOfChunks(chunks, 50003n, 10).map((l) => l.id)).toEqual(["90000", "90001", "90002"]);
    expect(linesOfChunks(chunks, 90002n, 10)).toEqual([]);
  });

  it("keep empty lines and lines that look like the encoding's separators", () => {
    const entries = ["", "a,b,c", "", "OES", " "].map((line, i) => entry(i, { line }));
    expect(linesOfChunks([stored(1n, entries)], null, 10).map((l) => l.line)).toEqual(["", "a,b,c", "", "OES", " "]);
  });

  it("split a batch where the step or attempt changes, and at the chunk size", () => {
    const batch = [entry(0), entry(1), entry(2, { stepId: "s2" }), entry(3, { stepId: "s2", attempt: 2 })];
    expect(chunksOf(batch).map((c) => c.length)).toEqual([2, 1, 1]);
    const big = Array.from({ length: LOG_CHUNK_MAX_LINES + 5 }, (_, i) => entry(i));
    expect(chunksOf(big).map((c) => c.length)).toEqual([LOG_CHUNK_MAX_LINES, 5]);
  });

  it("store a message with line breaks as several lines", () => {
    expect(splitLineBreaks("Timed out\r\nafter 20 s\rcleaning up\nbye")).toEqual(["Timed out", "after 20 s", "cleaning up", "bye"]);
    expect(splitLineBreaks("one line")).toEqual(["one line"]);
  });
});
