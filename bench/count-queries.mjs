// Preloaded into the benchmarked worker (NODE_OPTIONS=--import): counts the statements it sends to
// PostgreSQL, each one a round trip (node-postgres sends one query at a time per connection). Every pg
// client in the process is counted, Prisma's driver adapter and pg-boss alike; pg-boss's own statements
// (they name its schema) are counted apart. On SIGUSR2 the counts are written, as JSON, to the file named
// by PREFLIGHT_BENCH_QUERY_COUNT_FILE. Benchmark-only: nothing in the app loads this.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pg = require("pg");
const counts = { total: 0, queue: 0 };
// PREFLIGHT_BENCH_QUERY_TEXTS=1: also count each statement's text (its first 120 characters), to see which they are.
const texts = process.env.PREFLIGHT_BENCH_QUERY_TEXTS === "1" ? {} : null;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(config, ...rest) {
  counts.total += 1;
  const text = typeof config === "string" ? config : config?.text;
  if (typeof text === "string" && text.includes("pgboss")) counts.queue += 1;
  if (texts) {
    const key = typeof text === "string" ? text.replace(/\s+/g, " ").slice(0, 120) : "?";
    texts[key] = (texts[key] ?? 0) + 1;
  }
  return original.call(this, config, ...rest);
};
process.on("SIGUSR2", () => {
  const file = process.env.PREFLIGHT_BENCH_QUERY_COUNT_FILE;
  if (file) writeFileSync(file, JSON.stringify(texts ? { ...counts, texts } : counts));
});
