"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { DeployPanel } from "@/components/deploys/deploy-panel";
import { FlagPanel } from "@/components/deploys/flag-panel";
import { LiveStatusIndicator } from "@/components/live/live-status";
import { useLiveEvents } from "@/components/live/use-live-events";
import { Button } from "@/components/ui/button";
import { projectFlagsQuery } from "@/lib/deploys/queries-client";
import { takeReleaseNotices } from "@/lib/releases/notices";
import { closeRolledBackRefusal } from "@/lib/releases/outcome";
import { releaseQuery, releaseTimelineQuery } from "@/lib/releases/queries-client";
import { checkBreakGlassDeploy } from "@/lib/releases/rules";
import { AnnouncerProvider, useAnnouncer } from "./announcer";
import { ApprovalBlock } from "./approval-block";
import { BreakGlassBanner } from "./break-glass-banner";
import { Checklist } from "./checklist";
import { ReadinessSummary } from "./readiness-summary";
import { ReleaseHeader } from "./release-header";
import { releaseFacts, type ManagerOption, type Viewer } from "./release-data";
import { Signoffs } from "./signoffs";
import { TimelineSection } from "./timeline";

export interface ReleasePageProps {
  id: string;
  projectId: string;
  viewer: Viewer;
  managers: ManagerOption[];
  /** The audit log position the server read the page's data at (see useLiveEvents). */
  since: string;
  /** PREFLIGHT_BREAK_GLASS_SIGNOFF_HOURS, for the break-glass dialog's words. */
  breakGlassHours?: number;
}

export function ReleasePage(props: ReleasePageProps) {
  return (
    <AnnouncerProvider>
      <ReleasePageContent {...props} />
    </AnnouncerProvider>
  );
}

/**
 * One release, as several people work on it. Its data comes from the query cache (prefetched by the server,
 * then kept current by the release's live events: lib/<domain>/queries-client.ts).
 */
function ReleasePageContent({ id, projectId, viewer, managers, since, breakGlassHours }: ReleasePageProps) {
  const liveStatus = useLiveEvents({ releaseId: id }, undefined, { since });
  const { announce } = useAnnouncer();
  const releaseResult = useSuspenseQuery(releaseQuery(id));
  const release = releaseResult.data;
  const timelineQuery = useSuspenseQuery(releaseTimelineQuery(id));
  const { data: flags } = useSuspenseQuery(projectFlagsQuery(projectId));

  useEffect(() => {
    if (releaseResult.error) announce(releaseResult.error.message, "error");
  }, [releaseResult.error, announce]);

  // Warnings from creating the release ("0.3.0 is not newer than …") are shown once, here.
  const [notices, setNotices] = useState<string[]>([]);
  useEffect(() => {
    const left = takeReleaseNotices(id);
    // Read from sessionStorage after hydration (the server cannot know them).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (left.length > 0) setNotices(left);
  }, [id]);

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
      <BreakGlassBanner release={release} />
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
        breakGlass={{ verdict: checkBreakGlassDeploy(releaseFacts(release)), dueHours: breakGlassHours }}
      />
      {flags.length > 0 ? <FlagPanel projectId={projectId} user={viewer} release={{ id: release.id, version: release.version }} /> : null}
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
