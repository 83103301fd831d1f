// A real Prometheus for tests: Debian's `prometheus` binary on a free loopback port, with its own config and
// data folder, scraping every second a small exporter this process serves (the test sets its values). Without
// the binary, start fails with how to install it: these tests are never silently skipped.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export const PROMETHEUS_MISSING =
  "The Prometheus server binary is missing: these tests run a real Prometheus. Install Debian's package with `apt-get install -y prometheus` (.ci/run does), or put a `prometheus` binary on PATH.";

/** The `prometheus` server binary (not promtool): on `searchPath` (PATH), or Debian's /usr/bin/prometheus. */
export function findPrometheus(searchPath = process.env.PATH ?? "", fallbacks = ["/usr/bin/prometheus"]): string {
  const onPath = searchPath
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, "prometheus"))
    .find((file) => existsSync(file));
  const binary = onPath ?? fallbacks.find((file) => existsSync(file)) ?? "";
  if (!binary) throw new Error(PROMETHEUS_MISSING);
  const version = spawnSync(binary, ["--version"], { encoding: "utf8" });
  if (version.status !== 0 || !/prometheus, version/i.test(`${version.stdout}${version.stderr}`)) throw new Error(`${binary} is not the Prometheus server. ${PROMETHEUS_MISSING}`);
  return binary;
}

export interface Exporter {
  url: string;
  /** Sets a gauge's value (NaN allowed); the next scrape sees it. */
  set: (name: string, value: number) => void;
  close: () => Promise<void>;
}

/** An HTTP exporter on a loopback port answering /metrics with the gauges set. */
export async function startExporter(): Promise<Exporter> {
  const values = new Map<string, number>();
  const server: Server = createHttpServer((request, response) => {
    if (request.url !== "/metrics") return void response.writeHead(404).end();
    const body = [...values].map(([name, value]) => `# TYPE ${name} gauge\n${name} ${Number.isNaN(value) ? "NaN" : value}\n`).join("");
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set: (name, value) => void values.set(name, value),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface PrometheusServer {
  /** The base URL, e.g. http://127.0.0.1:41234 (the HTTP API is under /api/v1). */
  url: string;
  exporter: Exporter;
  /** The job label of the exporter's series. */
  job: string;
  /** An instant query's single value (throws when there is not exactly one series). */
  queryValue: (query: string) => Promise<number | undefined>;
  /** Waits until a scrape has seen the exporter's current value of `name` (at most `timeoutMs`). */
  waitForValue: (name: string, value: number, timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
  output: () => string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the exporter and a Prometheus scraping it every second; resolves once the target is up. */
export async function startPrometheus({ timeoutMs = 30_000 } = {}): Promise<PrometheusServer> {
  const binary = findPrometheus();
  const exporter = await startExporter();
  const dir = mkdtempSync(path.join(os.tmpdir(), "preflight-prometheus-"));
  const job = "probe-test";
  const config = path.join(dir, "prometheus.yml");
  writeFileSync(
    config,
    [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      "scrape_configs:",
      `  - job_name: ${job}`,
      "    scrape_timeout: 1s",
      "    static_configs:",
      `      - targets: ["${new URL(exporter.url).host}"]`,
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn", "--storage.tsdb.retention.time=1h"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      });
    }
    await exporter.close();
    rmSync(dir, { recursive: true, force: true });
  };

  const queryValue = async (query: string): Promise<number | undefined> => {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`, { signal: AbortSignal.timeout(2000) });
    const body = (await response.json()) as { status: string; data?: { result: { value: [number, string] }[] } };
    const result = body.data?.result ?? [];
    if (result.length > 1) throw new Error(`${query} returned ${result.length} series`);
    return result[0] ? Number(result[0].value[1]) : undefined;
  };

  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`Prometheus exited with code ${child.exitCode}:\n${output}`);
      try {
        if ((await queryValue(`up{job="${job}"}`)) === 1) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`Prometheus did not see its target up within ${timeoutMs} ms:\n${output}`);
      await sleep(200);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    exporter,
    job,
    queryValue,
    waitForValue: async (name, value, waitMs = 15_000) => {
      const until = Date.now() + waitMs;
      for (;;) {
        const seen = await queryValue(name).catch(() => undefined);
        if (seen === value || (Number.isNaN(value) && seen !== undefined && Number.isNaN(seen))) return;
        if (Date.now() > until) throw new Error(`Prometheus did not scrape ${name} = ${value} within ${waitMs} ms (last seen ${seen})`);
        await sleep(200);
      }
    },
    stop,
    output: () => output,
  };
}
