// How much of a step's output Preflight keeps. A command can print without end (`yes`) or print one line
// of 50 MB; the worker must neither hold that in memory nor store it. Three bounds, all configurable
// (lib/env.ts reads them for the worker):
//   - a line is cut at PREFLIGHT_LOG_LINE_MAX_BYTES while it streams in (never held whole, never decoded);
//   - a step attempt stores at most PREFLIGHT_STEP_LOG_MAX_LINES lines and PREFLIGHT_STEP_LOG_MAX_BYTES bytes:
//     the first HEAD_SHARE of each is written as it comes, the last (1 - HEAD_SHARE) is kept in a ring and
//     written when the step ends, after a "… N lines dropped" line. The start shows what ran, the tail
//     shows how it ended.
// Pure code: no database, no processes (the log writer and the executors use it).
export interface OutputLimits {
  /** UTF-8 bytes kept of one line; the rest is cut while it streams. */
  maxLineBytes: number;
  /** Lines stored per step attempt (head + tail). */
  maxLinesPerStep: number;
  /** UTF-8 bytes of line text stored per step attempt (head + tail). */
  maxBytesPerStep: number;
}

/** The share of the per-step budget written as the step starts; the rest keeps the step's last lines. */
export const HEAD_SHARE = 0.2;

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = { maxLineBytes: 8_000, maxLinesPerStep: 10_000, maxBytesPerStep: 5 * 1024 * 1024 };

/** Cuts a line that is already whole (output not read through LineSplitter, e.g. an HTTP body) to `maxBytes`. */
export function capLine(line: string, maxBytes: number): string {
  // Characters are 1 to 3 UTF-8 bytes each (4 for a surrogate pair, i.e. 2 characters): only long lines need counting.
  if (line.length * 3 <= maxBytes) return line;
  const bytes = Buffer.from(line);
  if (bytes.length <= maxBytes) return line;
  const end = charBoundary(bytes, maxBytes);
  return `${bytes.toString("utf8", 0, end)}… (${bytes.length - end} more bytes cut)`;
}

