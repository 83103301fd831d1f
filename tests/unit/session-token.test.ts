// lib/auth/session-token.ts decrypts next-auth's session cookie itself: it must accept exactly what next-auth's
// own decode accepts for Preflight's tokens, and refuse the rest.
import { encode, decode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken, sessionCookieName, sessionTokenFrom } from "@/lib/auth/session-token";

const secret = "unit-test-session-secret-0123456789abcdef";
const claims = { sub: "user-1", sv: 3, mcp: false, name: "Rae", email: "rae@example.com" };

describe("the session token", () => {
  it("reads what next-auth's encode wrote, as next-auth's decode does", async () => {
    const token = await encode({ token: claims, secret, maxAge: 60 });
    const ours = decodeSessionToken(token, secret);
    expect(ours).toEqual(await decode({ token, secret }));
    expect(ours).toMatchObject({ sub: "user-1", sv: 3 });
    expect(ours!.exp! - ours!.iat!).toBe(60);
  });

  it("refuses a token for another secret, an altered one and garbage", async () => {
    const token = await encode({ token: claims, secret, maxAge: 60 });
    expect(decodeSessionToken(token, `${secret}-other`)).toBeNull();
    const parts = token.split(".");
    const flipped = parts[3]!.startsWith("A") ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    expect(decodeSessionToken([parts[0], parts[1], parts[2], flipped, parts[4]].join("."), secret)).toBeNull();
    expect(decodeSessionToken([parts[0], parts[1], parts[2], parts[3], parts[4]!.slice(2)].join("."), secret)).toBeNull();
    expect(decodeSessionToken("not.a.token", secret)).toBeNull();
    expect(decodeSessionToken("", secret)).toBeNull();
    // An unencrypted token ("alg": "none") is not a session, in three parts or in five.
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
    expect(decodeSessionToken(none, secret)).toBeNull();
    expect(decodeSessionToken([Buffer.from(JSON.stringify({ alg: "none", enc: "A256GCM" })).toString("base64url"), "", parts[2], parts[3], parts[4]].join("."), secret)).toBeNull();
  });

  it("refuses a header respelled with characters outside base64url, which next-auth's decode refuses too", async () => {
    const token = await encode({ token: claims, secret, maxAge: 60 });
    const [header, ...rest] = token.split(".");
    const respelled = header!.slice(0, -1) + String.fromCharCode(0x100 + header!.charCodeAt(header!.length - 1));
    await expect(decode({ token: [respelled, ...rest].join("."), secret })).rejects.toThrow();
    expect(decodeSessionToken([respelled, ...rest].join("."), secret)).toBeNull();
  });

  it("refuses a token whose header names another algorithm or encryption, even under the right key", async () => {
    const token = await encode({ token: claims, secret, maxAge: 60 });
    const [, , iv, ciphertext, tag] = token.split(".");
    for (const header of [{ alg: "A256KW", enc: "A256GCM" }, { alg: "dir", enc: "A128CBC-HS256" }, { alg: "dir", enc: "A256GCM", zip: "DEF" }]) {
      expect(decodeSessionToken([Buffer.from(JSON.stringify(header)).toString("base64url"), "", iv, ciphertext, tag].join("."), secret)).toBeNull();
    }
  });

  it("refuses an expired token, allowing next-auth's 15 s of clock skew", async () => {
    const token = await encode({ token: claims, secret, maxAge: 60 });
    const { exp } = decodeSessionToken(token, secret)!;
    expect(decodeSessionToken(token, secret, (exp! + 14) * 1000)).not.toBeNull();
    expect(decodeSessionToken(token, secret, (exp! + 15) * 1000)).toBeNull();
    await expect(decode({ token: await encode({ token: claims, secret, maxAge: -60 }), secret })).rejects.toThrow();
    expect(decodeSessionToken(await encode({ token: claims, secret, maxAge: -60 }), secret)).toBeNull();
    // Not valid yet (nbf beyond the tolerance): refused; within it, accepted.
    const now = Math.floor(Date.now() / 1000);
    expect(decodeSessionToken(await encode({ token: { ...claims, nbf: now + 60 }, secret, maxAge: 600 }), secret)).toBeNull();
    expect(decodeSessionToken(await encode({ token: { ...claims, nbf: now + 5 }, secret, maxAge: 600 }), secret)).not.toBeNull();
  });

  it("finds the cookie, whole or in next-auth's chunks, under the name for the site's scheme", () => {
    expect(sessionCookieName("https://preflight.example.com")).toBe("__Secure-next-auth.session-token");
    expect(sessionCookieName("http://localhost:3000")).toBe("next-auth.session-token");
    expect(sessionCookieName(undefined)).toBe("next-auth.session-token");
    const name = "next-auth.session-token";
    expect(sessionTokenFrom([{ name: "other", value: "x" }, { name, value: "whole" }], name)).toBe("whole");
    expect(sessionTokenFrom([{ name: `${name}.1`, value: "b" }, { name: `${name}.0`, value: "a" }], name)).toBe("ab");
    expect(sessionTokenFrom([{ name: "__Secure-next-auth.session-token", value: "x" }], name)).toBeNull();
  });
});
