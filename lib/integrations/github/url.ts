import { getPublicUrl } from "@/lib/env";

/** The payload URL an admin pastes into the repository's webhook settings on GitHub. */
export function githubWebhookUrl(slug: string): string {
  return `${getPublicUrl()}/api/webhooks/github/${encodeURIComponent(slug)}`;
}
