// Samples a process's resident memory (Linux /proc) while a scenario runs: the figure an operator's
// monitoring would see for the worker.
import { readFileSync } from "node:fs";

export function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Starts sampling every `everyMs`; `stop()` returns the largest RSS seen, in MB. */
export function sampleRss(pid: number, everyMs = 100): { max: () => number; stop: () => number } {
  let max = rssMb(pid) ?? 0;
  const timer = setInterval(() => {
    max = Math.max(max, rssMb(pid) ?? 0);
  }, everyMs);
  return {
    max: () => max,
    stop: () => {
      clearInterval(timer);
      return Math.max(max, rssMb(pid) ?? 0);
    },
  };
}
