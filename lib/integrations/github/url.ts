import { publicUrlFromEnv } from "@/lib/projects/variables";

/** The payload URL an admin pastes into the repository's webhook settings on GitHub. */
export function githubWebhookUrl(slug: string): string {
  return `${publicUrlFromEnv()}/api/webhooks/github/${encodeURIComponent(slug)}`;
}
