import type { Metadata } from "next";
import Link from "next/link";
import { ReplayDeliveryButton } from "@/components/integrations/replay-delivery-button";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageLinks, parsePage } from "@/components/ui/page-links";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listWebhookDeliveries, type WebhookDeliveryRow } from "@/lib/integrations/queries";
import { Forbidden } from "@/components/ui/forbidden";

export const metadata: Metadata = { title: "Webhook deliveries" };
export const dynamic = "force-dynamic";

type WebhooksPageProps = { searchParams: Promise<{ page?: string | string[] }> };

export default async function WebhookDeliveriesPage({ searchParams }: WebhooksPageProps) {
  const user = await requireUser();
  const decision = can(user, "token.manage");
  if (!decision.allowed) {
    return (
      <Forbidden reason={decision.reason}>
        The webhook delivery log is for admins.
      </Forbidden>
    );
  }
  const page = parsePage((await searchParams).page);
  const { deliveries, total, pages } = await listWebhookDeliveries(page);

  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-6 pt-8">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Webhook deliveries</h1>
        <p className="max-w-prose text-sm text-muted">
          Every delivery GitHub sent, newest first: its event, whether its signature verified, and what it changed or why it changed nothing. A
          project&rsquo;s webhook is set up on its set-up page.
        </p>
      </header>
      <Card>
        <CardHeader>
          <CardTitle>
            {total.toLocaleString("en-US")} {total === 1 ? "delivery" : "deliveries"}
          </CardTitle>
        </CardHeader>
        {deliveries.length === 0 ? (
          <EmptyState
            title="No deliveries yet"
            description="When a project's GitHub webhook is set up, each delivery GitHub sends is listed here."
            className="border-t border-border"
          />
        ) : (
          <ul className="divide-y divide-border border-t border-border" aria-label="Deliveries">
            {deliveries.map((delivery) => (
              <DeliveryItem key={delivery.id} delivery={delivery} />
            ))}
          </ul>
        )}
        {pages > 1 ? <PageLinks page={page} pages={pages} hrefFor={(n) => (n === 1 ? "/admin/webhooks" : `/admin/webhooks?page=${n}`)} label="Pages of deliveries" /> : null}
      </Card>
    </div>
  );
}

function DeliveryItem({ delivery }: { delivery: WebhookDeliveryRow }) {
  const shownId = delivery.signatureValid ? delivery.deliveryId : "unverified";
  return (
    <li className="flex flex-col gap-2 px-4 py-3 text-sm sm:px-5" data-testid="webhook-delivery">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-mono font-medium">{delivery.event}</span>
        {delivery.signatureValid ? <Badge tone="success">Signature verified</Badge> : <Badge tone="danger">Signature refused</Badge>}
        {delivery.replayCount > 0 ? <Badge>Replayed {delivery.replayCount}×</Badge> : null}
        <span className="text-muted">
          {delivery.project ? (
            <Link href={`/projects/${delivery.project.slug}`} className="text-link underline-offset-2 hover:underline">
              {delivery.project.name}
            </Link>
          ) : (
            "no project"
          )}
          {" · "}
          <time dateTime={delivery.receivedAt.toISOString()}>{formatDateTime(delivery.receivedAt)}</time>
          {" · "}
          <span className="font-mono text-xs">{shownId}</span>
          {" · "}
          {delivery.bodyBytes.toLocaleString("en-US")} bytes
        </span>
      </div>
      <p className="[overflow-wrap:anywhere]">{delivery.outcome ?? delivery.error ?? "Not processed."}</p>
      <div className="flex flex-wrap items-start gap-3">
        <details className="min-w-0 flex-1 rounded-md border border-border px-3 py-2">
          <summary className="cursor-pointer text-xs font-medium">Payload</summary>
          <pre className="mt-2 max-h-80 overflow-auto text-xs whitespace-pre-wrap [overflow-wrap:anywhere]">{delivery.payload}</pre>
        </details>
        {delivery.signatureValid && delivery.project ? <ReplayDeliveryButton deliveryId={delivery.id} label={`delivery ${delivery.deliveryId}`} /> : null}
      </div>
    </li>
  );
}
