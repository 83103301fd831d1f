// Reads a command's stdout and stderr into log lines without ever holding more than a bounded amount:
// LineSplitter cuts long lines as they stream, and while the log writer's backlog is over its bound both
// pipes are paused, so the command blocks on its next write instead of the worker buffering its output.
//
// Reading is also time-sliced. libuv reads a busy pipe up to 32 times per event-loop turn, and a flood
// (`yes`) keeps it busy: without a pause, timers (the step's timeout, the run's heartbeat) wait behind
// seconds of parsing and a live run can look dead. After SLICE_MS of reading, the pipes pause until the
// loop has gone round once.
import type { Readable } from "node:stream";
import type { LogStream } from "@/lib/generated/prisma/enums";
import { LineSplitter } from "./output-limits";
import type { OutputPressure } from "./log-writer";

const SLICE_MS = 20;

export interface OutputReader {
  /** Resolves when both pipes have ended and their last lines were passed on. */
  ended: Promise<void>;
}

export function readOutput(
  pipes: { stream: LogStream; pipe: Readable }[],
  onLine: (stream: LogStream, line: string) => void,
  options: { maxLineBytes: number; pressure?: OutputPressure },
): OutputReader {
  const held = { pressure: false, slice: false };
  let sliceStart = 0;
  const hold = (reason: keyof typeof held) => {
    if (!held.pressure && !held.slice) for (const { pipe } of pipes) pipe.pause();
    held[reason] = true;
  };
  const release = (reason: keyof typeof held) => {
    held[reason] = false;
    if (!held.pressure && !held.slice) for (const { pipe } of pipes) pipe.resume();
  };
  const afterChunk = () => {
    if (!held.pressure && options.pressure?.saturated()) {
      hold("pressure");
      void options.pressure.drained().then(() => release("pressure"));
    }
    if (!held.slice && performance.now() - sliceStart > SLICE_MS) {
      hold("slice");
      setImmediate(() => {
        sliceStart = 0;
        release("slice");
      });
    }
  };
  const ended = pipes.map(
    ({ stream, pipe }) =>
      new Promise<void>((resolve) => {
        const splitter = new LineSplitter(options.maxLineBytes, (line) => onLine(stream, line));
        pipe.on("data", (chunk: Buffer) => {
          if (sliceStart === 0) sliceStart = performance.now();
          splitter.push(chunk);
          afterChunk();
        });
        const done = () => {
          splitter.end();
          resolve();
        };
        pipe.once("end", done);
        pipe.once("error", done);
      }),
  );
  return { ended: Promise.all(ended).then(() => undefined) };
}
