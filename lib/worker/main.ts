// The worker process, started by `npm start` beside the web server. For now it reports liveness;
// deploy steps arrive with the deploy pipelines.
import os from "node:os";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { beat, HEARTBEAT_INTERVAL_MS } from "./heartbeat";

const worker = { id: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, hostname: os.hostname(), pid: process.pid };
let stopping = false;

async function heartbeatLoop() {
  while (!stopping) {
    try {
      await beat(db, worker);
    } catch (error) {
      console.error(`[worker] heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_INTERVAL_MS).unref());
  }
}

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: stopping`);
  await db.workerHeartbeat.delete({ where: { id: worker.id } }).catch(() => undefined);
  await db.$disconnect();
  process.exit(0);
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

console.log(`[worker] ${worker.id} started`);
void heartbeatLoop();