/** Where `bytes` may be cut without splitting a UTF-8 character: at or before `at`. */
function charBoundary(bytes: Buffer, at: number): number {
  let end = Math.min(at, bytes.length);
  while (end > 0 && end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return end;
}

/** The end of `bytes` without a UTF-8 character left incomplete by a cut. */
function completeEnd(bytes: Buffer): number {
  for (let back = 1; back <= 4 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return size > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/**
 * Splits a byte stream into lines like readline does (\n, \r\n or a lone \r end a line), but never holds
 * more than `maxBytes` bytes of one line: the rest is counted and skipped in the raw bytes, never decoded.
 * NUL characters, which PostgreSQL text cannot hold, are removed.
 */
export class LineSplitter {
  /** Bytes of the current line that started in an earlier chunk (copies, at most maxBytes in all). */
  private parts: Buffer[] = [];
  private kept = 0;
  private cut = 0;
  private afterCR = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
  ) {}

  push(chunk: Buffer | string): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    let start = 0;
    // \r is rare: its next position is looked up once per chunk and again only once passed.
    let nextCR = bytes.indexOf(13);
    while (start < bytes.length) {
      if (this.afterCR) {
        this.afterCR = false;
        if (bytes[start] === 10) {
          start += 1;
          continue;
        }
      }
      if (nextCR !== -1 && nextCR < start) nextCR = bytes.indexOf(13, start);
      const nextLF = bytes.indexOf(10, start);
      const end = nextCR === -1 ? nextLF : nextLF === -1 ? nextCR : Math.min(nextCR, nextLF);
      if (end === -1) {
        this.keep(bytes, start, bytes.length);
        return;
      }
      if (this.parts.length === 0 && this.cut === 0 && end - start <= this.maxBytes) {
        this.deliver(bytes.toString("utf8", start, end));
      } else {
        this.keep(bytes, start, end);
        this.emit();
      }
      this.afterCR = bytes[end] === 13;
      start = end + 1;
    }
  }

  /** The stream ended: a last line without a newline is still a line. */
  end(): void {
    if (this.kept > 0 || this.cut > 0) this.emit();
  }

  private keep(bytes: Buffer, from: number, to: number): void {
    const room = this.maxBytes - this.kept;
    if (room > 0) {
      const take = Math.min(room, to - from);
      this.parts.push(Buffer.from(bytes.subarray(from, from + take)));
      this.kept += take;
      this.cut += to - from - take;
    } else {
      this.cut += to - from;
    }
  }

  private emit(): void {
    const joined = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    const end = this.cut > 0 ? completeEnd(joined) : joined.length;
    const cut = this.cut + joined.length - end;
    this.parts = [];
    this.kept = 0;
    this.cut = 0;
    this.deliver(cut > 0 ? `${joined.toString("utf8", 0, end)}… (${cut} more bytes cut)` : joined.toString("utf8"));
  }

  private deliver(line: string): void {
    this.onLine(line.includes("\0") ? line.replaceAll("\0", "") : line);
  }
}

/**
 * Decides, line by line, what of one step attempt's output is stored: the head is passed on at once
 * (`write`), later lines go to a ring of the newest ones, and `finish` passes on the "… N lines dropped"
 * marker and the ring. Lines the ring pushes out are dropped, except `keep` ones (Preflight's own SYSTEM
 * lines: "Timed out…", "sending KILL"), which are passed on as they leave the ring, before the marker.
 *
 * Memory: the ring is one byte buffer of the tail's share of the budget (plus room for two lines) and
 * typed arrays, allocated when the head is full. Lines are copied into it as UTF-8, so a flood of
 * millions of lines leaves no string or object alive for the garbage collector to promote: lines die
 * young, and the worker's heap stays flat (holding the strings instead grew it by ~50 MB under `yes`).
 */
export class StepOutputBudget<S extends string> {
  private readonly headLines: number;
  private readonly headBytes: number;
  private readonly tailLines: number;
  private readonly tailBytes: number;
  private readonly maxLineBytes: number;
  private usedHeadLines = 0;
  private usedHeadBytes = 0;
  private headFull = false;
  private buffer = Buffer.alloc(0);
  private streams: S[] = [];
  private offsets = new Int32Array(0);
  private sizes = new Int32Array(0);
  private ats = new Float64Array(0);
  /** Ring of line slots: the oldest is `first`, `count` are live. */
  private first = 0;
  private count = 0;
  /** Byte ring: live bytes run from the oldest line's offset to `writeAt` (wrapping). */
  private writeAt = 0;
  private liveBytes = 0;
  private dropped = 0;

  constructor(
    limits: OutputLimits,
    private readonly write: (stream: S, line: string, at: number) => void,
    private readonly keep: (stream: S) => boolean,
  ) {
    this.headLines = Math.max(1, Math.floor(limits.maxLinesPerStep * HEAD_SHARE));
    this.headBytes = Math.max(1, Math.floor(limits.maxBytesPerStep * HEAD_SHARE));
    this.tailLines = Math.max(1, limits.maxLinesPerStep - this.headLines);
    this.tailBytes = Math.max(1, limits.maxBytesPerStep - this.headBytes);
    // A line may carry a "… (N more bytes cut)" suffix beyond the line cap.
    this.maxLineBytes = limits.maxLineBytes + 64;
  }

  /** Lines seen and not stored (so far). */
  get droppedLines(): number {
    return this.dropped;
  }

  add(stream: S, line: string, at: number, bytes: number): void {
    if (!this.headFull) {
      if (this.usedHeadLines < this.headLines && this.usedHeadBytes + bytes <= this.headBytes) {
        this.usedHeadLines += 1;
        this.usedHeadBytes += bytes;
        this.write(stream, line, at);
        return;
      }
      this.headFull = true;
      const slots = this.tailLines + 1;
      this.buffer = Buffer.allocUnsafe(this.tailBytes + 2 * this.maxLineBytes);
      this.streams = new Array<S>(slots);
      this.offsets = new Int32Array(slots);
      this.sizes = new Int32Array(slots);
      this.ats = new Float64Array(slots);
    }
    if (bytes > this.buffer.length / 2) {
      // Longer than any line this budget expects (a caller without the line cap): stored cut.
      line = Buffer.from(line).toString("utf8", 0, Math.floor(this.buffer.length / 2) - 64);
      bytes = Buffer.byteLength(line);
    }
    // Room: fewer lines than the tail keeps, fewer bytes, and a contiguous free span in the byte ring.
    while (this.count > 0 && (this.count >= this.tailLines || this.liveBytes + bytes > this.tailBytes)) this.evict();
    let at0 = this.writeAt;
    for (;;) {
      if (this.count === 0) {
        at0 = 0;
        break;
      }
      const oldest = this.offsets[this.first]!;
      if (oldest < at0) {
        if (at0 + bytes <= this.buffer.length) break;
        at0 = 0;
        continue;
      }
      if (at0 + bytes < oldest) break;
      this.evict();
    }
    const written = this.buffer.write(line, at0, "utf8");
    const slot = (this.first + this.count) % this.offsets.length;
    this.streams[slot] = stream;
    this.offsets[slot] = at0;
    this.sizes[slot] = written;
    this.ats[slot] = at;
    this.count += 1;
    this.liveBytes += written;
    this.writeAt = at0 + written;
  }

  /** Passes on the marker (when lines were dropped) and the kept tail, oldest first. */
  finish(marker: (dropped: number) => void): void {
    if (this.dropped > 0) marker(this.dropped);
    while (this.count > 0) {
      const { stream, line, at } = this.take();
      this.write(stream, line, at);
    }
    this.dropped = 0;
    this.buffer = Buffer.alloc(0);
  }

  private take(): { stream: S; line: string; at: number } {
    const slot = this.first;
    const offset = this.offsets[slot]!;
    const size = this.sizes[slot]!;
    const taken = { stream: this.streams[slot]!, line: this.buffer.toString("utf8", offset, offset + size), at: this.ats[slot]! };
    this.first = (slot + 1) % this.offsets.length;
    this.count -= 1;
    this.liveBytes -= size;
    return taken;
  }

  private evict(): void {
    const stream = this.streams[this.first]!;
    if (this.keep(stream)) {
      const { line, at } = this.take();
      this.write(stream, line, at);
      return;
    }
    const size = this.sizes[this.first]!;
    this.first = (this.first + 1) % this.offsets.length;
    this.count -= 1;
    this.liveBytes -= size;
    this.dropped += 1;
  }
}
