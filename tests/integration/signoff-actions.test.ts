// Sign-off actions against a real database: who may sign what (role, four-eyes), when sign-offs may be
// revoked and by whom, what a revoke does to a READY release, and that a double submit signs once.
import { describe, expect, it, vi } from "vitest";
import { transitionReleaseAction, updateItemAction } from "@/lib/releases/actions";
import { revokeSignoffAction, signOffAction } from "@/lib/signoffs/actions";
import { dataOf, refusal } from "../support/action-result";
import { actingUser, as, createUser } from "../support/acting-user";
import { createDemoDatabase, createFixtureRelease, itemByTitle, requirementsOf, tickRequiredPreRelease } from "../support/releases";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma, f } = await createDemoDatabase();
const { manager, admin, lead, viewer } = f.users;

const REVIEW = "Engineering lead reviewed code";
const CI = "Tests passing in CI";

async function requirement(releaseId: string, title: string) {
  const found = (await requirementsOf(prisma, releaseId)).find((r) => r.title === title);
  if (!found) throw new Error(`No requirement “${title}”`);
  return found;
}

const events = (releaseId: string, type: string) => prisma.auditEvent.findMany({ where: { releaseId, type }, orderBy: { id: "asc" } });
const signoffsOf = (requirementId: string) => prisma.signoff.findMany({ where: { requirementId }, orderBy: { signedAt: "asc" } });

