// A notification channel's credentials: its URL (a Slack incoming-webhook URL is one: whoever has it can
// post to the channel) and, for a generic webhook, the Standard Webhooks signing secret that Preflight makes
// and shows once. Both are kept encrypted like project secrets (PREFLIGHT_SECRETS_KEY).
import { randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";
import { decryptSecret, encryptSecret, requireSecretsKey } from "@/lib/secrets/crypto";

// Names bound into the ciphertexts; no project secret can have them (secret names are UPPER_CASE).
const URL_NAME = "notification-url";
const SIGNING_NAME = "notification-signing-secret";

/** A Standard Webhooks secret: "whsec_" and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

const key = () => requireSecretsKey(getEnv().PREFLIGHT_SECRETS_KEY);

export function encryptChannelUrl(projectId: string, url: string): string {
  return encryptSecret(key(), projectId, URL_NAME, url);
}

export function decryptChannelUrl(projectId: string, stored: string): string {
  return decryptSecret(key(), projectId, URL_NAME, stored);
}

export function encryptSigningSecret(projectId: string, secret: string): string {
  return encryptSecret(key(), projectId, SIGNING_NAME, secret);
}

export function decryptSigningSecret(projectId: string, stored: string): string {
  return decryptSecret(key(), projectId, SIGNING_NAME, stored);
}
