// Break-glass deploys against a real database: an admin deploys without every sign-off by giving a reason;
// only the missing sign-offs are bypassed; the release records who, when, why and what was missing; the
// missing sign-offs stay due (PREFLIGHT_BREAK_GLASS_SIGNOFF_HOURS, 6 h here) and are noted overdue once,
// which makes one notification; a sign-off given later records that it came after the deploy.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { getRelease } from "@/lib/api/queries";
import { releaseSchema } from "@/lib/api/schemas";
import type { CurrentUser } from "@/lib/auth/session";
import { breakGlassDeployAction, startDeployAction } from "@/lib/deploys/actions";
import { pipelineStepsSchema } from "@/lib/deploys/pipeline-schema";
import { closeQueueSender } from "@/lib/deploys/queue";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createNotificationChannelAction } from "@/lib/notifications/actions";
import { sweepNotifications, type NotificationConfig } from "@/lib/notifications/send";
import { releaseToMarkdown } from "@/lib/releases/export-markdown";
import { getReleaseDetail, listOverdueBreakGlassSignoffs } from "@/lib/releases/queries";
import { signOffAction } from "@/lib/signoffs/actions";
import { noteOverdueBreakGlassSignoffs } from "@/lib/signoffs/overdue";
import { dataOf, refusal } from "../support/action-result";
import { actingUser } from "../support/acting-user";
import { act } from "../support/deploy-fixtures";
import { createDemoDatabase, createFixtureRelease, requirementsOf, tickRequiredPreRelease } from "../support/releases";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

process.env.PREFLIGHT_BREAK_GLASS_SIGNOFF_HOURS = "6";
process.env.PREFLIGHT_SECRETS_KEY = randomBytes(32).toString("hex");
process.env.PREFLIGHT_OUTBOUND_ALLOW = "127.0.0.1";
process.env.NEXTAUTH_URL = "https://preflight.example.com";
const { prisma, f } = await createDemoDatabase();
const { admin, manager, lead, viewer } = f.users;

const HOUR = 60 * 60 * 1000;
const REVIEW = "Engineering lead reviewed code";
const CI = "Tests passing in CI";
const REASON = "Payment outage: hotfix must ship now, the lead is on a plane";

afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await closeQueueSender();
});

/** Sets the clock the actions and the sweep read (Date only: timers and the database stay real). */
function clockAt(at: Date) {
  vi.useFakeTimers({ toFake: ["Date"], now: at });
}

let projects = 0;

/**
 * A release of the default template in its own project (its own deploy lock) with a deploy pipeline, every
 * required pre-release item done and only "Tests passing in CI" signed: the other sign-offs are missing.
 */
async function candidate(options: { pipeline?: boolean } = {}) {
  projects += 1;
  const project = await prisma.project.create({ data: { slug: `bg-${projects}-${randomUUID().slice(0, 6)}`, name: `Break-glass ${projects}` } });
  if (options.pipeline !== false) {
    const steps = pipelineStepsSchema.parse([{ kind: "SHELL", name: "Deploy", config: { command: "true" } }]);
    await prisma.pipeline.create({ data: { projectId: project.id, kind: "DEPLOY", version: 1, steps: steps as Prisma.InputJsonValue } });
  }
  const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING", projectId: project.id });
  await tickRequiredPreRelease(prisma, releaseId, manager.id);
  const requirements = await requirementsOf(prisma, releaseId);
  const ci = requirements.find((r) => r.title === CI)!;
  await prisma.signoff.create({ data: { requirementId: ci.id, releaseId, signedById: lead.id, checklistState: [] } });
  const missing = requirements.filter((r) => r.id !== ci.id);
  return { releaseId, projectId: project.id, requirements, missing };
}

const breakGlass = (user: CurrentUser, releaseId: string, reason: unknown = REASON, requestKey = randomUUID()) =>
  act(user, breakGlassDeployAction, { releaseId, requestKey, reason });