describe("giving a sign-off", () => {
  it("records the signer, the comment, the checklist state, and an audit event", async () => {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    // "All tests passing" is in CI's scope (Testing, All tests passing); "Linting clean" is not.
    const done = await itemByTitle(prisma, releaseId, "All tests passing");
    const outside = await itemByTitle(prisma, releaseId, "Linting clean");
    await prisma.releaseItem.updateMany({ where: { id: { in: [done.id, outside.id] } }, data: { state: "DONE", tickedById: manager.id, tickedAt: new Date() } });
    const ci = await requirement(releaseId, CI);

    as(lead);
    const data = dataOf(await signOffAction({ requirementId: ci.id, comment: "  CI run 481 green  " }));
    const [signoff] = await signoffsOf(ci.id);
    expect(signoff).toMatchObject({ id: data.id, releaseId, signedById: lead.id, comment: "CI run 481 green", staleAt: null, revokedAt: null });
    expect(signoff!.checklistState).toEqual([done.id]);

    const [given] = await events(releaseId, "signoff.given");
    expect(given).toMatchObject({ actorId: lead.id, projectId: f.projectId, payload: { signoffId: data.id, requirement: CI, comment: "CI run 481 green" } });
  });

  it("refuses a role the requirement does not name, with a clear message", async () => {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    const review = await requirement(releaseId, REVIEW);
    for (const user of [manager, admin]) {
      as(user);
      expect(await signOffAction({ requirementId: review.id })).toEqual(refusal("forbidden", `Only an engineering lead can give “${REVIEW}”`));
    }
    // A requirement naming release managers refuses engineering leads the same way.
    const rmOnly = await prisma.signoffRequirement.create({ data: { releaseId, title: "Release manager approval", role: "RELEASE_MANAGER", position: 9 } });
    as(lead);
    expect(await signOffAction({ requirementId: rmOnly.id })).toEqual(refusal("forbidden", "Only a release manager can give “Release manager approval”"));
    as(manager);
    expect(dataOf(await signOffAction({ requirementId: rmOnly.id })).id).toEqual(expect.any(String));

    expect(await prisma.signoff.count({ where: { requirementId: review.id } })).toBe(0);
    expect(await events(releaseId, "signoff.given")).toHaveLength(1);
  });

  it("refuses a viewer", async () => {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    const ci = await requirement(releaseId, CI);
    as(viewer);
    expect(await signOffAction({ requirementId: ci.id })).toEqual({ ok: false, code: "forbidden", message: "Viewers cannot give sign-offs" });
    expect(await prisma.signoff.count({ where: { releaseId } })).toBe(0);
  });

  it("refuses the release's own manager a four-eyes sign-off, even with the engineering lead role", async () => {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    await prisma.release.update({ where: { id: releaseId }, data: { releaseManagerId: lead.id } });
    const review = await requirement(releaseId, REVIEW);
    expect(review.excludeReleaseManager).toBe(true);

    as(lead);
    expect(await signOffAction({ requirementId: review.id })).toEqual(refusal("forbidden", `The release manager of this release cannot give “${REVIEW}” (four-eyes)`));
    expect(await prisma.signoff.count({ where: { requirementId: review.id } })).toBe(0);

    // The other requirements are not four-eyes: the same person may give them.
    const ci = await requirement(releaseId, CI);
    expect(dataOf(await signOffAction({ requirementId: ci.id })).id).toEqual(expect.any(String));

    // Another engineering lead may give the review.
    const secondLead = await createUser(prisma, "ENGINEERING_LEAD", { name: "Second Lead" });
    as(secondLead);
    dataOf(await signOffAction({ requirementId: review.id }));
    expect((await signoffsOf(review.id)).map((s) => s.signedById)).toEqual([secondLead.id]);
  });

  it("refuses a four-eyes sign-off when the signer became the release manager while it was being given", async () => {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    const review = await prisma.signoffRequirement.create({
      data: { releaseId, title: "Peer review", role: "RELEASE_MANAGER", excludeReleaseManager: true, position: 99 },
    });
    const peer = await createUser(prisma, "RELEASE_MANAGER", { name: "Peer" });
    let commitManagerChange = () => {};
    const changed = new Promise<void>((resolve) => (commitManagerChange = resolve));
    // A concurrent edit makes the peer the manager: it holds the release's lock until told to commit.
    const edit = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Release" WHERE id = ${releaseId} FOR UPDATE`;
        await tx.release.update({ where: { id: releaseId }, data: { releaseManagerId: peer.id } });
        await changed;
      },
      { timeout: 15_000 },
    );
    // The sign-off's first check sees the old manager; it then waits for the lock, and must look again under it.
    as(peer);
    const signing = signOffAction({ requirementId: review.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    commitManagerChange();
    await edit;
    expect(await signing).toEqual({ ok: false, code: "forbidden", message: "The release manager of this release cannot give “Peer review” (four-eyes)" });
    expect(await prisma.signoff.count({ where: { requirementId: review.id } })).toBe(0);
  });

  it.each(["DEPLOYING", "MONITORING", "RELEASED", "FAILED", "CANCELLED"] as const)("is closed once the release is %s", async (status) => {
    const releaseId = await createFixtureRelease(prisma, f, { status });
    const ci = await requirement(releaseId, CI);
    as(lead);
    expect(await signOffAction({ requirementId: ci.id })).toEqual(refusal("conflict", `Sign-offs are closed: the release is ${status.toLowerCase()}.`));
    expect(await prisma.signoff.count({ where: { releaseId } })).toBe(0);
  });

  it("answers an unknown requirement with not found", async () => {
    as(lead);
    expect(await signOffAction({ requirementId: "no-such-requirement" })).toEqual(refusal("not_found", "That sign-off requirement does not exist (any more)."));
  });

  it("creates exactly one sign-off for two identical concurrent submits", async () => {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    const ci = await requirement(releaseId, CI);
    as(lead);
    const results = await Promise.all([signOffAction({ requirementId: ci.id }), signOffAction({ requirementId: ci.id })]);
    const rows = await signoffsOf(ci.id);
    expect(rows).toHaveLength(1);
    expect(await events(releaseId, "signoff.given")).toHaveLength(1);
    // One signs; the other is told, in words, that it is already signed (not an internal error).
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, data: { id: rows[0]!.id } }]);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "conflict", message: `“${CI}” is already signed by ${lead.name}.` }]);
  });

  it("creates exactly one sign-off for two identical sequential submits", async () => {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    const ci = await requirement(releaseId, CI);
    as(lead);
    const first = dataOf(await signOffAction({ requirementId: ci.id }));
    expect(await signOffAction({ requirementId: ci.id })).toEqual({ ok: false, code: "conflict", message: `“${CI}” is already signed by ${lead.name}.` });
    expect((await signoffsOf(ci.id)).map((s) => s.id)).toEqual([first.id]);
    expect(await events(releaseId, "signoff.given")).toHaveLength(1);
  });

  it("signs again after a sign-off went stale or was revoked", async () => {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    const ci = await requirement(releaseId, CI);
    as(lead);
    const first = dataOf(await signOffAction({ requirementId: ci.id }));
    dataOf(await revokeSignoffAction({ signoffId: first.id, reason: "Signed the wrong release" }));
    const second = dataOf(await signOffAction({ requirementId: ci.id }));
    expect(second.id).not.toBe(first.id);
    expect(await prisma.signoff.count({ where: { requirementId: ci.id, revokedAt: null } })).toBe(1);
  });
});

