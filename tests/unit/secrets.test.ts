import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, parseSecretsKey } from "@/lib/secrets/crypto";
import { createMasker } from "@/lib/secrets/mask";
import { redactUrl } from "@/lib/secrets/redact-url";
import { itReturnsEach } from "../support/tables";

describe("the secrets key", () => {
  it("takes 32 bytes as hex or base64 and names what is wrong otherwise", () => {
    const bytes = randomBytes(32);
    expect(parseSecretsKey(bytes.toString("hex"))).toEqual(bytes);
    expect(parseSecretsKey(bytes.toString("base64"))).toEqual(bytes);
    expect(() => parseSecretsKey(undefined)).toThrow("PREFLIGHT_SECRETS_KEY is not set");
    expect(() => parseSecretsKey("too-short")).toThrow("PREFLIGHT_SECRETS_KEY is not a 32-byte key");
    expect(() => parseSecretsKey(randomBytes(16).toString("hex"))).toThrow("PREFLIGHT_SECRETS_KEY is not a 32-byte key");
  });
});

describe("encryption at rest", () => {
  const key = randomBytes(32);
  it("round-trips, with a fresh IV each time", () => {
    const a = encryptSecret(key, "p1", "TOKEN", "value\nwith lines");
    expect(a).not.toContain("value");
    expect(a).not.toBe(encryptSecret(key, "p1", "TOKEN", "value\nwith lines"));
    expect(decryptSecret(key, "p1", "TOKEN", a)).toBe("value\nwith lines");
  });

  it("refuses another key, a tampered value, and a value moved to another project or name", () => {
    const stored = encryptSecret(key, "p1", "TOKEN", "value");
    const wrongKey = "The secret TOKEN cannot be decrypted: PREFLIGHT_SECRETS_KEY is not the key it was written with";
    expect(() => decryptSecret(randomBytes(32), "p1", "TOKEN", stored)).toThrow(wrongKey);
    const [v, iv, tag, data] = stored.split(":");
    const flipped = Buffer.from(data!, "base64");
    flipped[0]! ^= 1;
    expect(() => decryptSecret(key, "p1", "TOKEN", [v, iv, tag, flipped.toString("base64")].join(":"))).toThrow(wrongKey);
    expect(() => decryptSecret(key, "p2", "TOKEN", stored)).toThrow();
    // A shortened authentication tag is refused (it would make forgeries cheap).
    const short = Buffer.from(tag!, "base64").subarray(0, 4).toString("base64");
    expect(() => decryptSecret(key, "p1", "TOKEN", [v, iv, short, data].join(":"))).toThrow(wrongKey);
    expect(() => decryptSecret(key, "p1", "OTHER", stored)).toThrow();
  });
});

describe("masking", () => {
  it("masks a multi-line secret whole and line by line, longest first", () => {
    const pem = "-----BEGIN KEY-----\nAAAABBBBCCCC\nDDDDEEEEFFFF\n-----END KEY-----";
    const mask = createMasker([pem, "abc", "abcdef", ""]);
    expect(mask(`key: ${pem}`)).toBe("key: ***");
    expect(mask("DDDDEEEEFFFF")).toBe("***");
    expect(mask("x abcdef y abc")).toBe("x *** y ***");
    expect(mask("nothing here")).toBe("nothing here");
  });
});

describe("redacted URLs", () => {
  itReturnsEach(redactUrl, [
    ["https://user:pa55@example.com/x?token=abc&v=${VERSION}#frag=1", "https://***@example.com/x?token=***&v=${VERSION}#frag=***"],
    ["${PREFLIGHT_URL}/hook?key=abc", "${PREFLIGHT_URL}/hook?key=***"],
    ["https://example.com/path?flag", "https://example.com/path?***"],
    ["https://${secret:USER}@example.com/?a=${secret:T}", "https://${secret:USER}@example.com/?a=${secret:T}"],
    ["https://example.com/health", "https://example.com/health"],
  ]);
});
