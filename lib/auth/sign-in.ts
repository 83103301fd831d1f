// Password sign-in with rate limiting and audit. Every attempt is recorded; failures answer with one
// generic outcome so the form cannot be used to find out which emails exist or are locked.
import { auditTypes } from "@/lib/audit/events/types";
import { capString } from "@/lib/audit/bounds";
import { recordAuditEvent } from "@/lib/audit/record";
import type { Db } from "@/lib/db-types";
import type { Role } from "@/lib/generated/prisma/enums";
import { rateLimitKey } from "@/lib/http/client-ip";
import { countSignInFailure } from "@/lib/metrics/registry";
import { USER_LIMITS } from "@/lib/users/limits";
import { verifyPassword } from "./password";

// Lockouts are per email AND client address, with exponential backoff: after MAX_FAILURES_PER_PAIR failures
// from one address for one email, each further attempt from there waits BASE_LOCK_MS × 2^(extra failures),
// up to MAX_LOCK_MS. Someone guessing from elsewhere therefore cannot lock the owner out (the owner signs
// in from their own address); the per-address limit stops one address spraying many emails.
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_PAIR = 5;
export const BASE_LOCK_MS = 60 * 1000;
export const MAX_LOCK_MS = 60 * 60 * 1000;
/** Failures older than this no longer count towards a pair's backoff. */
export const PAIR_MEMORY_MS = 24 * 60 * 60 * 1000;
export const MAX_FAILURES_PER_IP = 30;

// Compared against when the email is unknown, so that both cases take the same time.
const DUMMY_HASH = "$2b$12$ldBJ0HxV9HgvEa01ArBBpOA3XgxBLhpjeB/lCs5TE1ihCb2lvPohW";

export type SignInFailure = "invalid_input" | "unknown_email" | "bad_password" | "disabled" | "no_password" | "rate_limited";
export type SignInOutcome =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; mustChangePassword: boolean } }
  | { ok: false; reason: SignInFailure };

/** How long a pair with `failures` failures is locked after its latest one (0: not locked). Pure. */
export function lockDurationMs(failures: number): number {
  if (failures < MAX_FAILURES_PER_PAIR) return 0;
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** Math.min(30, failures - MAX_FAILURES_PER_PAIR));
}

/** Whether earlier failures lock this email from this IP, or this IP; `attemptId` (the attempt being decided) is not counted. */
export async function isRateLimited(db: Db, email: string, ip: string, now = new Date(), attemptId?: bigint): Promise<boolean> {
  const notThisOne = attemptId === undefined ? {} : { id: { not: attemptId } };
  const memory = new Date(now.getTime() - PAIR_MEMORY_MS);
  const lastSuccess = await db.signInAttempt.findFirst({
    where: { email, ip, succeeded: true, at: { gte: memory } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  const pairWhere = { email, ip, succeeded: false, at: { gte: lastSuccess?.at ?? memory, lte: now }, ...notThisOne };
  const [pairFailures, latest, ipFailures] = await Promise.all([
    db.signInAttempt.count({ where: pairWhere }),
    db.signInAttempt.findFirst({ where: pairWhere, orderBy: { at: "desc" }, select: { at: true } }),
    db.signInAttempt.count({ where: { ip, succeeded: false, at: { gte: new Date(now.getTime() - SIGN_IN_WINDOW_MS), lte: now }, ...notThisOne } }),
  ]);
  const lockedUntil = latest ? latest.at.getTime() + lockDurationMs(pairFailures) : 0;
  return now.getTime() < lockedUntil || ipFailures >= MAX_FAILURES_PER_IP;
}

/** An IPv6 address with zone id fits; anything longer is not an address and is stored cut. */
export const MAX_IP_LENGTH = 64;

export async function attemptPasswordSignIn(db: Db, raw: { email: string; password: string; ip: string }): Promise<SignInOutcome> {
  const email = raw.email.trim().toLowerCase();
  // IPv6 clients are counted (and recorded) by their /64 network: see rateLimitKey.
  const input = { password: raw.password, ip: rateLimitKey(capString(raw.ip.trim(), MAX_IP_LENGTH)) || "unknown" };
  // Bounded before the database is touched: input no real account can have (an empty or 150,000-character
  // email, a password longer than any we accept) is refused without a row, an audit event or a bcrypt run.
  if (!email || !input.password || email.length > USER_LIMITS.emailChars || input.password.length > USER_LIMITS.passwordChars) {
    countSignInFailure("invalid_input");
    return { ok: false, reason: "invalid_input" };
  }
  // Recorded as a failure BEFORE deciding, and marked a success afterwards if it is one. Recorded only after
  // the ~250 ms bcrypt check, a burst of parallel guesses would all pass the limit before any of them was
  // counted; this way every attempt sees those that started before it, so at most the limit get through.
  const attempt = await db.signInAttempt.create({ data: { email, ip: input.ip, succeeded: false }, select: { id: true } });
  const outcome = await decide(db, email, input.password, input.ip, attempt.id);
  if (outcome.ok) {
    await db.signInAttempt.update({ where: { id: attempt.id }, data: { succeeded: true } });
    await db.user.update({ where: { id: outcome.user.id }, data: { lastSignInAt: new Date() } });
    await recordAuditEvent(db, { type: auditTypes.authSignedIn, actorId: outcome.user.id, payload: { method: "password", ip: input.ip } });
  } else {
    countSignInFailure(outcome.reason);
    await recordAuditEvent(db, { type: auditTypes.authSignInFailed, actorId: null, payload: { email, ip: input.ip, reason: outcome.reason } });
  }
  return outcome;
}

async function decide(db: Db, email: string, password: string, ip: string, attemptId: bigint): Promise<SignInOutcome> {
  if (await isRateLimited(db, email, ip, new Date(), attemptId)) return { ok: false, reason: "rate_limited" };
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, passwordHash: true, disabledAt: true, mustChangePassword: true },
  });
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user) return { ok: false, reason: "unknown_email" };
  if (!user.passwordHash) return { ok: false, reason: "no_password" };
  if (!matches) return { ok: false, reason: "bad_password" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, mustChangePassword: user.mustChangePassword } };
}
