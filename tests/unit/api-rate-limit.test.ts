import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "@/lib/api/rate-limit";
import { generateToken, hashToken, isTokenShaped, shownPrefix } from "@/lib/tokens/token";

describe("per-token rate limit (token bucket)", () => {
  it("lets a burst of the per-minute count through, then refuses with the seconds until the next request", () => {
    const limiter = new TokenBucketLimiter(60);
    const at = 1_000_000;
    for (let i = 0; i < 60; i++) expect(limiter.take("t", at).allowed).toBe(true);
    expect(limiter.take("t", at)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // One request a second comes back (60 a minute).
    expect(limiter.take("t", at + 1000).allowed).toBe(true);
    expect(limiter.take("t", at + 1000).allowed).toBe(false);
  });

  it("counts each token on its own", () => {
    const limiter = new TokenBucketLimiter(2);
    expect([limiter.take("a", 0).allowed, limiter.take("a", 0).allowed, limiter.take("a", 0).allowed]).toEqual([true, true, false]);
    expect(limiter.take("b", 0).allowed).toBe(true);
  });

  it("says how long to wait at a slow rate", () => {
    const limiter = new TokenBucketLimiter(1);
    expect(limiter.take("t", 0).allowed).toBe(true);
    expect(limiter.take("t", 0)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.take("t", 30_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.take("t", 60_000).allowed).toBe(true);
  });
});

describe("API token strings", () => {
  it("are pf_ and 256 random bits, different every time, recognisable before any lookup", () => {
    const [a, b] = [generateToken(), generateToken()];
    expect(a).toMatch(/^pf_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(isTokenShaped(a)).toBe(true);
    expect(isTokenShaped(`${a}x`)).toBe(false);
    expect(isTokenShaped("pf_short")).toBe(false);
  });

  it("are stored as their SHA-256 and shown by their first 11 characters", () => {
    // sha256("abc"), the standard's own test vector.
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(shownPrefix("pf_abcdefghijkl")).toBe("pf_abcdefgh");
  });
});
