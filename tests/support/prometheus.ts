// A small reader of the Prometheus text exposition format (what /metrics answers), enough for tests:
// `# HELP` / `# TYPE` lines and samples `name{label="value",…} number`.
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  samples: Sample[];
  types: Map<string, string>;
  /** The value of the one sample with this name whose labels include `labels`; undefined if none. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** The sum over every sample with this name whose labels include `labels` (0 if none). */
  sum(name: string, labels?: Record<string, string>): number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * A sample value as Prometheus reads it (Go's ParseFloat): NaN and Inf in any case. prom-client writes "Nan"
 * for a summary with no observations yet (nodejs_eventloop_lag_mean_seconds right after start).
 */
function parseValue(text: string): number {
  const word = text.toLowerCase();
  if (word === "nan") return NaN;
  if (word === "+inf" || word === "inf") return Infinity;
  if (word === "-inf") return -Infinity;
  return Number(text);
}

export function parsePrometheusText(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("#")) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types.set(type[1]!, type[2]!);
      else if (!line.startsWith("# HELP ")) throw new Error(`Not a metrics comment: ${line}`);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`Not a metrics sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(LABEL)) labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    const value = parseValue(match[3]!);
    if (Number.isNaN(value) && match[3]!.toLowerCase() !== "nan") throw new Error(`Not a number in: ${line}`);
    samples.push({ name: match[1]!, labels, value });
  }
  const matching = (name: string, labels: Record<string, string>) =>
    samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return {
    samples,
    types,
    value: (name, labels = {}) => matching(name, labels)[0]?.value,
    sum: (name, labels = {}) => matching(name, labels).reduce((total, sample) => total + sample.value, 0),
  };
}
