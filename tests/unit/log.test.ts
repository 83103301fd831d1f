// The logger: JSON lines in production, short human lines in a terminal; every line carries the request
// or run/step it was written for; secrets in URLs and headers never reach the output.
import { describe, expect, it } from "vitest";
import { createLogger, logFormat, prettyLine, runWithLogContext, addLogContext } from "@/lib/log";

function capture(format: "json" | "pretty" = "json") {
  const lines: string[] = [];
  const logger = createLogger({ format, level: "debug", destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines, json: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("log format", () => {
  it("is JSON in production or when the output is not a terminal, pretty in a terminal, and PREFLIGHT_LOG_FORMAT decides when set", () => {
    expect(logFormat({ NODE_ENV: "production" }, true)).toBe("json");
    expect(logFormat({ NODE_ENV: "development" }, false)).toBe("json");
    expect(logFormat({ NODE_ENV: "development" }, true)).toBe("pretty");
    expect(logFormat({ NODE_ENV: "production", PREFLIGHT_LOG_FORMAT: "pretty" }, false)).toBe("pretty");
    expect(logFormat({ PREFLIGHT_LOG_FORMAT: "json" }, true)).toBe("json");
  });

  it("writes one JSON object per line with a level name, a time and the message", () => {
    const { logger, json } = capture();
    logger.warn({ lines: 3 }, "could not store step log lines; retrying");
    expect(json()).toEqual([expect.objectContaining({ level: "warn", msg: "could not store step log lines; retrying", lines: 3, time: expect.any(Number) })]);
  });

  it("writes a short human line in a terminal", () => {
    const { logger, lines } = capture("pretty");
    logger.info({ workerId: "w1", slots: 4 }, "worker started");
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO +\S+ worker started workerId=w1 slots=4\n$/);
    expect(prettyLine("not json")).toBe("not json");
  });
});

describe("log context", () => {
  it("adds the web request's id to every line written while handling it", async () => {
    const { logger, json } = capture();
    await runWithLogContext({ requestId: "r-1" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.error("action failed");
    });
    logger.info("outside");
    expect(json().map((line) => [line.msg, line.requestId])).toEqual([
      ["action failed", "r-1"],
      ["outside", undefined],
    ]);
  });

  it("adds the worker's run, then the step it moved on to", () => {
    const { logger, json } = capture();
    runWithLogContext({ runId: "run-1" }, () => {
      logger.info("claimed");
      addLogContext({ stepId: "step-1" });
      logger.warn("heartbeat failed");
    });
    expect(json().map(({ runId, stepId }) => ({ runId, stepId }))).toEqual([
      { runId: "run-1", stepId: undefined },
      { runId: "run-1", stepId: "step-1" },
    ]);
  });
});

describe("redaction", () => {
  const TOKEN = "tok_9f8e7d6c5b4a";

  it("never writes a token from a URL's query, fragment or userinfo", () => {
    const { logger, lines } = capture();
    logger.info({ url: `/api/events?releaseId=r1&token=${TOKEN}` }, "request");
    logger.info({ url: `https://deploy:${TOKEN}@ci.example.com/hook?sig=${TOKEN}#access_token=${TOKEN}` }, "calling");
    const output = lines.join("");
    expect(output).not.toContain(TOKEN);
    expect(JSON.parse(lines[0]!).url).toBe("/api/events?releaseId=***&token=***");
    expect(JSON.parse(lines[1]!).url).toBe("https://***@ci.example.com/hook?sig=***#access_token=***");
  });

  it("never writes an Authorization or Cookie header, a password, token or secret field", () => {
    const { logger, lines } = capture();
    logger.info({ headers: { authorization: `Bearer ${TOKEN}`, cookie: `next-auth.session-token=${TOKEN}`, accept: "text/html" } }, "request");
    logger.info({ request: { headers: { authorization: `Bearer ${TOKEN}` } } }, "outbound");
    logger.info({ password: TOKEN, token: TOKEN, secret: TOKEN, step: { token: TOKEN } }, "fields");
    const output = lines.join("");
    expect(output).not.toContain(TOKEN);
    expect(JSON.parse(lines[0]!).headers).toEqual({ authorization: "***", cookie: "***", accept: "text/html" });
  });

  it("redacts in the human format too", () => {
    const { logger, lines } = capture("pretty");
    logger.info({ url: `/login?callbackUrl=%2F&token=${TOKEN}`, headers: { authorization: `Bearer ${TOKEN}` } }, "request");
    expect(lines.join("")).not.toContain(TOKEN);
  });
});
