import { describe, expect, it } from "vitest";
import { LogWriter } from "@/lib/deploys/log-writer";
import type { LogEntry } from "@/lib/deploys/log-chunks";
import type { PrismaClient } from "@/lib/generated/prisma/client";

const db = {} as PrismaClient;
const limits = { maxLineBytes: 8_000, maxLinesPerStep: 1_000_000, maxBytesPerStep: 1_000_000_000 };
const line = (i: number): LogEntry => ({ stepId: "s1", attempt: 1, stream: "STDOUT", line: `line ${i}`, at: Date.now() });

describe("LogWriter", () => {
  it("stores every line once, in order, in batches of at most 5,000", async () => {
    const batches: string[][] = [];
    const writer = new LogWriter(db, limits, async (_db, batch) => void batches.push(batch.map((e) => e.line)));
    for (let i = 0; i < 12_345; i++) writer.add(line(i));
    await writer.finish();
    expect(batches.every((b) => b.length <= 5_000)).toBe(true);
    expect(batches.flat()).toEqual(Array.from({ length: 12_345 }, (_, i) => `line ${i}`));
  });

  it("says it is saturated while 10,000 lines wait, and drained once the database took them", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writer = new LogWriter(db, limits, () => gate);
    for (let i = 0; i < 10_000; i++) writer.add(line(i));
    expect(writer.saturated()).toBe(true);
    let drained = false;
    void writer.drained().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(drained).toBe(false);
    release();
    await writer.finish();
    expect(drained).toBe(true);
    expect(writer.saturated()).toBe(false);
  });

  it("retries a batch the database refused (restarting), and loses nothing", async () => {
    const stored: string[] = [];
    let failures = 2;
    const writer = new LogWriter(db, limits, async (_db, batch) => {
      if (failures-- > 0) throw new Error("the database system is starting up");
      stored.push(...batch.map((e) => e.line));
    });
    for (let i = 0; i < 3; i++) writer.add(line(i));
    await writer.finish();
    expect(stored).toEqual(["line 0", "line 1", "line 2"]);
  });

  it("ends a step attempt with the dropped-lines marker and its last lines", async () => {
    const stored: LogEntry[] = [];
    const writer = new LogWriter(db, { maxLineBytes: 8_000, maxLinesPerStep: 10, maxBytesPerStep: 1_000_000 }, async (_db, batch) => void stored.push(...batch));
    for (let i = 1; i <= 100; i++) writer.add(line(i));
    await writer.finish();
    expect(stored.map((e) => e.line)).toEqual([
      "line 1",
      "line 2",
      "… 90 lines dropped (this step's log keeps its first and last lines)",
      ...Array.from({ length: 8 }, (_, i) => `line ${93 + i}`),
    ]);
    expect(stored[2]).toMatchObject({ stepId: "s1", attempt: 1, stream: "SYSTEM" });
  });

  it("stores a message with line breaks as several lines, so the stored text can hold one line per line", async () => {
    const batches: string[][] = [];
    const writer = new LogWriter(db, limits, async (_db, batch) => void batches.push(batch.map((e) => e.line)));
    writer.add({ stepId: "s1", attempt: 1, stream: "SYSTEM", line: "Failed: exit 1\nstderr: boom", at: Date.now() });
    await writer.finish();
    expect(batches.flat()).toEqual(["Failed: exit 1", "stderr: boom"]);
  });
});
