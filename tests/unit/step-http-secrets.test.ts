// HTTP, NOTIFY and FLAG applyUrl steps through executeStep: the outbound guard, secrets by reference,
// masking, redacted URLs and the response body cap.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { executeStep, type StepContext } from "@/lib/deploys/executors";
import { pipelineStepSchema } from "@/lib/deploys/pipeline-schema";

const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----";
let server: Server;
let base: string;
let received: { url: string; headers: IncomingHttpHeaders; body: string } | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      // A trailing-slash redirect, as many webhook endpoints answer.
      if (req.url!.startsWith("/redirect/") && !req.url!.endsWith("/")) return void res.writeHead(301, { location: `${req.url}/` }).end();
      received = { url: req.url!, headers: req.headers, body };
      // Echoes what it got, as a leaky service might.
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", echo: body, headers: req.headers, padding: "x".repeat(5000) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
afterEach(() => {
  received = undefined;
});

function run(raw: unknown, secrets: Record<string, string> = {}, options: Partial<StepContext> = {}) {
  const lines: string[] = [];
  const step = pipelineStepSchema.parse(raw);
  const outcome = executeStep(step, {
    variables: { VERSION: "1.2.3", PROJECT: "shop", PREFLIGHT_URL: "http://preflight.invalid:3000" },
    signal: new AbortController().signal,
    log: (stream, line) => lines.push(`${stream} ${line}`),
    skipRequested: () => null,
    setFlag: async () => false,
    killGraceMs: 100,
    allowShell: false,
    loadSecrets: async () => secrets,
    ...options,
  });
  return outcome.then((result) => ({ outcome: result, log: lines.join("\n") }));
}

/** As on an installation with PREFLIGHT_OUTBOUND_ALLOW=127.0.0.1, where the test server listens. */
const runAllowingLoopback = (raw: unknown, secrets: Record<string, string> = {}) => run(raw, secrets, { outboundAllow: "127.0.0.1" });

describe("the outbound guard on steps", () => {
  it("refuses the cloud metadata address in an HTTP step, even with shell steps switched off, without retrying", async () => {
    const { outcome, log } = await run({ kind: "HTTP", name: "Metadata", config: { url: "http://169.254.169.254/latest/meta-data/iam", retries: 3 } });
    expect(outcome).toEqual({ status: "FAILED", error: "Refused: 169.254.169.254 is a link-local address; allow it with PREFLIGHT_OUTBOUND_ALLOW" });
    expect(log).not.toContain("retrying");
  });

  it("refuses internal addresses in NOTIFY and flag applyUrl steps", async () => {
    expect((await run({ kind: "NOTIFY", name: "Tell", config: { url: "http://10.0.0.5/hook", message: "hi" } })).outcome).toMatchObject({ status: "FAILED", error: expect.stringMatching(/^Refused: 10\.0\.0\.5 is a private address/) });
    expect((await run({ kind: "FLAG", name: "Flag", config: { flagKey: "f", enabled: true, applyUrl: `${base}/flags` } })).outcome).toMatchObject({ status: "FAILED", error: expect.stringMatching(/^Refused: 127\.0\.0\.1 is a loopback address/) });
    expect(received).toBeUndefined();
  });

  it("reaches an allow-listed host", async () => {
    expect((await runAllowingLoopback({ kind: "NOTIFY", name: "Tell", config: { url: `${base}/hook`, message: "Deployed ${VERSION}" } })).outcome).toEqual({ status: "SUCCEEDED" });
    expect(JSON.parse(received!.body)).toEqual({ text: "Deployed 1.2.3" });
  });
});

