"use client";

import { useState } from "react";
import { failureText, useAction } from "@/components/actions/use-action";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { replayWebhookDeliveryAction } from "@/lib/integrations/github/actions";

/** Applies a logged delivery again; what it did is shown and recorded in the audit log. */
export function ReplayDeliveryButton({ deliveryId, label }: { deliveryId: string; label: string }) {
  const replayDelivery = useAction(replayWebhookDeliveryAction);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function replay() {
    const result = await replayDelivery.run({ deliveryId });
    setMessage(result.ok ? { ok: true, text: result.data.outcome } : { ok: false, text: failureText(result) });
  }

  return (
    <div className="flex flex-col gap-1">
      <ConfirmDialog
        trigger={
          <Button variant="secondary" size="sm" className="self-start">
            Replay
          </Button>
        }
        title={`Replay ${label}?`}
        description="Its event is applied again to the project's open releases: items it binds that are still open get ticked (or noted). The replay is recorded in the audit log."
        confirmLabel="Replay delivery"
        onConfirm={() => replay()}
      />
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "text-xs text-muted" : "text-xs text-danger-text"}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