const eventsOf = (releaseId: string) => prisma.auditEvent.findMany({ where: { releaseId }, orderBy: { id: "asc" }, select: { type: true, actorId: true, payload: true } });

async function snapshot(releaseId: string) {
  const [release, runs, events, requirements] = await Promise.all([
    prisma.release.findUniqueOrThrow({ where: { id: releaseId } }),
    prisma.deployRun.count({ where: { releaseId } }),
    prisma.auditEvent.count({ where: { releaseId } }),
    prisma.signoffRequirement.findMany({ where: { releaseId }, select: { dueAfterDeployAt: true } }),
  ]);
  return { release, runs, events, due: requirements.map((r) => r.dueAfterDeployAt) };
}

describe("a break-glass deploy", () => {
  it("lets an admin deploy with a reason, and records who, when, why and which sign-offs were missing", async () => {
    const { releaseId, missing, requirements } = await candidate();
    const deployedAt = new Date("2026-12-02T03:00:00.000Z");
    clockAt(deployedAt);

    const { runId } = dataOf(await breakGlass(admin, releaseId, `  ${REASON}  `));
    const dueAt = new Date(deployedAt.getTime() + 6 * HOUR);

    const release = await prisma.release.findUniqueOrThrow({ where: { id: releaseId } });
    expect(release).toMatchObject({
      status: "DEPLOYING",
      breakGlassAt: deployedAt,
      breakGlassById: admin.id,
      breakGlassReason: REASON,
      breakGlassMissing: missing.map((r) => r.title),
      breakGlassSignoffsDueAt: dueAt,
      breakGlassOverdueAt: null,
    });
    // Only the missing requirements are due after the deploy; the one signed before is not.
    const after = await requirementsOf(prisma, releaseId);
    for (const requirement of after) {
      expect(requirement.dueAfterDeployAt, requirement.title).toEqual(missing.some((m) => m.id === requirement.id) ? dueAt : null);
    }
    expect(after).toHaveLength(requirements.length);
    expect(await prisma.deployRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "QUEUED", startedById: admin.id, kind: "DEPLOY" });
    expect(await prisma.deployLock.findUnique({ where: { projectId: release.projectId } })).toMatchObject({ runId });

    const events = await eventsOf(releaseId);
    expect(events.map((e) => e.type)).toEqual(["release.created", "deploy.break_glass_started", "release.status_changed", "deploy.started"]);
    expect(events[1]).toMatchObject({
      actorId: admin.id,
      payload: { reason: REASON, missingSignoffs: missing.map((r) => r.title), signoffsDueAt: dueAt.toISOString() },
    });
    expect(events[2]).toMatchObject({ actorId: admin.id, payload: { from: "PREPARING", to: "DEPLOYING", cause: "Break-glass deploy started" } });
  });

  it("needs a reason: without one it answers with a field error and writes nothing", async () => {
    const { releaseId } = await candidate();
    const before = await snapshot(releaseId);
    const missingReason = refusal("invalid", "Check the highlighted fields.", { reason: ["Say why the deploy cannot wait for the sign-offs"] });
    expect(await act(admin, breakGlassDeployAction, { releaseId, requestKey: randomUUID() })).toEqual(missingReason);
    for (const reason of ["", "   "]) expect(await breakGlass(admin, releaseId, reason)).toEqual(missingReason);
    expect(await breakGlass(admin, releaseId, "x".repeat(501))).toMatchObject({ ok: false, code: "invalid", fieldErrors: { reason: ["A reason has at most 500 characters"] } });
    expect(await snapshot(releaseId)).toEqual(before);
  });

  it("is refused to everyone but admins, and writes nothing", async () => {
    const { releaseId } = await candidate();
    const before = await snapshot(releaseId);
    for (const user of [manager, lead, viewer]) {
      expect(await breakGlass(user, releaseId)).toEqual(refusal("forbidden", "Only admins can deploy without the full sign-offs"));
    }
    expect(await snapshot(releaseId)).toEqual(before);
    // The ordinary deploy still refuses the missing sign-offs, for the admin too.
    expect(await act(admin, startDeployAction, { releaseId, requestKey: randomUUID() })).toMatchObject({ ok: false, code: "conflict", message: "Cannot deploy yet: A preparing release cannot become deploying." });
    expect(await snapshot(releaseId)).toEqual(before);
  });

  it("bypasses only missing sign-offs: the checklist, the status, the pipeline and the lock still apply", async () => {
    const open = await candidate();
    await prisma.releaseItem.updateMany({ where: { releaseId: open.releaseId, phase: "PRE_RELEASE", required: true }, data: { state: "OPEN" } });
    expect(await breakGlass(admin, open.releaseId)).toMatchObject({ ok: false, code: "conflict", message: expect.stringMatching(/required pre-release items? remaining: a break-glass deploy bypasses only missing sign-offs/) });

    const noPipeline = await candidate({ pipeline: false });
    expect(await breakGlass(admin, noPipeline.releaseId)).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("no deploy pipeline") });
    expect(await snapshot(noPipeline.releaseId)).toMatchObject({ runs: 0, release: { status: "PREPARING", breakGlassAt: null } });

    const draft = await candidate();
    await prisma.release.update({ where: { id: draft.releaseId }, data: { status: "DRAFT" } });
    expect(await breakGlass(admin, draft.releaseId)).toEqual(refusal("conflict", "Cannot deploy with break-glass: A draft release cannot be deployed."));

    // Another release of the same project holds the deploy lock.
    const first = await candidate();
    dataOf(await breakGlass(admin, first.releaseId));
    const second = await createFixtureRelease(prisma, f, { status: "PREPARING", projectId: first.projectId });
    await tickRequiredPreRelease(prisma, second, manager.id);
    expect(await breakGlass(admin, second)).toMatchObject({ ok: false, code: "conflict" });
    const refused = await snapshot(second);
    expect(refused).toMatchObject({ runs: 0, release: { status: "PREPARING", breakGlassAt: null } });
    expect(refused.due.every((due) => due === null)).toBe(true);

    // Nothing to bypass: every sign-off is in.
    const signed = await candidate();
    for (const requirement of signed.missing) {
      await prisma.signoff.create({ data: { requirementId: requirement.id, releaseId: signed.releaseId, signedById: admin.id, checklistState: [] } });
    }
    expect(await breakGlass(admin, signed.releaseId)).toEqual(refusal("conflict", "Cannot deploy with break-glass: Every sign-off is in: start an ordinary deploy instead."));
  });
});

