// Reads for the integration pages: the delivery log (admins) and a project's webhook set-up.
import "server-only";
import { db } from "@/lib/db";
import { githubWebhookUrl } from "./github/url";

export const DELIVERIES_PAGE_SIZE = 25;
/** A payload larger than this is shown cut, with its size: the page must stay light. */
const SHOWN_PAYLOAD_CHARS = 20_000;

/** One page of the delivery log, newest first (page 1-based), and the total. */
export async function listWebhookDeliveries(page: number) {
  const [total, rows] = await Promise.all([
    db.webhookDelivery.count(),
    db.webhookDelivery.findMany({
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * DELIVERIES_PAGE_SIZE,
      take: DELIVERIES_PAGE_SIZE,
      select: {
        id: true, source: true, deliveryId: true, event: true, payload: true, receivedAt: true, processedAt: true, signatureValid: true,
        bodyBytes: true, outcome: true, error: true, replayCount: true,
        project: { select: { slug: true, name: true } },
      },
    }),
  ]);
  const deliveries = rows.map(({ payload, ...row }) => {
    const text = JSON.stringify(payload, null, 2);
    return { ...row, payload: text.length > SHOWN_PAYLOAD_CHARS ? `${text.slice(0, SHOWN_PAYLOAD_CHARS)}\n… (cut: ${text.length.toLocaleString("en-US")} characters in all)` : text };
  });
  return { deliveries, total, pages: Math.max(1, Math.ceil(total / DELIVERIES_PAGE_SIZE)) };
}

export type WebhookDeliveryRow = Awaited<ReturnType<typeof listWebhookDeliveries>>["deliveries"][number];

/** What the project's set-up page shows of its GitHub webhook: the URL to paste, and whether a secret is set. */
export async function getGithubWebhookSetup(projectId: string) {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { slug: true, githubWebhookSecret: true } });
  if (!project) return null;
  const last = await db.webhookDelivery.findFirst({
    where: { projectId, source: "github" },
    orderBy: { receivedAt: "desc" },
    select: { receivedAt: true, event: true, signatureValid: true },
  });
  return { url: githubWebhookUrl(project.slug), hasSecret: project.githubWebhookSecret !== null, lastDelivery: last };
}
