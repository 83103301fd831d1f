// Reading project secrets: decrypted only on the worker, for a step about to run; pages get names, who and when.
import type { Db } from "@/lib/db-types";
import { getEnv } from "@/lib/env";
import { decryptSecret, requireSecretsKey, SecretsKeyError } from "./crypto";

/** The project's secrets by name, decrypted. Without any secrets no key is needed. */
export async function loadProjectSecrets(db: Db, projectId: string): Promise<Record<string, string>> {
  const rows = await db.projectSecret.findMany({ where: { projectId }, select: { name: true, value: true } });
  if (rows.length === 0) return {};
  const key = requireSecretsKey(getEnv().PREFLIGHT_SECRETS_KEY);
  return Object.fromEntries(rows.map((row) => [row.name, decryptSecret(key, projectId, row.name, row.value)]));
}

export interface SecretListing {
  name: string;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
  updatedBy: string | null;
}

/** Names and attribution only: the value never leaves the server. */
export async function listProjectSecrets(db: Db, projectId: string): Promise<SecretListing[]> {
  const rows = await db.projectSecret.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: { name: true, createdAt: true, updatedAt: true, createdBy: { select: { name: true } }, updatedBy: { select: { name: true } } },
  });
  return rows.map((row) => ({ name: row.name, createdAt: row.createdAt, updatedAt: row.updatedAt, createdBy: row.createdBy?.name ?? null, updatedBy: row.updatedBy?.name ?? null }));
}

/**
 * For start-up (web and worker): once any secret exists, the key must be set and must open them. Returns
 * null when all is well, else the message to stop with.
 */
export async function secretsKeyProblem(db: Db): Promise<string | null> {
  const sample = await db.projectSecret.findFirst({ select: { projectId: true, name: true, value: true } });
  if (!sample) return null;
  try {
    decryptSecret(requireSecretsKey(getEnv().PREFLIGHT_SECRETS_KEY), sample.projectId, sample.name, sample.value);
    return null;
  } catch (error) {
    if (error instanceof SecretsKeyError) return `Project secrets exist, but ${error.message.replace(/^The secret/, "the secret")}`;
    throw error;
  }
}
