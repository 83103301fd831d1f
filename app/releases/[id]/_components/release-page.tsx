"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
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

export interface ReleasePageProps {
  initialRelease: Release;
  initialTimeline: Timeline;
  viewer: Viewer;
  managers: ManagerOption[];
}

export function ReleasePage(props: ReleasePageProps) {
  return (
    <AnnouncerProvider>
      <ReleasePageContent {...props} />
    </AnnouncerProvider>
  );
}

function ReleasePageContent({ initialRelease, initialTimeline, viewer, managers }: ReleasePageProps) {
  const id = initialRelease.id;
  const { announce } = useAnnouncer();
  const releaseQuery = useQuery({ queryKey: releaseKey(id), queryFn: () => fetchRelease(id), initialData: initialRelease });
  const timelineQuery = useQuery({ queryKey: timelineKey(id), queryFn: () => fetchTimeline(id), initialData: initialTimeline });
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
      <ReleaseHeader release={release} viewer={viewer} managers={managers} />
      {notices.length > 0 ? <CreationNotices notices={notices} onDismiss={() => setNotices([])} /> : null}
      <ReadinessSummary release={release} />
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
