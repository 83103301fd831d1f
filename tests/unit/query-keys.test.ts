// What a live event does to an open page's data: each domain's keysFor says which queries it refetches (and
// nothing else), and a release's detailed event patches its item and timeline without any request.
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { keysForNotice } from "@/components/live/use-live-events";
import { deployKeys, keysFor as deployKeysFor, logKeysFor } from "@/lib/deploys/queries-client";
import type { AuditNotice } from "@/lib/events/notice";
import { keysFor as projectKeysFor, projectKeys } from "@/lib/projects/queries-client";
import { applyReleaseNotice, keysFor as releaseKeysFor, releaseKeys, type Release, type Timeline } from "@/lib/releases/queries-client";
import { keysFor as templateKeysFor, templateKeys } from "@/lib/templates/queries-client";

const ids = { releaseId: "rel-1", projectId: "proj-1", runId: "run-1", stepId: "step-1", itemId: "item-1" };

function notice(type: string, overrides: Partial<AuditNotice> = {}): AuditNotice {
  return { id: "100", type, releaseId: null, projectId: null, runId: null, stepId: null, itemId: null, ...overrides };
}

const item = (rowVersion: number, state: "OPEN" | "DONE") => ({
  id: ids.itemId,
  state,
  rowVersion,
  note: null,
  evidenceUrl: null,
  naReason: null,
  tickedAt: state === "DONE" ? "2026-12-01T10:00:00.000Z" : null,
  tickedBy: state === "DONE" ? { id: "u-2", name: "Rae Manager" } : null,
});

const detailed = (type: string, rowVersion: number) =>
  notice(type, {
    releaseId: ids.releaseId,
    projectId: ids.projectId,
    itemId: ids.itemId,
    detail: { at: "2026-12-01T10:00:00.000Z", actor: { id: "u-2", name: "Rae Manager" }, known: true, payload: { itemId: ids.itemId, title: "Linting clean" }, item: item(rowVersion, "DONE") },
  });

describe("releases keysFor", () => {
  it("refetches nothing of the release for an item event that carries the item (the cache is patched), only the lists", () => {
    expect(releaseKeysFor(detailed("item.ticked", 2))).toEqual([releaseKeys.histories]);
  });

  it("refetches the release and its timeline for an item event without details (a project or global stream)", () => {
    expect(releaseKeysFor(notice("item.ticked", { releaseId: ids.releaseId, itemId: ids.itemId }))).toEqual([
      releaseKeys.detail(ids.releaseId),
      releaseKeys.timeline(ids.releaseId),
      releaseKeys.histories,
    ]);
  });

  it("leaves the lists alone for a note (progress does not change)", () => {
    expect(releaseKeysFor(notice("item.annotated", { releaseId: ids.releaseId, detail: detailed("x", 1).detail }))).toEqual([]);
  });

  it("refetches the release for what the item does not carry: its status and sign-offs", () => {
    const withDetail = { detail: detailed("x", 1).detail, releaseId: ids.releaseId };
    expect(releaseKeysFor(notice("release.status_changed", withDetail))).toEqual([releaseKeys.detail(ids.releaseId), releaseKeys.histories]);
    expect(releaseKeysFor(notice("signoff.stale", withDetail))).toEqual([releaseKeys.detail(ids.releaseId)]);
  });

  it("does not refetch the release for a deploy step (its run says so, not the release)", () => {
    expect(releaseKeysFor(notice("deploy.step_started", { releaseId: ids.releaseId, runId: ids.runId, detail: detailed("x", 1).detail }))).toEqual([]);
  });
});

