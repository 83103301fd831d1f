"use client";

import { closeRolledBackRefusal } from "@/lib/releases/outcome";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { DeployPanel } from "@/components/deploys/deploy-panel";
import { FlagPanel } from "@/components/deploys/flag-panel";
import type { ProjectFlag, ProjectLock, RunDetail, RunSummary, WorkerStatus } from "@/lib/deploys/types";
import { Button } from "@/components/ui/button";
import { AnnouncerProvider, useAnnouncer } from "./announcer";
import { ApprovalBlock } from "./approval-block";
import { Checklist } from "./checklist";
import { ReadinessSummary } from "./readiness-summary";
import { ReleaseHeader } from "./release-header";
import { fetchRelease, fetchTimeline, releaseKey, timelineKey, type ManagerOption, type Release, type Timeline, type Viewer } from "./release-data";
import { Signoffs } from "./signoffs";
import { TimelineSection } from "./timeline";
import { takeReleaseNotices } from "@/lib/releases/notices";
import { LiveStatusIndicator } from "@/components/live/live-status";
import { useLiveEvents } from "@/components/live/use-live-events";

export interface ReleasePageProps {
  initialRelease: Release;
  initialTimeline: Timeline;
  viewer: Viewer;
  managers: ManagerOption[];
  /** Server-rendered deploy data; refreshed (router.refresh) when a deploy or flag event arrives. */
  deploys: { runs: RunSummary[]; latestRun: RunDetail | null; lock: ProjectLock | null; worker: WorkerStatus };
  flags: ProjectFlag[];
}

export function ReleasePage(props: ReleasePageProps) {
  return (
    <AnnouncerProvider>
      <ReleasePageContent {...props} />
    </AnnouncerProvider>
  );
}

function ReleasePageContent({ initialRelease, initialTimeline, viewer, managers, deploys, flags }: ReleasePageProps) {
  const id = initialRelease.id;
  const { announce } = useAnnouncer();
  const router = useRouter();
  const queryClient = useQueryClient();
  // Several people work on one release: their changes arrive as live events that refetch these queries;
  // deploy and flag events also re-render the server-provided deploy data (at most once a second).
  const lastRefresh = useRef(0);
  const liveStatus = useLiveEvents({ releaseId: id }, (notice) => {
    if (!/^(deploy|rollback|flag)\./.test(notice.type)) return;
    const wait = Math.max(0, lastRefresh.current + 1000 - Date.now());
    lastRefresh.current = Date.now() + wait;
    setTimeout(() => router.refresh(), wait);
  });
  const releaseQuery = useQuery({
    queryKey: releaseKey(id),
    queryFn: () => fetchRelease(id),
    initialData: initialRelease,
    refetchOnWindowFocus: true,
  });
  const timelineQuery = useQuery({
    queryKey: timelineKey(id),
    queryFn: () => fetchTimeline(id),
    initialData: initialTimeline,
    refetchOnWindowFocus: true,
  });
  const release = releaseQuery.data;

  // Warnings from creating the release ("0.3.0 is not newer than …") are shown once, here.
  const [notices, setNotices] = useState<string[]>([]);
  useEffect(() => {
    const left = takeReleaseNotices(id);
    // Read from sessionStorage after hydration (the server cannot know them).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (left.length > 0) setNotices(left);
  }, [id]);

  useEffect(() => {
    if (releaseQuery.error) announce(releaseQuery.error.message, "error");
  }, [releaseQuery.error, announce]);

  const people = useMemo(() => {
    const names = new Map<string, string>(managers.map((m) => [m.id, m.name]));
    for (const person of [release.releaseManager, release.createdBy, ...release.items.flatMap((i) => (i.tickedBy ? [i.tickedBy] : []))]) {
      names.set(person.id, person.name);
    }
    for (const event of timelineQuery.data.events) if (event.actor) names.set(event.actor.id, event.actor.name);
    return names;
  }, [managers, release, timelineQuery.data]);

  return (
    <div className="flex flex-col gap-8 pb-16">
      <div className="-mb-6 flex justify-end">
        <LiveStatusIndicator status={liveStatus} />
      </div>
      <ReleaseHeader release={release} viewer={viewer} managers={managers} />
      {notices.length > 0 ? <CreationNotices notices={notices} onDismiss={() => setNotices([])} /> : null}
      <ReadinessSummary release={release} />
      <DeployPanel
        release={{
          id: release.id,
          status: release.status,
          projectId: release.project.id,
          version: release.version,
          monitoringAt: release.monitoringAt,
          monitoringWindowHours: release.monitoringWindowHours,
          closeRefusal: closeRolledBackRefusal(release, release.items),
          closedAt: release.closedAt,
        }}
        user={viewer}
        {...deploys}
        onReleaseChanged={() => {
          void queryClient.invalidateQueries({ queryKey: releaseKey(id) });
          router.refresh();
        }}
      />
      {flags.length > 0 ? <FlagPanel flags={flags} user={viewer} release={{ id: release.id, version: release.version }} /> : null}
      <Checklist release={release} viewer={viewer} />
      <Signoffs release={release} viewer={viewer} />
      <ApprovalBlock release={release} />
      <TimelineSection timeline={timelineQuery.data} people={people} error={timelineQuery.error ? timelineQuery.error.message : null} />
    </div>
  );
}

function CreationNotices({ notices, onDismiss }: { notices: string[]; onDismiss: () => void }) {
  return (
    <div role="status" className="flex flex-col gap-3 rounded-lg border border-warning/30 bg-warning-soft px-4 py-3 text-sm text-warning-text sm:flex-row sm:items-start sm:justify-between">
      <div className="flex min-w-0 flex-col gap-0.5">
        <p className="font-medium">Release created, with a warning</p>
        {notices.map((notice) => (
          <p key={notice} className="[overflow-wrap:anywhere]">
            {notice}
          </p>
        ))}
      </div>
      <Button variant="secondary" size="sm" onClick={onDismiss}>
        Dismiss
      </Button>
    </div>
  );
}