describe("sign-offs after a break-glass deploy", () => {
  it("can still be given once the release deployed, and record that they came after the deploy", async () => {
    const { releaseId, missing } = await candidate();
    const deployedAt = new Date("2026-12-02T03:00:00.000Z");
    clockAt(deployedAt);
    dataOf(await breakGlass(admin, releaseId));
    const review = missing.find((r) => r.title === REVIEW)!;

    clockAt(new Date(deployedAt.getTime() + 3 * HOUR + 5 * 60_000));
    const { id } = dataOf(await act(lead, signOffAction, { requirementId: review.id, comment: "Reviewed the hotfix" }));
    expect(await prisma.signoff.findUniqueOrThrow({ where: { id } })).toMatchObject({ afterBreakGlass: true, signedById: lead.id, signedAt: new Date(deployedAt.getTime() + 3 * HOUR + 5 * 60_000) });
    const given = (await eventsOf(releaseId)).filter((e) => e.type === "signoff.given");
    expect(given).toEqual([
      {
        type: "signoff.given",
        actorId: lead.id,
        payload: { signoffId: id, requirement: REVIEW, comment: "Reviewed the hotfix", afterBreakGlassAt: deployedAt.toISOString(), minutesAfterDeploy: 185 },
      },
    ]);
    // Signed once: a second attempt is refused as already signed.
    expect(await act(lead, signOffAction, { requirementId: review.id })).toMatchObject({ ok: false, code: "conflict" });
  });

  it("stay closed for a requirement that was not missing at the deploy, and for an ordinary deploy", async () => {
    const ordinary = await createFixtureRelease(prisma, f, { status: "MONITORING" });
    const [requirement] = await requirementsOf(prisma, ordinary);
    expect(await act(lead, signOffAction, { requirementId: requirement!.id })).toEqual(refusal("conflict", "Sign-offs are closed: the release is monitoring."));
  });
});

