// Live events. Every web process holds ONE PostgreSQL connection that LISTENs for the NOTIFYs written
// with each change (see the live_events migration) and fans them out in-process to its Server-Sent
// Events clients. Several web processes on one database each get every event.
import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { getEnv } from "@/lib/env";
import type { AuditNotice, LogNotice } from "./notice";

export type LiveNotice = ({ kind: "audit" } & AuditNotice) | ({ kind: "log" } & LogNotice);

const CHANNELS = { preflight_events: "audit", preflight_logs: "log" } as const;

class EventBus extends EventEmitter {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryDelayMs = 500;

  /** Connects the LISTEN connection on first use; reconnects with backoff if it drops. */
  ensureListening(): Promise<void> {
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }

  private async connect() {
    const client = new pg.Client({ connectionString: getEnv().DATABASE_URL });
    client.on("notification", (message) => {
      const kind = CHANNELS[message.channel as keyof typeof CHANNELS];
      if (!kind || !message.payload) return;
      try {
        this.emit("notice", { kind, ...JSON.parse(message.payload) } as LiveNotice);
      } catch {
        // a malformed payload is dropped; the next event or a refetch brings the state
      }
    });
    const reconnect = () => {
      if (this.client !== client) return;
      this.client = null;
      this.connecting = null;
      this.emit("reconnecting");
      setTimeout(() => void this.ensureListening().catch(() => undefined), this.retryDelayMs).unref();
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, 10_000);
    };
    client.on("error", reconnect);
    client.on("end", reconnect);
    await client.connect();
    for (const channel of Object.keys(CHANNELS)) await client.query(`LISTEN ${channel}`);
    this.client = client;
    this.retryDelayMs = 500;
  }
}

// One bus per process, kept across hot reloads in development.
const globalForBus = globalThis as unknown as { preflightEventBus?: EventBus };
export const eventBus: EventBus = (globalForBus.preflightEventBus ??= (() => {
  const bus = new EventBus();
  bus.setMaxListeners(0);
  return bus;
})());
