// Bounded, validated input before any write (issue 11): oversized sign-in input never reaches the database,
// stored values are capped, next-auth never gets internal text for a URL, numeric query parameters are
// range-checked.
import { describe, expect, it, vi } from "vitest";
import { attemptPasswordSignIn, MAX_IP_LENGTH } from "@/lib/auth/sign-in";
import { auditTypes } from "@/lib/audit/events/types";
import { recordAuditEvent } from "@/lib/audit/record";
import { MAX_AUDIT_PAYLOAD_BYTES } from "@/lib/audit/bounds";
import { createTestDatabase } from "../support/database";
import { actingUser, createUser } from "../support/acting-user";
import { createReadyRelease } from "../support/deploy-fixtures";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));

describe("bounded input", async () => {
  const { url, prisma } = await createTestDatabase();
  process.env.DATABASE_URL = url;

  it("refuses a 150,000-character email before writing anything", async () => {
    const before = await prisma.signInAttempt.count();
    const audits = await prisma.auditEvent.count();
    const outcome = await attemptPasswordSignIn(prisma, { email: `${"a".repeat(150_000)}@example.com`, password: "x", ip: "10.0.0.1" });
    expect(outcome).toEqual({ ok: false, reason: "invalid_input" });
    expect(await prisma.signInAttempt.count()).toBe(before);
    expect(await prisma.auditEvent.count()).toBe(audits);
  });

  it("stores a 10,000-character client address cut to its cap, in the attempt and the audit event", async () => {
    await attemptPasswordSignIn(prisma, { email: "nobody@example.com", password: "guess", ip: "9".repeat(10_000) });
    const attempt = await prisma.signInAttempt.findFirstOrThrow({ where: { email: "nobody@example.com" } });
    expect(attempt.ip.length).toBeLessThanOrEqual(MAX_IP_LENGTH);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: "auth.sign_in_failed" }, orderBy: { id: "desc" } });
    expect(JSON.stringify(event.payload).length).toBeLessThan(500);
  });

  it("caps an audit payload of 160 KB", async () => {
    const flagsDisabledFirst = Array.from({ length: 5_000 }, (_, i) => `FLAG_${i}`);
    await recordAuditEvent(prisma, { type: auditTypes.rollbackStarted, payload: { runId: "run-big", reason: "x".repeat(160_000), flagsDisabledFirst } });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { type: auditTypes.rollbackStarted } });
    expect(Buffer.byteLength(JSON.stringify(event.payload))).toBeLessThanOrEqual(MAX_AUDIT_PAYLOAD_BYTES);
  });

  describe("GET /api/steps/:id/logs", async () => {
    const { GET } = await import("@/app/api/steps/[id]/logs/route");
    const viewer = await createUser(prisma, "VIEWER");
    const manager = await createUser(prisma, "RELEASE_MANAGER");
    const project = await prisma.project.create({ data: { slug: "bounds", name: "Bounds" } });
    const releaseId = await createReadyRelease(prisma, project.id, manager, "1.0.0");
    const run = await prisma.deployRun.create({ data: { releaseId, projectId: project.id, kind: "DEPLOY", requestKey: "bounds-1", startedById: manager.id } });
    const step = await prisma.deployStep.create({ data: { runId: run.id, position: 0, name: "Build", kind: "SHELL", config: {} } });
    const get = (query: string) => {
      actingUser.current = viewer;
      return GET(new Request(`http://localhost/api/steps/${step.id}/logs${query}`), { params: Promise.resolve({ id: step.id }) });
    };

    it.each([
      ["?after=9999999999999999999", "after"],
      ["?after=-1", "after"],
      ["?after=1.5", "after"],
      ["?take=1e2", "take"],
      ["?take=0", "take"],
      ["?take=99999999999999999999", "take"],
    ])("answers 400 for %s", async (query, name) => {
      const response = await get(query);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toContain(`\`${name}\``);
    });

    it("answers 200 at the largest id", async () => {
      const response = await get("?after=9223372036854775807&take=5");
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ lines: [], hasMore: false });
    });
  });
});