describe("deploys keysFor", () => {
  const run = { releaseId: ids.releaseId, projectId: ids.projectId, runId: ids.runId };

  it("refetches the run and the release's panel for a step event, not the project's lists", () => {
    expect(deployKeysFor(notice("deploy.step_started", run))).toEqual([deployKeys.run(ids.runId), deployKeys.release(ids.releaseId), deployKeys.now]);
  });

  it("also refetches the project's runs and the lock (shown in every release's panel) when a run starts or ends", () => {
    expect(deployKeysFor(notice("deploy.succeeded", run))).toEqual([
      deployKeys.run(ids.runId),
      deployKeys.release(ids.releaseId),
      deployKeys.releases,
      deployKeys.project(ids.projectId),
      deployKeys.now,
    ]);
  });

  it("refetches a step's log when a new attempt of it starts", () => {
    expect(deployKeysFor(notice("deploy.step_started", { ...run, stepId: ids.stepId }))).toContainEqual(deployKeys.logs(ids.stepId));
  });

  it("refetches the project's flags for a flag change, and nothing for a flag left as it was", () => {
    expect(deployKeysFor(notice("flag.changed", { projectId: ids.projectId, releaseId: ids.releaseId }))).toEqual([deployKeys.flags(ids.projectId)]);
    expect(deployKeysFor(notice("flag.unchanged", { projectId: ids.projectId }))).toEqual([]);
  });

  it("refetches only the step's log (and a probe step's checks) for new log lines", () => {
    expect(logKeysFor({ ...run, stepId: ids.stepId, lastId: "5" })).toEqual([deployKeys.logs(ids.stepId), deployKeys.probes(ids.stepId)]);
  });
});

describe("projects and templates keysFor", () => {
  it("refetches the home overview when a release moves or an item's state changes", () => {
    expect(projectKeysFor(notice("release.created"))).toEqual([projectKeys.overview]);
    expect(projectKeysFor(notice("item.unticked"))).toEqual([projectKeys.overview]);
    expect(projectKeysFor(notice("item.annotated"))).toEqual([]);
    expect(projectKeysFor(notice("deploy.step_started"))).toEqual([]);
  });

  it("refetches the templates list for template events only", () => {
    expect(templateKeysFor(notice("template.archived"))).toEqual([templateKeys.all]);
    expect(templateKeysFor(notice("release.created"))).toEqual([]);
  });

  it("sums every domain's keys for the live client", () => {
    const event = notice("release.status_changed", { releaseId: ids.releaseId, projectId: ids.projectId });
    expect(keysForNotice(event)).toEqual([...releaseKeysFor(event), ...deployKeysFor(event), ...projectKeysFor(event), ...templateKeysFor(event)]);
    expect(keysForNotice(notice("user.created"))).toEqual([]);
  });

  it("refetches everything a notice names for a type the catalogue does not know (a newer server)", () => {
    const keys = keysForNotice(notice("release.incident_note_saved", { releaseId: ids.releaseId, projectId: ids.projectId }));
    expect(keys).toEqual(expect.arrayContaining([releaseKeys.detail(ids.releaseId), releaseKeys.timeline(ids.releaseId), projectKeys.overview, templateKeys.all]));
  });
});

describe("applyReleaseNotice", () => {
  function cache() {
    const client = new QueryClient();
    const release = { id: ids.releaseId, items: [{ ...item(1, "OPEN"), tickedAt: null, title: "Linting clean" }] } as unknown as Release;
    client.setQueryData(releaseKeys.detail(ids.releaseId), release);
    client.setQueryData<Timeline>(releaseKeys.timeline(ids.releaseId), { events: [], hasOlder: false });
    return client;
  }
  const cachedItem = (client: QueryClient) => client.getQueryData<Release>(releaseKeys.detail(ids.releaseId))!.items[0]!;

  it("writes a newer version of the item and the event's timeline entry, once", () => {
    const client = cache();
    applyReleaseNotice(client, detailed("item.ticked", 2));
    applyReleaseNotice(client, detailed("item.ticked", 2));
    expect(cachedItem(client)).toMatchObject({ state: "DONE", rowVersion: 2, tickedBy: { name: "Rae Manager" } });
    expect(cachedItem(client).tickedAt).toEqual(new Date("2026-12-01T10:00:00.000Z"));
    const timeline = client.getQueryData<Timeline>(releaseKeys.timeline(ids.releaseId))!;
    expect(timeline.events.map((e) => [e.id, e.type, e.actor?.name])).toEqual([["100", "item.ticked", "Rae Manager"]]);
  });

  it("ignores an item version the cache already has a newer one of (the browser that made the change)", () => {
    const client = cache();
    applyReleaseNotice(client, detailed("item.ticked", 3));
    applyReleaseNotice(client, { ...detailed("item.unticked", 2), id: "99" });
    expect(cachedItem(client)).toMatchObject({ state: "DONE", rowVersion: 3 });
    // The older event still has its place in the timeline, in order.
    expect(client.getQueryData<Timeline>(releaseKeys.timeline(ids.releaseId))!.events.map((e) => e.id)).toEqual(["99", "100"]);
  });
});