describe("secrets in HTTP steps", () => {
  it("sends secrets by reference in the URL, headers and body, and never logs them, the query or the body", async () => {
    const { outcome, log } = await runAllowingLoopback(
      {
        kind: "HTTP",
        name: "Call",
        config: { method: "POST", url: `${base}/deploy/\${secret:PATH_TOKEN}?token=abc123&v=\${VERSION}`, headers: { authorization: "Bearer ${secret:API_TOKEN}" }, body: '{"key":"${secret:KEY}"}' },
      },
      { PATH_TOKEN: "p4th-t0ken", API_TOKEN: "t0k3n-value", KEY: PEM },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED" });
    expect(received!.url).toBe("/deploy/p4th-t0ken?token=abc123&v=1.2.3");
    expect(received!.headers.authorization).toBe("Bearer t0k3n-value");
    expect(received!.body).toBe(`{"key":"${PEM}"}`);
    expect(log).toContain(`POST ${base}/deploy/\${secret:PATH_TOKEN}?token=***&v=1.2.3 → 200`);
    for (const leaked of ["p4th-t0ken", "t0k3n-value", "abc123", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "padding"]) expect(log).not.toContain(leaked);
  });

  it("logs at most about 1 KB of the body, masked, only when the step asks for it", async () => {
    const { outcome, log } = await runAllowingLoopback({ kind: "HTTP", name: "Call", config: { method: "POST", url: `${base}/`, body: "${secret:KEY}", logResponseBody: true } }, { KEY: PEM });
    expect(outcome).toEqual({ status: "SUCCEEDED" });
    const body = log.split("\n").find((line) => line.startsWith("STDOUT "))!;
    expect(body.length).toBeLessThanOrEqual("STDOUT ".length + 1025);
    expect(body).toMatch(/…$/);
    // The echo holds the PEM JSON-escaped (its lines joined by \n): each of its lines is masked.
    expect(body).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    expect(body).not.toContain("BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj");
  });

  it("fails clearly on an unknown secret, before calling anything", async () => {
    const { outcome } = await runAllowingLoopback({ kind: "HTTP", name: "Call", config: { url: `${base}/?t=\${secret:MISSING}` } }, { OTHER: "x" });
    expect(outcome).toEqual({ status: "FAILED", error: "Unknown secret MISSING: add it on the project's Pipelines page, or change the step" });
    expect(received).toBeUndefined();
  });

  it("takes a whole webhook URL from a secret", async () => {
    const { outcome, log } = await runAllowingLoopback({ kind: "NOTIFY", name: "Tell", config: { url: "${secret:HOOK}", message: "hi" } }, { HOOK: `${base}/services/T0/B0/XYZSECRET` });
    expect(outcome).toEqual({ status: "SUCCEEDED" });
    expect(received!.url).toBe("/services/T0/B0/XYZSECRET");
    expect(log).not.toContain("XYZSECRET");
  });

  it("names only the origin a redirect led to: its path may hold the secret in a form masking cannot see", async () => {
    const { outcome, log } = await runAllowingLoopback({ kind: "NOTIFY", name: "Tell", config: { url: "${secret:HOOK}", message: "hi" } }, { HOOK: `${base}/redirect/T0{SECRET` });
    expect(outcome).toEqual({ status: "SUCCEEDED" });
    expect(received!.url).toBe("/redirect/T0%7BSECRET/");
    expect(log).toContain(`after 1 redirect to ${base})`);
    expect(log).not.toContain("SECRET");
  });
});

describe("masking shell output", () => {
  it("masks every line of a multi-line environment value marked secret, as the command prints it", async () => {
    const { outcome, log } = await run(
      { kind: "SHELL", name: "Print", config: { command: 'printf "%s\\n" "$KEY"; echo done', env: [{ name: "KEY", value: PEM, secret: true }], timeoutSeconds: 10 } },
      {},
      { allowShell: true },
    );
    expect(outcome).toEqual({ status: "SUCCEEDED", exitCode: 0 });
    expect(log).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC");
    expect(log).not.toContain("BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj");
    expect(log).toContain("STDOUT ***");
    expect(log).toContain("STDOUT done");
  });
});
