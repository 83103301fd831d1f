// OAuth/OIDC sign-in, bound to the provider's subject. The first sign-in with a provider matches an existing,
// enabled user by an email the provider says it has verified (exactly `email_verified: true`, unless the
// installation opted out for that provider) and binds the provider's `sub` to that user; later sign-ins
// match on the subject alone. A provider whose users can set their own email cannot take over an account.
import { auditTypes } from "@/lib/audit/events/types";
import { capString } from "@/lib/audit/bounds";
import { recordAuditEvent } from "@/lib/audit/record";
import type { Db } from "@/lib/db-types";

export interface ProviderSignIn {
  provider: string;
  /** The provider's stable user id (OIDC `sub`, GitHub's numeric id). */
  subject: string;
  email: string | null | undefined;
  /** The provider's `email_verified` claim as received. Only `true` counts. */
  emailVerified: unknown;
  /** The installation opted out of the verified-email rule for this provider. */
  allowUnverifiedEmail: boolean;
}

export type ProviderSignInFailure = "no_subject" | "unverified_email" | "unknown_email" | "disabled" | "bound_to_other_subject";
export type ProviderSignInOutcome = { ok: true; userId: string; bound: boolean } | { ok: false; reason: ProviderSignInFailure };

export async function resolveProviderSignIn(db: Db, input: ProviderSignIn): Promise<ProviderSignInOutcome> {
  const outcome = await decide(db, input);
  const email = typeof input.email === "string" ? capString(input.email.trim().toLowerCase(), 254) : null;
  if (outcome.ok) {
    await db.user.update({ where: { id: outcome.userId }, data: { lastSignInAt: new Date() } });
    await recordAuditEvent(db, { type: auditTypes.authSignedIn, actorId: outcome.userId, payload: { method: input.provider, ...(outcome.bound ? { bound: true } : {}) } });
  } else {
    await recordAuditEvent(db, { type: auditTypes.authSignInFailed, payload: { email, provider: input.provider, reason: outcome.reason } });
  }
  return outcome;
}

async function decide(db: Db, input: ProviderSignIn): Promise<ProviderSignInOutcome> {
  const subject = input.subject.trim();
  if (!subject || subject.length > 255) return { ok: false, reason: "no_subject" };
  const bound = await db.userIdentity.findUnique({
    where: { provider_subject: { provider: input.provider, subject } },
    select: { id: true, user: { select: { id: true, disabledAt: true } } },
  });
  if (bound) {
    if (bound.user.disabledAt) return { ok: false, reason: "disabled" };
    await db.userIdentity.update({ where: { id: bound.id }, data: { lastUsedAt: new Date() } });
    return { ok: true, userId: bound.user.id, bound: false };
  }

  const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
  if (!email || email.length > 254) return { ok: false, reason: "unknown_email" };
  if (input.emailVerified !== true && !input.allowUnverifiedEmail) return { ok: false, reason: "unverified_email" };
  const user = await db.user.findUnique({ where: { email }, select: { id: true, disabledAt: true, identities: { where: { provider: input.provider }, select: { id: true } } } });
  if (!user) return { ok: false, reason: "unknown_email" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  // The user already signs in with another account at this provider: a second one is not bound silently.
  if (user.identities.length > 0) return { ok: false, reason: "bound_to_other_subject" };
  await db.userIdentity.create({ data: { userId: user.id, provider: input.provider, subject, email } });
  return { ok: true, userId: user.id, bound: true };
}

/** The user a provider account is bound to (after resolveProviderSignIn allowed it), for the session token. */
export async function boundUserId(db: Db, provider: string, subject: string): Promise<string | undefined> {
  const identity = await db.userIdentity.findUnique({ where: { provider_subject: { provider, subject } }, select: { userId: true } });
  return identity?.userId;
}