describe("overdue sign-offs after a break-glass deploy", () => {
  it("are noted once when due, which makes one notification, and a late sign-off says it was overdue", async () => {
    const channel = dataOf(
      await act(admin, createNotificationChannelAction, {
        projectId: f.projectId,
        kind: "WEBHOOK",
        name: "On-call",
        url: "http://127.0.0.1:9/hook",
        events: ["break_glass_overdue"],
      }),
    );
    const enqueued: string[] = [];
    const config: NotificationConfig = {
      db: prisma,
      publicUrl: "https://preflight.example.com",
      outboundAllow: "127.0.0.1",
      enqueue: async (_tx, deliveryId) => {
        enqueued.push(deliveryId);
      },
    };
    // The notification sweep's first pass starts its cursor at the newest event.
    await sweepNotifications(config);

    // In the demo project, so that the channel (a project's) hears of it; the project's lock is free.
    const releaseId = await createFixtureRelease(prisma, f, { status: "PREPARING" });
    await tickRequiredPreRelease(prisma, releaseId, manager.id);
    const deployedAt = new Date("2026-12-02T03:00:00.000Z");
    clockAt(deployedAt);
    dataOf(await breakGlass(admin, releaseId));
    const dueAt = new Date(deployedAt.getTime() + 6 * HOUR);
    await prisma.deployRun.updateMany({ where: { releaseId }, data: { status: "CANCELLED", finishedAt: new Date() } });
    await prisma.deployLock.deleteMany({ where: { projectId: f.projectId } });
    const requirements = await requirementsOf(prisma, releaseId);
    const ci = requirements.find((r) => r.title === CI)!;

    // Within the time: one of the three is given; nothing is overdue yet.
    clockAt(new Date(deployedAt.getTime() + HOUR));
    dataOf(await act(lead, signOffAction, { requirementId: ci.id }));
    expect(await noteOverdueBreakGlassSignoffs(prisma, new Date(dueAt.getTime() - 1))).toEqual([]);

    // Past the due time: noted once, with who must sign. (Releases of the tests above, deployed at the same
    // clock time, are due at the same time.)
    expect(await noteOverdueBreakGlassSignoffs(prisma, new Date(dueAt.getTime() + 1))).toContain(releaseId);
    expect(await noteOverdueBreakGlassSignoffs(prisma, new Date(dueAt.getTime() + 2 * HOUR))).toEqual([]);
    expect((await prisma.release.findUniqueOrThrow({ where: { id: releaseId } })).breakGlassOverdueAt).toEqual(new Date(dueAt.getTime() + 1));
    const overdue = (await eventsOf(releaseId)).filter((e) => e.type === "release.break_glass_overdue");
    expect(overdue).toEqual([
      {
        type: "release.break_glass_overdue",
        actorId: null,
        payload: {
          dueAt: dueAt.toISOString(),
          missing: requirements.filter((r) => r.id !== ci.id).map((r) => ({ requirement: r.title, role: r.role })),
        },
      },
    ]);

    // The home page lists it with who must sign.
    const listed = (await listOverdueBreakGlassSignoffs(new Date(dueAt.getTime() + 1), 100)).find((r) => r.id === releaseId);
    expect(listed?.signoffRequirements.map((r) => [r.title, r.role])).toEqual(requirements.filter((r) => r.id !== ci.id).map((r) => [r.title, r.role]));
    expect((await listOverdueBreakGlassSignoffs(new Date(dueAt.getTime() - 1), 100)).map((r) => r.id)).not.toContain(releaseId);

    await sweepNotifications(config);
    await sweepNotifications(config);
    const deliveries = await prisma.notificationDelivery.findMany({ where: { channelId: channel.channelId } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event: "break_glass_overdue" });
    expect(enqueued).toEqual([deliveries[0]!.id]);

    // A sign-off given after the due time is recorded as overdue.
    clockAt(new Date(deployedAt.getTime() + 8 * HOUR));
    const review = requirements.find((r) => r.title === REVIEW)!;
    const { id } = dataOf(await act(lead, signOffAction, { requirementId: review.id }));
    const given = (await eventsOf(releaseId)).filter((e) => e.type === "signoff.given").at(-1);
    expect(given?.payload).toEqual({ signoffId: id, requirement: REVIEW, afterBreakGlassAt: deployedAt.toISOString(), minutesAfterDeploy: 480, overdue: true });
    const stillListed = (await listOverdueBreakGlassSignoffs(new Date(deployedAt.getTime() + 8 * HOUR), 100)).find((r) => r.id === releaseId);
    expect(stillListed?.signoffRequirements.map((r) => r.title)).not.toContain(REVIEW);

    // The release page's data (also GET /api/releases/<id>) and the Markdown export carry it all.
    const detail = (await getReleaseDetail(releaseId))!;
    expect(detail).toMatchObject({ breakGlassAt: deployedAt, breakGlassBy: { id: admin.id }, breakGlassReason: REASON, breakGlassSignoffsDueAt: dueAt });
    expect(detail.signoffRequirements.find((r) => r.title === REVIEW)).toMatchObject({ dueAfterDeployAt: dueAt, signoff: { afterBreakGlass: true } });
    // The REST API's release (GET /api/v1/releases/<id>) says so too, in its documented shape.
    const api = releaseSchema.parse(await getRelease(releaseId));
    expect(api.breakGlass).toEqual({
      at: deployedAt.toISOString(),
      by: { id: admin.id, name: admin.name },
      reason: REASON,
      missingSignoffs: requirements.map((r) => r.title),
      signoffsDueAt: dueAt.toISOString(),
      overdueAt: new Date(dueAt.getTime() + 1).toISOString(),
    });
    expect(api.signoffs.find((r) => r.title === REVIEW)).toMatchObject({ dueAfterDeployAt: dueAt.toISOString(), signoff: { afterBreakGlass: true } });
    const markdown = releaseToMarkdown(detail);
    expect(markdown).toContain(`- **Break-glass deploy:** by ${admin.name} at`);
    expect(markdown).toContain(`- Break-glass reason: ${REASON}`);
    expect(markdown).toMatch(/signed by .+, after the break-glass deploy \(8 h later\)/);
  });

  it("are neither listed nor noted for a release cancelled after its break-glass deploy: it takes no sign-off", async () => {
    const { releaseId } = await candidate();
    const deployedAt = new Date("2026-12-03T03:00:00.000Z");
    clockAt(deployedAt);
    dataOf(await breakGlass(admin, releaseId));
    // The deploy failed, and the release was cancelled (a status rule allows it).
    await prisma.deployRun.updateMany({ where: { releaseId }, data: { status: "FAILED", finishedAt: deployedAt } });
    await prisma.release.update({ where: { id: releaseId }, data: { status: "CANCELLED", cancelledAt: deployedAt } });
    const late = new Date(deployedAt.getTime() + 48 * HOUR);
    expect((await listOverdueBreakGlassSignoffs(late, 100)).map((r) => r.id)).not.toContain(releaseId);
    expect(await noteOverdueBreakGlassSignoffs(prisma, late)).not.toContain(releaseId);
  });
});