describe("sign-offs going stale", () => {
  it("marks sign-offs stale when a required pre-release item they saw done is unticked, audited with the actor", async () => {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    await tickRequiredPreRelease(prisma, releaseId, manager.id);
    const ci = await requirement(releaseId, CI);
    as(lead);
    const signed = dataOf(await signOffAction({ requirementId: ci.id }));

    // An optional item does not make it stale.
    as(manager);
    const optional = await itemByTitle(prisma, releaseId, "Load test if major changes");
    dataOf(await updateItemAction({ itemId: optional.id, rowVersion: optional.rowVersion, change: { kind: "not_applicable", reason: "No major changes" } }));
    dataOf(await updateItemAction({ itemId: optional.id, rowVersion: optional.rowVersion + 1, change: { kind: "untick", reason: "Major after all" } }));
    expect((await prisma.signoff.findUniqueOrThrow({ where: { id: signed.id } })).staleAt).toBeNull();

    // An item outside its scope (Testing, All tests passing) does not either.
    const unrelated = await itemByTitle(prisma, releaseId, "Test rollback");
    dataOf(await updateItemAction({ itemId: unrelated.id, rowVersion: unrelated.rowVersion, change: { kind: "untick", reason: "Downgrade failed" } }));
    expect((await prisma.signoff.findUniqueOrThrow({ where: { id: signed.id } })).staleAt).toBeNull();

    const target = await itemByTitle(prisma, releaseId, "Test rollback procedure");
    dataOf(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change: { kind: "untick", reason: "Procedure changed" } }));
    const row = await prisma.signoff.findUniqueOrThrow({ where: { id: signed.id } });
    expect(row.staleAt).toBeInstanceOf(Date);
    expect(row.staleReason).toBe("“Test rollback procedure” was unticked after signing");
    const [stale] = await events(releaseId, "signoff.stale");
    expect(stale).toMatchObject({ actorId: manager.id, payload: { signoffId: signed.id, requirement: CI, itemId: target.id } });
    // PREPARING stays PREPARING.
    expect((await prisma.release.findUniqueOrThrow({ where: { id: releaseId } })).status).toBe("PREPARING");
  });

  it("leaves sign-offs given before the item was ticked alone", async () => {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    const ci = await requirement(releaseId, CI);
    as(lead);
    const signed = dataOf(await signOffAction({ requirementId: ci.id }));
    as(manager);
    const target = await itemByTitle(prisma, releaseId, "Test rollback");
    dataOf(await updateItemAction({ itemId: target.id, rowVersion: 1, change: { kind: "tick" } }));
    dataOf(await updateItemAction({ itemId: target.id, rowVersion: 2, change: { kind: "untick", reason: "Not yet" } }));
    expect((await prisma.signoff.findUniqueOrThrow({ where: { id: signed.id } })).staleAt).toBeNull();
    expect(await events(releaseId, "signoff.stale")).toHaveLength(0);
  });
});

