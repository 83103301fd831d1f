"use server";

import { ActionError, defineAction } from "@/lib/actions/define-action";
import { auditTypes } from "@/lib/audit/events/types";
import { db } from "@/lib/db";
import { createApiTokenSchema, createProjectTokenSchema, revokeApiTokenSchema } from "./schemas";
import { issueToken, TooManyTokensError, type TokenOwner } from "./store";

async function issue(tx: Parameters<typeof issueToken>[0], owner: TokenOwner, name: string, expiresInDays: number | null) {
  try {
    return await issueToken(tx, { ...owner, name, expiresInDays });
  } catch (error) {
    if (error instanceof TooManyTokensError) throw new ActionError("conflict", `${error.message}.`);
    throw error;
  }
}

/** A token for the signed-in user, acting as them within its scopes. The token is in the result, once. */
export const createApiTokenAction = defineAction({
  name: "createApiToken",
  permission: "token.own",
  input: createApiTokenSchema,
  revalidate: ["/account/tokens", "/admin/tokens"],
  async run({ tx, input, actor, audit }) {
    const issued = await issue(tx, { userId: actor.id, scopes: input.scopes }, input.name, input.expiresInDays);
    await audit({ type: auditTypes.tokenCreated, payload: { tokenId: issued.id, name: input.name, prefix: issued.prefix, scopes: input.scopes, userId: actor.id, expiresAt: issued.expiresAt?.toISOString() ?? null } });
    return { id: issued.id, token: issued.token, prefix: issued.prefix };
  },
});

/** A project's read token for its feature flags (services, OFREP): admins only. */
export const createProjectTokenAction = defineAction({
  name: "createProjectToken",
  permission: "token.manage",
  input: createProjectTokenSchema,
  revalidate: ["/admin/tokens"],
  async run({ tx, input, audit }) {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true, slug: true } });
    if (!project) throw new ActionError("invalid", "Choose a project.", { projectId: ["Choose a project"] });
    const issued = await issue(tx, { projectId: project.id, scopes: input.scopes }, input.name, input.expiresInDays);
    await audit({ type: auditTypes.tokenCreated, projectId: project.id, payload: { tokenId: issued.id, name: input.name, prefix: issued.prefix, scopes: input.scopes, project: project.slug, expiresAt: issued.expiresAt?.toISOString() ?? null } });
    return { id: issued.id, token: issued.token, prefix: issued.prefix };
  },
});

/** Revokes a token at once: the next request made with it is refused. Owners revoke theirs; admins any. */
export const revokeApiTokenAction = defineAction({
  name: "revokeApiToken",
  permission: "token.own",
  input: revokeApiTokenSchema,
  revalidate: ["/account/tokens", "/admin/tokens"],
  async resource(input) {
    const token = await db.apiToken.findUnique({ where: { id: input.tokenId }, select: { userId: true } });
    if (!token) throw new ActionError("not_found", "That API token does not exist (any more).");
    return { tokenOwnerId: token.userId };
  },
  async run({ tx, input, audit }) {
    const token = await tx.apiToken.findUniqueOrThrow({ where: { id: input.tokenId }, select: { id: true, name: true, prefix: true, userId: true, projectId: true, revokedAt: true } });
    if (token.revokedAt) throw new ActionError("conflict", `“${token.name}” was already revoked.`);
    // Conditional, so that of two concurrent revokes one records it and the other is told it is done.
    const revoked = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count === 0) throw new ActionError("conflict", `“${token.name}” was already revoked.`);
    await audit({ type: auditTypes.tokenRevoked, projectId: token.projectId, payload: { tokenId: token.id, name: token.name, prefix: token.prefix, ...(token.userId ? { userId: token.userId } : {}) } });
    return { id: token.id };
  },
});
