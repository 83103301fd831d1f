// A project's GitHub webhook secret: made by Preflight (32 random bytes), shown once to the admin who
// pastes it into GitHub, and kept encrypted like project secrets (PREFLIGHT_SECRETS_KEY).
import { randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";
import { decryptSecret, encryptSecret, requireSecretsKey } from "@/lib/secrets/crypto";

// The name bound into the ciphertext; no project secret can have it (secret names are UPPER_CASE).
const SECRET_NAME = "github-webhook";

export function newWebhookSecret(): string {
  return randomBytes(32).toString("hex");
}

/** Throws SecretsKeyError (with how to set the key) when PREFLIGHT_SECRETS_KEY is not set. */
export function encryptWebhookSecret(projectId: string, secret: string): string {
  return encryptSecret(requireSecretsKey(getEnv().PREFLIGHT_SECRETS_KEY), projectId, SECRET_NAME, secret);
}

export function decryptWebhookSecret(projectId: string, stored: string): string {
  return decryptSecret(requireSecretsKey(getEnv().PREFLIGHT_SECRETS_KEY), projectId, SECRET_NAME, stored);
}
