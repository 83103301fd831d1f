// Per-token rate limit: a token bucket per token, in this web process's memory. Each token may send a burst of
// `perMinute` requests, refilled at perMinute/60 a second; a request with an empty bucket is refused with how
// long until one is back. In memory because the check must cost nothing per request (no write); with several
// web processes each counts on its own (docs/OPERATIONS.md).
import { getWebEnv } from "@/lib/env";

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the next request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

/** Buckets idle this long are full again and can be forgotten. */
const IDLE_FORGET_MS = 10 * 60 * 1000;
const MAX_BUCKETS = 10_000;

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perMinute: number) {}

  take(key: string, now = Date.now()): RateDecision {
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * ratePerMs);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > MAX_BUCKETS) this.forgetIdle(now);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  private forgetIdle(now: number) {
    for (const [key, bucket] of this.buckets) if (now - bucket.at > IDLE_FORGET_MS) this.buckets.delete(key);
  }
}

const limiters = new Map<string, { perMinute: number; value: TokenBucketLimiter }>();

function limiterOf(name: string, perMinute: number): TokenBucketLimiter {
  const current = limiters.get(name);
  if (current?.perMinute === perMinute) return current.value;
  const value = new TokenBucketLimiter(perMinute);
  limiters.set(name, { perMinute, value });
  return value;
}

/** The process's limiter, sized by PREFLIGHT_API_RATE_LIMIT (requests per minute per token, lib/env.ts). */
export function apiRateLimiter(): TokenBucketLimiter {
  return limiterOf("api", getWebEnv().PREFLIGHT_API_RATE_LIMIT);
}

/**
 * OFREP's own limiter (PREFLIGHT_OFREP_RATE_LIMIT): a service evaluates flags far more often than anyone calls the
 * REST API, and a provider that is refused falls back to its defaults without a word.
 */
export function ofrepRateLimiter(): TokenBucketLimiter {
  return limiterOf("ofrep", getWebEnv().PREFLIGHT_OFREP_RATE_LIMIT);
}
