"use client";

import { useState } from "react";
import { failureText, useAction } from "@/components/actions/use-action";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { AlertIcon } from "@/components/ui/icons";
import { setGithubWebhookSecretAction } from "@/lib/integrations/github/actions";

/** The payload URL to paste into GitHub, and the secret: made here, shown once. */
export function GithubWebhookSetup({ projectId, url, hasSecret }: { projectId: string; url: string; hasSecret: boolean }) {
  const makeWebhookSecret = useAction(setGithubWebhookSecretAction);
  const pending = makeWebhookSecret.pending;
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function makeSecret() {
    const result = await makeWebhookSecret.run({ projectId });
    if (!result.ok) {
      setError(failureText(result));
      return;
    }
    setError(null);
    setSecret(result.data.secret);
  }

  return (
    <div className="flex flex-col gap-3 text-sm">
      <ol className="flex list-decimal flex-col gap-1 pl-5 text-muted">
        <li>On GitHub, open the repository&rsquo;s Settings → Webhooks → Add webhook.</li>
        <li>
          Payload URL: <code className="font-mono text-xs break-all text-foreground">{url}</code>{" "}
          <CopyButton text={url} label="payload URL" size="sm" variant="ghost" />
        </li>
        <li>Content type: application/json. Secret: the one made below.</li>
        <li>Events: workflow runs, releases and pushes (or “Send me everything”).</li>
      </ol>
      {secret ? (
        <div role="status" className="flex flex-col gap-2 rounded-md border border-success/30 bg-success-soft px-3 py-2">
          <p className="font-medium">The secret, shown this once: paste it into GitHub now.</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="min-w-0 font-mono text-xs break-all" data-testid="webhook-secret">
              {secret}
            </code>
            <CopyButton text={secret} label="webhook secret" size="sm" />
          </div>
        </div>
      ) : null}
      {hasSecret ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm" className="self-start" disabled={pending}>
              Replace the secret
            </Button>
          }
          title="Replace the GitHub webhook secret?"
          description="GitHub's deliveries are refused (401) until the new secret is pasted into the webhook's settings."
          confirmLabel="Replace secret"
          tone="danger"
          onConfirm={() => makeSecret()}
        />
      ) : (
        <Button variant="secondary" size="sm" className="self-start" disabled={pending} onClick={() => void makeSecret()}>
          {pending ? "Making…" : "Make a webhook secret"}
        </Button>
      )}
      {error ? (
        <p role="alert" className="flex gap-2 rounded-md border border-danger/25 bg-danger-soft px-3 py-2 text-danger-text">
          <AlertIcon />
          <span className="min-w-0 [overflow-wrap:anywhere]">{error}</span>
        </p>
      ) : null}
    </div>
  );
}
