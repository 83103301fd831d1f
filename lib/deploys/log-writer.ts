// Stores a run's log lines. Lines are batched (up to BATCH_LINES lines or BATCH_BYTES bytes per statement,
// at most FLUSH_DELAY_MS after the first one) and each batch is stored as one StepLogChunk row per step
// attempt (./log-chunks.ts): one round trip, one row and one statement-level NOTIFY for thousands of
// lines. Each step attempt's output passes through its StepOutputBudget first (see output-limits.ts), so
// what waits here in memory is bounded, and the writer tells the command's pipes to pause
// (`saturated`/`drained`) while too much is waiting to be written.
import type { LogStream, PrismaClient } from "@/lib/generated/prisma/client";
import { insertLogBatch, splitLineBreaks, type LogEntry } from "./log-chunks";
import { errorSummary, log } from "@/lib/log";
import { capLine, DEFAULT_OUTPUT_LIMITS, StepOutputBudget, type OutputLimits } from "./output-limits";

/** What a producer of output (a command's pipes) asks before reading more. */
export interface OutputPressure {
  /** True while more than the writer's bound waits to be written: stop reading. */
  saturated(): boolean;
  /** Resolves once the backlog is below half the bound again. */
  drained(): Promise<void>;
}

const BATCH_LINES = 5_000;
const BATCH_BYTES = 2 * 1024 * 1024;
const FLUSH_DELAY_MS = 100;
/** Backlog (lines or bytes not yet stored) above which the producers are paused. */
const PENDING_LINES_BOUND = 2 * BATCH_LINES;
const PENDING_BYTES_BOUND = 2 * BATCH_BYTES;
/** A batch that fails (database restarting) is retried with backoff for this long, then dropped with an error. */
const RETRY_FOR_MS = 60_000;

/** A line waiting to be stored, with its UTF-8 size. */
interface Pending extends LogEntry {
  bytes: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class LogWriter implements OutputPressure {
  private queue: Pending[] = [];
  private queuedBytes = 0;
  private inFlightLines = 0;
  private inFlightBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private waiters: (() => void)[] = [];
  private current: { stepId: string; attempt: number; budget: StepOutputBudget<LogStream> } | null = null;

  constructor(
    private readonly db: PrismaClient,
    private readonly limits: OutputLimits = DEFAULT_OUTPUT_LIMITS,
    private readonly insert: (db: PrismaClient, batch: readonly LogEntry[]) => Promise<void> = insertLogBatch,
  ) {}

  add(entry: LogEntry): void {
    if (entry.stepId !== this.current?.stepId || entry.attempt !== this.current.attempt) this.open(entry.stepId, entry.attempt);
    // A message with line breaks (an error's text) is stored as several lines.
    for (const part of splitLineBreaks(entry.line)) {
      // Room for the "… (N more bytes cut)" that LineSplitter already put on a line it cut.
      const line = capLine(part, this.limits.maxLineBytes + 64);
      this.current!.budget.add(entry.stream, line, entry.at, Buffer.byteLength(line));
    }
  }

  saturated(): boolean {
    return this.pendingLines() >= PENDING_LINES_BOUND || this.pendingBytes() >= PENDING_BYTES_BOUND;
  }

  drained(): Promise<void> {
    if (!this.belowLowWater()) return new Promise((resolve) => this.waiters.push(resolve));
    return Promise.resolve();
  }

  /**
   * Ends every open step attempt (writes its "… N lines dropped" marker and kept tail), then resolves
   * once every line given so far is stored (or given up on after retries).
   */
  async finish(): Promise<void> {
    this.close();
    while (this.queue.length > 0 || this.writing) {
      this.startWriting();
      await this.writing;
    }
  }

  /** Starts a step attempt's budget (a run's steps run one after the other: one open at a time). */
  private open(stepId: string, attempt: number): void {
    this.close();
    const budget = new StepOutputBudget<LogStream>(
      this.limits,
      (stream, line, at) => this.enqueue(stepId, attempt, stream, line, at),
      (stream) => stream === "SYSTEM",
    );
    this.current = { stepId, attempt, budget };
  }

  /** Ends the open step attempt: its "… N lines dropped" marker, then its kept tail. */
  private close(): void {
    if (!this.current) return;
    const { stepId, attempt, budget } = this.current;
    this.current = null;
    budget.finish((dropped) =>
      this.enqueue(stepId, attempt, "SYSTEM", `… ${dropped.toLocaleString("en-US")} lines dropped (this step's log keeps its first and last lines)`, Date.now()),
    );
  }

  private enqueue(stepId: string, attempt: number, stream: LogStream, line: string, at: number): void {
    const bytes = Buffer.byteLength(line);
    this.queue.push({ stepId, attempt, stream, line, at, bytes });
    this.queuedBytes += bytes;
    if (this.queue.length >= BATCH_LINES || this.queuedBytes >= BATCH_BYTES) this.startWriting();
    else this.timer ??= setTimeout(() => this.startWriting(), FLUSH_DELAY_MS);
  }

  private pendingLines() {
    return this.queue.length + this.inFlightLines;
  }

  private pendingBytes() {
    return this.queuedBytes + this.inFlightBytes;
  }

  private belowLowWater() {
    return this.pendingLines() < PENDING_LINES_BOUND / 2 && this.pendingBytes() < PENDING_BYTES_BOUND / 2;
  }

  /** One batch at a time, in order: the next batch starts when the previous one is stored. */
  private startWriting(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing || this.queue.length === 0) return;
    this.writing = (async () => {
      while (this.queue.length > 0) {
        let count = 0;
        let bytes = 0;
        while (count < this.queue.length && count < BATCH_LINES && (count === 0 || bytes + this.queue[count]!.bytes <= BATCH_BYTES)) {
          bytes += this.queue[count]!.bytes;
          count += 1;
        }
        const batch = this.queue.splice(0, count);
        this.queuedBytes -= bytes;
        this.inFlightLines = count;
        this.inFlightBytes = bytes;
        await this.store(batch);
        this.inFlightLines = 0;
        this.inFlightBytes = 0;
        this.wake();
      }
    })().finally(() => {
      this.writing = null;
      this.wake();
      // A line queued between the loop's last check and here would otherwise wait for the next one.
      if (this.queue.length > 0) this.startWriting();
    });
  }

  private async store(batch: LogEntry[]): Promise<void> {
    const giveUpAt = Date.now() + RETRY_FOR_MS;
    for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
      try {
        await this.insert(this.db, batch);
        return;
      } catch (error) {
        if (Date.now() + delay > giveUpAt) {
          log.error({ lines: batch.length, error: errorSummary(error) }, "could not store step log lines; dropping them");
          return;
        }
        log.warn({ lines: batch.length, retryInMs: delay, error: errorSummary(error) }, "could not store step log lines; retrying");
        await sleep(delay);
      }
    }
  }

  private wake(): void {
    if (!this.belowLowWater() && this.writing) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
