"use server";

import semver from "semver";
import { ActionError, defineAction, type ActionContext } from "@/lib/actions/define-action";
import { auditTypes } from "@/lib/audit/events/types";
import type { AuditPayload } from "@/lib/audit/events/payloads";
import type { AuditEventDraft } from "@/lib/audit/record";
import { moveRelease } from "@/lib/lifecycle/write";
import { lockProject } from "@/lib/projects/lock";
import type { ItemState, ReleaseStatus } from "@/lib/generated/prisma/enums";
import { getTemplateSnapshot } from "@/lib/templates/snapshot";
import { createReleaseFromSnapshot } from "./create";
import { markSignoffsStale, restoreSignoffs } from "@/lib/signoffs/staleness";
import { closedChecklistRefusal } from "./outcome";
import { mayMarkNotApplicable } from "./release-day";
import { loadReleaseFacts, lockRelease, lockReleaseOfItem } from "./facts";
import { checkItemEditable, checkTransition, isRunDriven, releaseStatusLabels, statusAfterItemChange } from "./rules";
import { createReleaseSchema, editReleaseSchema, transitionReleaseSchema, updateItemSchema, type ItemChange } from "./schemas";

type Tx = ActionContext<unknown>["tx"];
type Audit = ActionContext<unknown>["audit"];

const releaseNotFound = () => new ActionError("not_found", "That release does not exist (any more).");

async function requireManagerCandidate(tx: Tx, userId: string) {
  const manager = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, disabledAt: true } });
  if (!manager || manager.disabledAt || (manager.role !== "RELEASE_MANAGER" && manager.role !== "ADMIN")) {
    throw new ActionError("invalid", "Choose an enabled release manager or admin.", {
      releaseManagerId: ["Choose an enabled release manager or admin"],
    });
  }
}

/**
 * Four-eyes: someone who gave a sign-off that excludes the release manager cannot become the manager. Without
 * this, a manager could hand the release to someone else, sign their own review, and take it back (or the
 * reviewer could be made manager after signing). Call it with the release locked.
 */
async function refuseFourEyesManager(tx: Tx, releaseId: string, managerId: string) {
  const signed = await tx.signoff.findFirst({
    where: { releaseId, signedById: managerId, revokedAt: null, staleAt: null, requirement: { excludeReleaseManager: true } },
    select: { requirement: { select: { title: true } } },
  });
  if (signed) {
    const message = `This person gave “${signed.requirement.title}”, which the release manager may not give (four-eyes): revoke that sign-off first, or choose someone else.`;
    throw new ActionError("conflict", message, { releaseManagerId: [message] });
  }
}

/** Moves a locked release to `to` through the one status writer, as the action's own audited change. */
async function applyTransition(tx: Tx, audit: Audit, release: { id: string }, to: ReleaseStatus, details: { reason?: string; cause?: string } = {}) {
  await moveRelease(tx, release.id, to, { actorId: null, audit, ...details });
}

export const createReleaseAction = defineAction({
  name: "createRelease",
  permission: "release.create",
  input: createReleaseSchema,
  async run({ tx, input, actor, audit }) {
    // Shared lock: archiving the project waits for this release, or this release sees the project archived.
    const project = await lockProject(tx, input.projectId, "share");
    if (!project) throw new ActionError("invalid", "Choose a project.", { projectId: ["Choose a project"] });
    if (project.archivedAt) {
      throw new ActionError("invalid", `${project.name} is archived; an admin can unarchive it.`, { projectId: [`${project.name} is archived; an admin can unarchive it`] });
    }
    const snapshot = await getTemplateSnapshot(tx, input.templateId);
    if (!snapshot) throw new ActionError("invalid", "Choose a template.", { templateId: ["Choose a template"] });
    // Archived templates are no longer offered; a stale form or a crafted request must not use one either.
    const { archivedAt } = await tx.checklistTemplate.findUniqueOrThrow({ where: { id: input.templateId }, select: { archivedAt: true } });
    if (archivedAt) throw new ActionError("invalid", "This template is archived; choose another.", { templateId: ["This template is archived; choose another"] });
    const releaseManagerId = input.releaseManagerId || actor.id;
    await requireManagerCandidate(tx, releaseManagerId);

    const existing = await tx.release.findUnique({ where: { projectId_version: { projectId: project.id, version: input.version } }, select: { id: true } });
    if (existing) {
      throw new ActionError("conflict", `This project already has a release ${input.version}.`, {
        version: [`${input.version} already exists for this project`],
      });
    }

    // Warn, don't block: a hotfix on an older line is legitimate.
    const released = await tx.release.findMany({ where: { projectId: project.id, status: "RELEASED" }, select: { version: true } });
    const lastReleased = released.map((r) => r.version).filter((v) => semver.valid(v)).sort(semver.rcompare)[0];
    const warnings = lastReleased && !semver.gt(input.version, lastReleased) ? [`${input.version} is not newer than the last released version, ${lastReleased}.`] : [];

    const release = await createReleaseFromSnapshot(tx, {
      projectId: project.id,
      version: input.version,
      title: input.title,
      plannedAt: input.plannedAt,
      releaseManagerId,
      createdById: actor.id,
      snapshot,
      // createReleaseFromSnapshot records release.created with the creator as actor.
    });
    await audit({ type: auditTypes.releaseManagerAssigned, releaseId: release.id, projectId: project.id, payload: { releaseManagerId } });
    return { id: release.id, warnings };
  },
});