describe("revoking a sign-off", () => {
  async function signedRelease(status: "PREPARING" | "READY" = "PREPARING") {
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    await tickRequiredPreRelease(prisma, releaseId, manager.id);
    as(lead);
    const ids: string[] = [];
    for (const r of await requirementsOf(prisma, releaseId)) ids.push(dataOf(await signOffAction({ requirementId: r.id })).id);
    if (status === "READY") {
      as(manager);
      dataOf(await transitionReleaseAction({ releaseId, to: "READY" }));
    }
    return { releaseId, signoffIds: ids };
  }

  it("is done by the signer, with a reason, audited", async () => {
    const { releaseId, signoffIds } = await signedRelease();
    const id = signoffIds[1]!;
    as(lead);
    expect(await revokeSignoffAction({ signoffId: id, reason: "" })).toEqual(refusal("invalid", "Check the highlighted fields.", { reason: ["Give a reason"] }));
    expect(await revokeSignoffAction({ signoffId: id, reason: "CI went red after a rebase" })).toEqual({ ok: true, data: { id } });
    const row = await prisma.signoff.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ revokedById: lead.id, revokeReason: "CI went red after a rebase" });
    expect(row.revokedAt).toBeInstanceOf(Date);
    const [revoked] = await events(releaseId, "signoff.revoked");
    expect(revoked).toMatchObject({ actorId: lead.id, payload: { signoffId: id, requirement: CI, reason: "CI went red after a rebase" } });

    expect(await revokeSignoffAction({ signoffId: id, reason: "Again" })).toEqual({ ok: false, code: "conflict", message: "This sign-off was already revoked." });
    // A PREPARING release stays PREPARING.
    expect((await prisma.release.findUniqueOrThrow({ where: { id: releaseId } })).status).toBe("PREPARING");
  });

  it("is refused to anyone but the signer or an admin", async () => {
    const { releaseId, signoffIds } = await signedRelease();
    const id = signoffIds[0]!;
    const otherLead = await createUser(prisma, "ENGINEERING_LEAD");
    for (const user of [otherLead, manager]) {
      as(user);
      expect(await revokeSignoffAction({ signoffId: id, reason: "Not mine" })).toEqual(refusal("forbidden", "Only the person who signed, or an admin, can revoke a sign-off"));
    }
    as(viewer);
    expect(await revokeSignoffAction({ signoffId: id, reason: "Not mine" })).toEqual({ ok: false, code: "forbidden", message: "Viewers cannot revoke sign-offs" });
    expect((await prisma.signoff.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    expect(await events(releaseId, "signoff.revoked")).toHaveLength(0);

    as(admin);
    expect(await revokeSignoffAction({ signoffId: id, reason: "Reviewer left the company" })).toEqual({ ok: true, data: { id } });
    expect(await prisma.signoff.findUniqueOrThrow({ where: { id } })).toMatchObject({ revokedById: admin.id });
    expect(await events(releaseId, "signoff.revoked")).toMatchObject([{ actorId: admin.id }]);
  });

  it.each(["DEPLOYING", "MONITORING", "RELEASED", "FAILED", "ROLLING_BACK", "ROLLED_BACK"] as const)("is refused once the release is %s", async (status) => {
    const { releaseId, signoffIds } = await signedRelease();
    await prisma.release.update({ where: { id: releaseId }, data: { status } });
    as(lead);
    expect(await revokeSignoffAction({ signoffId: signoffIds[0]!, reason: "Too late" })).toEqual(refusal("conflict", `A sign-off cannot be revoked once the release has started deploying (it is ${status.toLowerCase().replace("_", " ")}).`));
    expect((await prisma.signoff.findUniqueOrThrow({ where: { id: signoffIds[0]! } })).revokedAt).toBeNull();
  });

  it("is refused on a cancelled release, without claiming it deployed", async () => {
    const { releaseId, signoffIds } = await signedRelease();
    as(manager);
    dataOf(await transitionReleaseAction({ releaseId, to: "CANCELLED", reason: "Scrapped" }));
    as(lead);
    expect(await revokeSignoffAction({ signoffId: signoffIds[0]!, reason: "Too late" })).toEqual(refusal("conflict", "A sign-off cannot be revoked: the release is cancelled."));
  });

  it("sends a READY release back to PREPARING, audited with the cause", async () => {
    const { releaseId, signoffIds } = await signedRelease("READY");
    as(lead);
    dataOf(await revokeSignoffAction({ signoffId: signoffIds[2]!, reason: "Docs missing the new flag" }));
    const row = await prisma.release.findUniqueOrThrow({ where: { id: releaseId } });
    expect(row.status).toBe("PREPARING");
    const changes = await events(releaseId, "release.status_changed");
    expect(changes.at(-1)).toMatchObject({ actorId: lead.id, payload: { from: "READY", to: "PREPARING", cause: "Sign-off “Documentation updated” was revoked" } });
    as(manager);
    expect(await transitionReleaseAction({ releaseId, to: "READY" })).toEqual({ ok: false, code: "conflict", message: "1 sign-off remaining" });
  });

  it("a renewal replaces the stale sign-off, so revoking the renewal leaves the requirement missing", async () => {
    const { releaseId, signoffIds } = await signedRelease();
    // Untick a required item: the sign-offs attesting it go stale; renew them, then tick it again and get READY.
    as(manager);
    const target = await itemByTitle(prisma, releaseId, "Test rollback");
    dataOf(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion, change: { kind: "untick", reason: "Re-check" } }));
    as(lead);
    const renewals = [];
    for (const r of await requirementsOf(prisma, releaseId)) {
      const current = await prisma.signoff.findFirst({ where: { requirementId: r.id, revokedAt: null, staleAt: null } });
      if (!current) renewals.push(dataOf(await signOffAction({ requirementId: r.id })).id);
    }
    // "Test rollback" is attested by "Migration tested" (Database) and "Rollback procedure verified".
    expect(renewals).toHaveLength(2);
    as(manager);
    dataOf(await updateItemAction({ itemId: target.id, rowVersion: target.rowVersion + 1, change: { kind: "tick" } }));
    // Renewed already: ticking again restores nothing (the stale ones were replaced).
    expect(await events(releaseId, "signoff.restored")).toHaveLength(0);
    dataOf(await transitionReleaseAction({ releaseId, to: "READY" }));

    // signoffIds[3] is "Migration tested", the first of the two renewed.
    const replaced = await prisma.signoff.findUniqueOrThrow({ where: { id: signoffIds[3]! } });
    expect(replaced).toMatchObject({ revokeReason: "Renewed" });
    expect(replaced.revokedAt).not.toBeNull();

    as(lead);
    dataOf(await revokeSignoffAction({ signoffId: renewals[0]!, reason: "Found a problem" }));
    const live = await prisma.signoff.count({ where: { requirementId: replaced.requirementId, revokedAt: null } });
    expect(live).toBe(0);
    expect((await prisma.release.findUniqueOrThrow({ where: { id: releaseId } })).status).toBe("PREPARING");
  });
});
