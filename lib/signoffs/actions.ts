"use server";

import { auditTypes } from "@/lib/audit/events/types";
import { ActionError, defineAction } from "@/lib/actions/define-action";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { moveRelease } from "@/lib/lifecycle/write";
import { loadReleaseFacts, lockRelease } from "@/lib/releases/facts";
import { readinessBlockers } from "@/lib/releases/rules";
import { revokeSignoffSchema, signOffSchema } from "@/lib/releases/schemas";
import { SIGNOFF_OPEN_STATUSES, signoffWindowRefusal } from "./rules";
import { checklistStateAtSigning, itemsMissingEvidence } from "./scope";

export const signOffAction = defineAction({
  name: "signOff",
  permission: "signoff.sign",
  input: signOffSchema,
  async resource(input) {
    const requirement = await db.signoffRequirement.findUnique({
      where: { id: input.requirementId },
      select: { title: true, role: true, excludeReleaseManager: true, release: { select: { releaseManagerId: true } } },
    });
    if (!requirement) throw new ActionError("not_found", "That sign-off requirement does not exist (any more).");
    return { requirement, releaseManagerId: requirement.release.releaseManagerId };
  },
  async run({ tx, input, actor, audit }) {
    const { releaseId } = await tx.signoffRequirement.findUniqueOrThrow({ where: { id: input.requirementId }, select: { releaseId: true } });
    await lockRelease(tx, releaseId);
    const requirement = await tx.signoffRequirement.findUniqueOrThrow({
      where: { id: input.requirementId },
      select: {
        id: true, title: true, role: true, excludeReleaseManager: true, scope: true, dueAfterDeployAt: true,
        release: { select: { id: true, projectId: true, status: true, releaseManagerId: true, breakGlassAt: true } },
      },
    });
    const { release } = requirement;
    // The resource check above ran before the release's lock: asked again under it, a concurrent change of
    // release manager cannot slip a four-eyes sign-off past the rule.
    const decision = can(actor, "signoff.sign", { requirement, releaseManagerId: release.releaseManagerId });
    if (!decision.allowed) throw new ActionError("forbidden", decision.reason);
    // Missing at a break-glass deploy: still owed once the release has deployed.
    const afterBreakGlass = requirement.dueAfterDeployAt !== null && release.breakGlassAt !== null && !SIGNOFF_OPEN_STATUSES.includes(release.status);
    const refusal = signoffWindowRefusal(release.status, "sign", { dueAfterDeploy: requirement.dueAfterDeployAt !== null });
    if (refusal) throw new ActionError("conflict", refusal);

    // A double submit finds the first sign-off and says so instead of signing twice. (It cannot succeed
    // quietly: the action wrapper treats a success without an audit event as a bug and answers "error".)
    const current = await tx.signoff.findFirst({
      where: { requirementId: requirement.id, revokedAt: null, staleAt: null },
      select: { id: true, signedBy: { select: { name: true } } },
    });
    if (current) throw new ActionError("conflict", `“${requirement.title}” is already signed by ${current.signedBy.name}.`);

    // A renewal replaces the stale sign-off, so revoking the renewal later leaves the requirement missing.
    await tx.signoff.updateMany({
      where: { requirementId: requirement.id, revokedAt: null, staleAt: { not: null } },
      data: { revokedAt: new Date(), revokedById: actor.id, revokeReason: "Renewed" },
    });
    // What this requirement attests (its scope), as done now: unticking one of these makes the sign-off stale.
    const preRelease = await tx.releaseItem.findMany({
      where: { releaseId: release.id, phase: "PRE_RELEASE" },
      select: { id: true, phase: true, required: true, title: true, state: true, automation: true, tickedByIntegration: true, section: { select: { title: true } } },
    });
    const scopeItems = preRelease.map(({ section, ...item }) => ({ ...item, sectionTitle: section.title }));
    const unproven = itemsMissingEvidence(requirement.scope, scopeItems);
    if (unproven.length > 0) {
      const named = unproven.map((item) => `“${item.title}”`).join(", ");
      throw new ActionError(
        "conflict",
        `“${requirement.title}” needs the evidence first: ${named} ${unproven.length === 1 ? "is" : "are"} ticked by ${unproven.length === 1 ? "its" : "their"} automation (e.g. a successful GitHub workflow run), which has not arrived yet.`,
      );
    }
    const recorded = checklistStateAtSigning(requirement.scope, scopeItems);
    const signoff = await tx.signoff.create({
      data: {
        requirementId: requirement.id,
        releaseId: release.id,
        signedById: actor.id,
        comment: input.comment || null,
        checklistState: recorded,
        signedAt: new Date(),
        afterBreakGlass,
      },
      select: { id: true, signedAt: true },
    });
    const late =
      afterBreakGlass && release.breakGlassAt && requirement.dueAfterDeployAt
        ? {
            afterBreakGlassAt: release.breakGlassAt.toISOString(),
            minutesAfterDeploy: Math.max(0, Math.round((signoff.signedAt.getTime() - release.breakGlassAt.getTime()) / 60_000)),
            ...(signoff.signedAt > requirement.dueAfterDeployAt ? { overdue: true } : {}),
          }
        : {};
    await audit({
      type: auditTypes.signoffGiven,
      releaseId: release.id,
      projectId: release.projectId,
      payload: { signoffId: signoff.id, requirement: requirement.title, ...(input.comment ? { comment: input.comment } : {}), ...late },
    });
    return { id: signoff.id };
  },
});

export const revokeSignoffAction = defineAction({
  name: "revokeSignoff",
  permission: "signoff.revoke",
  input: revokeSignoffSchema,
  async resource(input) {
    const signoff = await db.signoff.findUnique({ where: { id: input.signoffId }, select: { signedById: true } });
    if (!signoff) throw new ActionError("not_found", "That sign-off does not exist (any more).");
    return { signedById: signoff.signedById };
  },
  async run({ tx, input, actor, audit }) {
    const { releaseId } = await tx.signoff.findUniqueOrThrow({ where: { id: input.signoffId }, select: { releaseId: true } });
    await lockRelease(tx, releaseId);
    const signoff = await tx.signoff.findUniqueOrThrow({
      where: { id: input.signoffId },
      select: { id: true, revokedAt: true, requirement: { select: { title: true } }, release: { select: { id: true, projectId: true, status: true } } },
    });
    const { release } = signoff;
    if (signoff.revokedAt) throw new ActionError("conflict", "This sign-off was already revoked.");
    const refusal = signoffWindowRefusal(release.status, "revoke");
    if (refusal) throw new ActionError("conflict", refusal);

    const now = new Date();
    await tx.signoff.update({ where: { id: signoff.id }, data: { revokedAt: now, revokedById: actor.id, revokeReason: input.reason } });
    await audit({
      type: auditTypes.signoffRevoked,
      releaseId: release.id,
      projectId: release.projectId,
      payload: { signoffId: signoff.id, requirement: signoff.requirement.title, reason: input.reason },
    });
    // READY needs every sign-off; without this one the release is preparing again. (Revoking a sign-off
    // that was already stale, and since renewed, leaves READY standing.)
    const facts = release.status === "READY" ? await loadReleaseFacts(tx, release.id) : null;
    if (facts && readinessBlockers(facts).length > 0) {
      await moveRelease(tx, release.id, "PREPARING", { actorId: actor.id, audit, cause: `Sign-off “${signoff.requirement.title}” was revoked` });
    }
    return { id: signoff.id };
  },
});