export const editReleaseAction = defineAction({
  name: "editRelease",
  permission: "release.edit",
  input: editReleaseSchema,
  async run({ tx, input, audit }) {
    if (!(await lockRelease(tx, input.releaseId))) throw releaseNotFound();
    const release = await tx.release.findUniqueOrThrow({
      where: { id: input.releaseId },
      select: { id: true, projectId: true, status: true, title: true, plannedAt: true, releaseManagerId: true },
    });
    if (!["DRAFT", "PREPARING", "READY"].includes(release.status)) {
      throw new ActionError("conflict", `A ${releaseStatusLabels[release.status].toLowerCase()} release can no longer be edited.`);
    }
    if (input.releaseManagerId !== release.releaseManagerId) {
      await requireManagerCandidate(tx, input.releaseManagerId);
      await refuseFourEyesManager(tx, release.id, input.releaseManagerId);
    }
    const changes: AuditPayload<typeof auditTypes.releaseEdited>["changes"] = {};
    if (input.title !== release.title) changes.title = { from: release.title, to: input.title };
    if ((input.plannedAt?.getTime() ?? null) !== (release.plannedAt?.getTime() ?? null)) {
      changes.plannedAt = { from: release.plannedAt?.toISOString() ?? null, to: input.plannedAt?.toISOString() ?? null };
    }
    if (input.releaseManagerId !== release.releaseManagerId) changes.releaseManagerId = { from: release.releaseManagerId, to: input.releaseManagerId };
    if (Object.keys(changes).length === 0) throw new ActionError("invalid", "Nothing changed.");
    await tx.release.update({
      where: { id: release.id },
      data: { title: input.title, plannedAt: input.plannedAt, releaseManagerId: input.releaseManagerId },
    });
    await audit({ type: auditTypes.releaseEdited, releaseId: release.id, projectId: release.projectId, payload: { changes } });
    return { id: release.id };
  },
});

export const transitionReleaseAction = defineAction({
  name: "transitionRelease",
  permission: "release.edit",
  input: transitionReleaseSchema,
  async run({ tx, input, audit }) {
    if (!(await lockRelease(tx, input.releaseId))) throw releaseNotFound();
    // Deploying and rolling back always run their pipelines, and their runs move the release from there on:
    // no status-only shortcut exists for them (a team deploying by hand uses a manual pipeline).
    if (isRunDriven(input.to)) {
      throw new ActionError(
        "conflict",
        `A release becomes ${releaseStatusLabels[input.to].toLowerCase()} through its deploy or rollback run: use the deploy panel (a project that deploys by hand can use a manual pipeline).`,
      );
    }
    const facts = (await loadReleaseFacts(tx, input.releaseId))!;
    const verdict = checkTransition(facts, { to: input.to, reason: input.reason });
    if (!verdict.allowed) throw new ActionError("conflict", verdict.reason);
    await applyTransition(tx, audit, facts, input.to, { reason: input.reason || undefined });
    return { id: facts.id, status: input.to };
  },
});

const nextStateOf: Record<"tick" | "untick" | "not_applicable", ItemState> = { tick: "DONE", untick: "OPEN", not_applicable: "NOT_APPLICABLE" };

type NamedItem = Pick<AuditPayload<typeof auditTypes.itemTicked>, "itemId" | "title" | "phase" | "incidentNote">;

/** The audit event of an item change, with what the person typed (note, evidence, reason). */
function itemChangeEvent(change: ItemChange, item: NamedItem): AuditEventDraft {
  const typed = (note?: string, evidenceUrl?: string) => ({ ...(note ? { note } : {}), ...(evidenceUrl ? { evidenceUrl } : {}) });
  switch (change.kind) {
    case "tick":
      return { type: auditTypes.itemTicked, payload: { ...item, ...typed(change.note, change.evidenceUrl) } };
    case "annotate":
      return { type: auditTypes.itemAnnotated, payload: { ...item, ...typed(change.note, change.evidenceUrl) } };
    case "untick":
      return { type: auditTypes.itemUnticked, payload: { ...item, reason: change.reason } };
    case "not_applicable":
      return { type: auditTypes.itemMarkedNotApplicable, payload: { ...item, reason: change.reason } };
  }
}

