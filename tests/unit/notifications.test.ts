import { describe, expect, it } from "vitest";
import { checkOutboundUrl, outboundPolicy } from "@/lib/deploys/outbound-guard";
import { maskUrl, nextRetryDelayMs, shortError, slackBody, webhookBody, type NotificationMessage } from "@/lib/notifications/rules";

const message: NotificationMessage = {
  event: "deploy_failed",
  title: "Deploy of Gateway 1.4.0 failed",
  text: "‘migrate’ exited with code 1 <script>",
  project: { slug: "gateway", name: "Gateway" },
  release: { id: "r1", version: "1.4.0", title: "Spring", url: "https://preflight.example.com/releases/r1" },
  at: "2026-12-02T10:00:00.000Z",
  auditEventId: "42",
};

describe("backoff", () => {
  it("waits 5 s × 2^n between attempts and gives up after the 6th", () => {
    expect([1, 2, 3, 4, 5].map((attempt) => nextRetryDelayMs(attempt))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000]);
    expect(nextRetryDelayMs(6)).toBeNull();
    expect(nextRetryDelayMs(2, { baseDelayMs: 100, maxAttempts: 3 })).toBe(200);
    expect(nextRetryDelayMs(3, { baseDelayMs: 100, maxAttempts: 3 })).toBeNull();
  });
});

describe("masking", () => {
  it("keeps the scheme, host and first path segment of a URL and hides the rest", () => {
    expect(maskUrl("https://hooks.slack.com/services/T000/B000/XXXXsecret")).toBe("https://hooks.slack.com/services/…");
    expect(maskUrl("https://example.com/?token=abc")).toBe("https://example.com/…");
    expect(maskUrl("https://example.com")).toBe("https://example.com");
    expect(maskUrl("nope")).toBe("(not a URL)");
  });

  it("shortens errors to one line and masks URLs in them", () => {
    const error = shortError(new Error("connect failed for https://hooks.slack.com/services/T/B/secret\n  at x"));
    expect(error).toBe("connect failed for https://hooks.slack.com/services/… at x");
    expect(shortError("x".repeat(500))).toHaveLength(200);
  });
});

describe("messages", () => {
  it("builds Slack Block Kit with the release link and a button, escaping Slack's control characters", () => {
    const body = slackBody(message) as { text: string; blocks: Record<string, unknown>[] };
    expect(body.text).toBe("Deploy of Gateway 1.4.0 failed: https://preflight.example.com/releases/r1");
    expect(body.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: "*Deploy of Gateway 1.4.0 failed*\n<https://preflight.example.com/releases/r1|Gateway 1.4.0>" } });
    expect(body.blocks[1]).toEqual({ type: "section", text: { type: "mrkdwn", text: "‘migrate’ exited with code 1 &lt;script&gt;" } });
    expect(body.blocks.at(-1)).toEqual({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open the release" }, url: "https://preflight.example.com/releases/r1" }],
    });
  });

  it("builds a Slack message without a release (a test message) with no button", () => {
    const body = slackBody({ ...message, event: "test", release: null, text: "" }) as { blocks: { type: string }[] };
    expect(body.blocks.map((b) => b.type)).toEqual(["section", "context"]);
  });

  it("builds the webhook body with a type, a timestamp and the data", () => {
    expect(webhookBody(message)).toEqual({
      type: "preflight.deploy_failed",
      timestamp: "2026-12-02T10:00:00.000Z",
      data: { title: message.title, text: message.text, project: message.project, release: message.release, auditEventId: "42" },
    });
  });
});

describe("the URL check at save time", () => {
  const strict = outboundPolicy("https://preflight.example.com", "");
  it("refuses what the outbound guard refuses, naming why", async () => {
    await expect(checkOutboundUrl("ftp://example.com/x", strict)).rejects.toThrow("ftp: is not http(s)");
    await expect(checkOutboundUrl("http://169.254.169.254/latest", strict)).rejects.toThrow("169.254.169.254 is a link-local address");
    await expect(checkOutboundUrl("http://[::ffff:127.0.0.1]:8080/", strict)).rejects.toThrow("loopback");
    await expect(checkOutboundUrl("http://localhost:9/hook", strict)).rejects.toThrow(/localhost \(.*\) is a loopback address/);
  });

  it("allows what PREFLIGHT_OUTBOUND_ALLOW lists, and Preflight's own origin", async () => {
    await expect(checkOutboundUrl("http://127.0.0.1:9/hook", outboundPolicy(undefined, "127.0.0.1"))).resolves.toBeUndefined();
    await expect(checkOutboundUrl("https://preflight.example.com/api/x", strict)).resolves.toBeUndefined();
  });
});
