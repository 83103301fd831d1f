// Notifications out, the pure part: which events a channel may want, the backoff schedule, how a URL is
// shown masked, and the messages (Slack Block Kit, the Standard Webhooks JSON body). No database, no
// network: unit-tested (tests/unit/notifications.test.ts). Client components import the labels.

export const notificationEvents = [
  "release_awaiting_signoffs",
  "signoff_stale",
  "deploy_started",
  "deploy_succeeded",
  "deploy_failed",
  "deploy_needs_decision",
  "approval_waiting",
  "rollback_started",
  "monitoring_ended_open",
  "automation_failed",
  "break_glass_overdue",
] as const;

export type NotificationEvent = (typeof notificationEvents)[number];
/** The event of a "Send test message" delivery; no channel subscribes to it. */
export const TEST_EVENT = "test";

export const notificationEventLabels: Record<NotificationEvent, string> = {
  "release_awaiting_signoffs": "A release is waiting for sign-offs",
  "signoff_stale": "A sign-off went stale",
  "deploy_started": "A deploy started",
  "deploy_succeeded": "A deploy (or rollback) succeeded",
  "deploy_failed": "A deploy (or rollback) failed",
  "deploy_needs_decision": "A deploy needs a decision",
  "approval_waiting": "An approval step is waiting",
  "rollback_started": "A rollback started",
  "monitoring_ended_open": "A monitoring window ended with required items open",
  "automation_failed": "An automated item's check failed (e.g. a GitHub workflow run)",
  "break_glass_overdue": "Sign-offs owed after a break-glass deploy are overdue",
};

export function isNotificationEvent(value: string): value is NotificationEvent {
  return (notificationEvents as readonly string[]).includes(value);
}

/** Bounds of a channel, read by the schema (./schemas.ts) and the form; zod-free, as client components import it. */
export const CHANNEL_LIMITS = { nameChars: 80, urlChars: 2_000, channelsPerProject: 20, logRows: 20 } as const;

export const channelKinds = ["SLACK", "WEBHOOK"] as const;
export type ChannelKind = (typeof channelKinds)[number];
export const channelKindLabels: Record<ChannelKind, string> = { SLACK: "Slack", WEBHOOK: "Webhook (Standard Webhooks)" };

// ------------------------------------------------------------------------------------------------ retries

export interface RetryPolicy {
  /** The delay before the second attempt; each later one doubles it. */
  baseDelayMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 5_000, maxAttempts: 6 };
export const SEND_TIMEOUT_MS = 10_000;

/**
 * After attempt number `attempts` (1 for the first) failed: when to try again, or null to give up (DEAD).
 * base × 2^(attempts-1): 5 s, 10 s, 20 s, 40 s, 80 s with the defaults.
 */
export function nextRetryDelayMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number | null {
  if (attempts >= policy.maxAttempts) return null;
  return policy.baseDelayMs * 2 ** (attempts - 1);
}

// ------------------------------------------------------------------------------------------------ URLs

/**
 * A URL as it may be shown and logged: scheme, host and the first path segment, the rest masked. A Slack
 * webhook URL's path is its credential (hooks.slack.com/services/T…/B…/secret), and a generic webhook's
 * query may hold a token.
 */
export function maskUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "(not a URL)";
  }
  const first = url.pathname.split("/").filter(Boolean)[0];
  const more = url.pathname.split("/").filter(Boolean).length > 1 || url.search !== "";
  return `${url.protocol}//${url.host}${first ? `/${first}` : ""}${more ? "/…" : ""}`;
}

// ------------------------------------------------------------------------------------------------ messages

/** What happened, in words a channel can show, with the release it concerns. */
export interface NotificationMessage {
  event: NotificationEvent | typeof TEST_EVENT;
  /** One sentence ("Deploy of web 1.4.0 failed"). */
  title: string;
  /** More detail (the reason, the missing roles), or "". */
  text: string;
  project: { slug: string; name: string };
  release: { id: string; version: string; title: string; url: string } | null;
  /** When the event happened (ISO). */
  at: string;
  /** The audit event it came from (a string: BigInt), or null for a test message. */
  auditEventId: string | null;
}

/** The Slack incoming-webhook body: Block Kit, with a fallback `text` and a button linking to the release. */
export function slackBody(message: NotificationMessage): Record<string, unknown> {
  const headline = message.release ? `*${escapeSlack(message.title)}*\n<${message.release.url}|${escapeSlack(`${message.project.name} ${message.release.version}`)}>` : `*${escapeSlack(message.title)}*`;
  const blocks: Record<string, unknown>[] = [{ type: "section", text: { type: "mrkdwn", text: headline } }];
  if (message.text) blocks.push({ type: "section", text: { type: "mrkdwn", text: escapeSlack(message.text) } });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: escapeSlack(`Preflight · ${message.project.name} · ${message.event}`) }] });
  if (message.release) {
    blocks.push({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open the release" }, url: message.release.url }],
    });
  }
  return { text: message.release ? `${message.title}: ${message.release.url}` : message.title, blocks };
}

/** Slack mrkdwn treats &, < and > as control characters. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The generic webhook's JSON body (Standard Webhooks recommends `type`, `timestamp` and `data`). */
export function webhookBody(message: NotificationMessage): Record<string, unknown> {
  return {
    type: `preflight.${message.event}`,
    timestamp: message.at,
    data: {
      title: message.title,
      text: message.text,
      project: message.project,
      release: message.release,
      auditEventId: message.auditEventId,
    },
  };
}

export function bodyFor(kind: ChannelKind, message: NotificationMessage): Record<string, unknown> {
  return kind === "SLACK" ? slackBody(message) : webhookBody(message);
}

/** An error for the delivery log: one line, bounded, with anything that looks like a URL masked. */
export function shortError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .replace(/https?:\/\/\S+/g, (url) => maskUrl(url))
    .replace(/\s+/g, " ")
    .slice(0, 200);
}
