// Reads for the set-up page's Notifications card: the channels (URL masked) and each one's latest deliveries.
import "server-only";
import { db } from "@/lib/db";
import { CHANNEL_LIMITS } from "./rules";

export async function listNotificationChannels(projectId: string) {
  const channels = await db.notificationChannel.findMany({
    where: { projectId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true, kind: true, name: true, urlHint: true, events: true, disabled: true, createdAt: true,
      createdBy: { select: { name: true } },
      deliveries: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: CHANNEL_LIMITS.logRows,
        select: { id: true, event: true, status: true, attempts: true, lastStatusCode: true, lastError: true, createdAt: true, sentAt: true, nextAttemptAt: true },
      },
    },
  });
  return channels;
}

export type NotificationChannelView = Awaited<ReturnType<typeof listNotificationChannels>>[number];
