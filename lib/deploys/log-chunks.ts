// How a step's log is stored: as chunks, one StepLogChunk row per written batch of one step attempt's
// consecutive lines, encoded as three texts (the lines joined by "\n", one stream letter per line, and
// each line's milliseconds after the first). One row per batch with nothing for PostgreSQL to parse per
// line is what lets the worker store 100,000+ lines/s (docs/PERFORMANCE.md, "Deploy logs"); one row per
// line managed about 40,000.
//
// Readers still see lines with ascending ids: a line's id is `chunk id × LOG_CHUNK_MAX_LINES + its index
// in the chunk`, so "the lines after id N" starts in chunk ⌊N / LOG_CHUNK_MAX_LINES⌋. The NOTIFY trigger
// (migration step_log_chunks) computes the same ids.
import type { LogStream, Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { LogLine } from "./types";

/** Lines one chunk may hold (a CHECK constraint enforces it); also the id multiplier. */
export const LOG_CHUNK_MAX_LINES = 10_000;

export interface LogEntry {
  stepId: string;
  attempt: number;
  stream: LogStream;
  line: string;
  /** Epoch milliseconds. */
  at: number;
}

export interface StoredChunk {
  id: bigint;
  attempt: number;
  lineCount: number;
  firstAt: Date;
  lines: string;
  streams: string;
  offsets: string;
}

type EncodedChunk = Omit<StoredChunk, "id"> & { stepId: string };

const STREAM_LETTER: Record<LogStream, string> = { STDOUT: "O", STDERR: "E", SYSTEM: "S" };
const LETTER_STREAM: Record<string, LogStream> = { O: "STDOUT", E: "STDERR", S: "SYSTEM" };
const LINE_BREAK = /\r\n|\r|\n/;

/** A stored line never holds a line break (the encoding joins lines with "\n"): a message that has some is several lines. */
export function splitLineBreaks(line: string): string[] {
  return line.includes("\n") || line.includes("\r") ? line.split(LINE_BREAK) : [line];
}

/** Encodes consecutive lines of one step attempt (at most LOG_CHUNK_MAX_LINES, none with a line break). */
export function encodeChunk(entries: readonly LogEntry[]): EncodedChunk {
  const first = entries[0]!;
  const firstAt = first.at;
  let streams = "";
  const offsets: number[] = new Array<number>(entries.length);
  const lines: string[] = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    streams += STREAM_LETTER[entry.stream];
    offsets[i] = entry.at - firstAt;
    lines[i] = entry.line;
  }
  return { stepId: first.stepId, attempt: first.attempt, lineCount: entries.length, firstAt: new Date(firstAt), lines: lines.join("\n"), streams, offsets: offsets.join(",") };
}

/** Splits a batch into runs of consecutive lines of the same step attempt, each at most LOG_CHUNK_MAX_LINES. */
export function chunksOf(batch: readonly LogEntry[]): LogEntry[][] {
  const chunks: LogEntry[][] = [];
  let current: LogEntry[] = [];
  for (const entry of batch) {
    const first = current[0];
    if (first && (first.stepId !== entry.stepId || first.attempt !== entry.attempt || current.length >= LOG_CHUNK_MAX_LINES)) {
      chunks.push(current);
      current = [];
    }
    current.push(entry);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Stores a batch of lines (none with a line break) with one statement: one row per chunk, normally one. */
export async function insertLogBatch(db: PrismaClient, batch: readonly LogEntry[]): Promise<void> {
  const chunks = chunksOf(batch).map(encodeChunk);
  if (chunks.length === 0) return;
  const values: string[] = [];
  const params: unknown[] = [];
  for (const chunk of chunks) {
    const n = params.length;
    values.push(`($${n + 1}, $${n + 2}::int, $${n + 3}::int, $${n + 4}::timestamp(3), $${n + 5}, $${n + 6}, $${n + 7})`);
    params.push(chunk.stepId, chunk.attempt, chunk.lineCount, chunk.firstAt.toISOString(), chunk.lines, chunk.streams, chunk.offsets);
  }
  await db.$executeRawUnsafe(
    `INSERT INTO "StepLogChunk" ("stepId", "attempt", "lineCount", "firstAt", "lines", "streams", "offsets") VALUES ${values.join(", ")}`,
    ...params,
  );
}

/** Stores one message (a SYSTEM note such as "Approved by …") inside the caller's transaction. */
export async function appendLogLine(db: Prisma.TransactionClient | PrismaClient, entry: Omit<LogEntry, "at">): Promise<void> {
  const at = Date.now();
  const { stepId: _, ...chunk } = encodeChunk(splitLineBreaks(entry.line).map((line) => ({ ...entry, line, at })));
  await db.stepLogChunk.create({ data: { stepId: entry.stepId, ...chunk } });
}

/** The chunk that holds the line with this id. */
export function chunkIdOfLine(lineId: bigint): bigint {
  return lineId / BigInt(LOG_CHUNK_MAX_LINES);
}

/** Decodes chunks (ascending ids) into the lines after `after`, at most `limit` of them. */
export function linesOfChunks(chunks: readonly StoredChunk[], after: bigint | null, limit: number): LogLine[] {
  const result: LogLine[] = [];
  for (const chunk of chunks) {
    if (result.length >= limit) break;
    const base = chunk.id * BigInt(LOG_CHUNK_MAX_LINES);
    const start = after !== null && after >= base ? Number(after - base) + 1 : 0;
    if (start >= chunk.lineCount) continue;
    const lines = chunk.lines.split("\n");
    const offsets = chunk.offsets.split(",");
    const firstAt = chunk.firstAt.getTime();
    for (let i = start; i < chunk.lineCount && result.length < limit; i++) {
      result.push({
        id: (base + BigInt(i)).toString(),
        attempt: chunk.attempt,
        stream: LETTER_STREAM[chunk.streams[i]!] ?? "SYSTEM",
        line: lines[i] ?? "",
        at: new Date(firstAt + Number(offsets[i] ?? 0)).toISOString(),
      });
    }
  }
  return result;
}
