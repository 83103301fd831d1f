// Project secrets at rest: AES-256-GCM with the installation's key (PREFLIGHT_SECRETS_KEY, 32 bytes written
// as 64 hex characters or as base64). Each value gets a fresh 12-byte IV, and its project and name are
// bound in as associated data, so a ciphertext copied to another project or name does not decrypt.
// Stored as "v1:<iv>:<auth tag>:<ciphertext>", each part base64.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export class SecretsKeyError extends Error {}

const KEY_HELP = "set PREFLIGHT_SECRETS_KEY to 32 random bytes, as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)";

/** The key from its text form; throws SecretsKeyError naming what is wrong. */
export function parseSecretsKey(raw: string | undefined): Buffer {
  const text = raw?.trim() ?? "";
  if (!text) return requireSecretsKey(null);
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, "base64") : Buffer.alloc(0);
  if (key.length !== 32) throw new SecretsKeyError(`PREFLIGHT_SECRETS_KEY is not a 32-byte key: ${KEY_HELP}`);
  return key;
}

/** The key lib/env.ts read (null when unset); throws SecretsKeyError saying how to set one. */
export function requireSecretsKey(key: Buffer | null): Buffer {
  if (!key) throw new SecretsKeyError(`PREFLIGHT_SECRETS_KEY is not set: ${KEY_HELP}`);
  return key;
}

const aad = (projectId: string, name: string) => Buffer.from(`preflight-secret:${projectId}:${name}`, "utf8");

export function encryptSecret(key: Buffer, projectId: string, name: string, value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad(projectId, name));
  const encrypted = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), encrypted.toString("base64")].join(":");
}

export function decryptSecret(key: Buffer, projectId: string, name: string, stored: string): string {
  const [version, iv, tag, data, ...extra] = stored.split(":");
  if (version !== "v1" || !iv || !tag || data === undefined || extra.length > 0) throw new SecretsKeyError(`The secret ${name} is not stored in a format this version understands`);
  const ivBytes = Buffer.from(iv, "base64");
  const tagBytes = Buffer.from(tag, "base64");
  try {
    // A full 16-byte tag and a 12-byte IV only: a shortened tag would make forgeries cheap.
    if (ivBytes.length !== 12 || tagBytes.length !== 16) throw new Error("bad IV or tag length");
    const decipher = createDecipheriv("aes-256-gcm", key, ivBytes, { authTagLength: 16 });
    decipher.setAAD(aad(projectId, name));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretsKeyError(`The secret ${name} cannot be decrypted: PREFLIGHT_SECRETS_KEY is not the key it was written with`);
  }
}