/** What a changed item returns to the page (its ticker's name is added). */
const itemAfterChangeSelect = { id: true, state: true, note: true, evidenceUrl: true, naReason: true, rowVersion: true, tickedAt: true, tickedById: true } as const;

export const updateItemAction = defineAction({
  name: "updateItem",
  permission: "item.tick",
  input: updateItemSchema,
  async run({ tx, input, actor, audit }) {
    // The release's lock and status in one statement, then the item under that lock.
    const release = await lockReleaseOfItem(tx, input.itemId);
    const found = release && (await tx.releaseItem.findUnique({
      where: { id: input.itemId },
      select: { id: true, title: true, phase: true, required: true, state: true, rowVersion: true, recordsIncident: true },
    }));
    if (!release || !found) throw new ActionError("not_found", "That checklist item does not exist (any more).");
    const item = { ...found, release };
    const editable = checkItemEditable(release.status, item.phase);
    if (!editable.allowed) throw new ActionError("conflict", editable.reason);
    const closed = closedChecklistRefusal(release);
    if (closed) throw new ActionError("conflict", `${closed}.`);
    if (item.rowVersion !== input.rowVersion) {
      throw new ActionError("conflict", `Someone else changed “${item.title}” a moment ago. The checklist now shows their change; try again if still needed.`);
    }

    const { change } = input;
    const now = new Date();
    let data: Record<string, unknown>;
    if (change.kind === "annotate") {
      data = { note: change.note || null, evidenceUrl: change.evidenceUrl || null };
    } else {
      if (change.kind === "not_applicable" && !mayMarkNotApplicable(item)) {
        throw new ActionError("invalid", "Only optional items and release-day items can be marked not applicable.");
      }
      const nextState = nextStateOf[change.kind];
      if (nextState === item.state) throw new ActionError("conflict", `“${item.title}” is already ${change.kind === "tick" ? "ticked" : change.kind === "untick" ? "unticked" : "marked not applicable"}.`);
      data =
        change.kind === "tick"
          ? { state: "DONE", tickedById: actor.id, tickedAt: now, naReason: null, ...(change.note ? { note: change.note } : {}), ...(change.evidenceUrl ? { evidenceUrl: change.evidenceUrl } : {}) }
          : change.kind === "untick"
            ? { state: "OPEN", tickedById: null, tickedAt: null, naReason: null }
            : { state: "NOT_APPLICABLE", tickedById: actor.id, tickedAt: now, naReason: change.reason };
    }

    // The row version in the WHERE makes the write itself refuse a lost update, whatever happened above. The
    // updated row is what the action returns (no second read).
    const updated = await tx.releaseItem.updateManyAndReturn({
      where: { id: item.id, rowVersion: input.rowVersion },
      data: { ...data, rowVersion: { increment: 1 } },
      select: itemAfterChangeSelect,
    });
    const after = updated[0];
    if (!after) throw new ActionError("conflict", `Someone else changed “${item.title}” a moment ago. Try again.`);
    // Each version of the incident note is kept in the audit trail with its text.
    const named = { itemId: item.id, title: item.title, phase: item.phase, ...(item.recordsIncident ? { incidentNote: true } : {}) };
    await audit({ releaseId: release.id, projectId: release.projectId, ...itemChangeEvent(change, named) });

    if (change.kind !== "annotate") {
      const nextState = nextStateOf[change.kind];
      // Sign-offs that attest this item (lib/signoffs/scope.ts): unticking makes them stale, ticking it again
      // before a renewal restores them.
      if (nextState === "OPEN" && item.state === "DONE") await markSignoffsStale(tx, audit, item, now);
      if (nextState === "DONE") await restoreSignoffs(tx, audit, item);
      const nextStatus = statusAfterItemChange(release.status, item, nextState);
      if (nextStatus !== release.status) {
        await applyTransition(tx, audit, release, nextStatus, { cause: `“${item.title}” was unticked` });
      }
    }

    const { tickedById, ...fields } = after;
    // Who ticked it: the actor (tick, not applicable), nobody (untick), or whoever did before (annotate).
    const tickedBy =
      tickedById === null
        ? null
        : tickedById === actor.id
          ? { id: actor.id, name: actor.name }
          : await tx.user.findUnique({ where: { id: tickedById }, select: { id: true, name: true } });
    return { ...fields, tickedBy };
  },
});
