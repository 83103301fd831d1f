import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { cache } from "react";
import { liveCursor } from "@/lib/audit/cursor";
import { requireUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { getDeployPanelData, listProjectFlags } from "@/lib/deploys/queries";
import { projectFlagsQuery, releaseDeploysQuery } from "@/lib/deploys/queries-client";
import { prefetched } from "@/lib/query-client";
import { getReleaseDetail, getReleaseTimeline, listReleaseManagers } from "@/lib/releases/queries";
import { releaseQuery, releaseTimelineQuery } from "@/lib/releases/queries-client";
import { ReleasePage } from "./_components/release-page";

export const dynamic = "force-dynamic";

type ReleasePageProps = { params: Promise<{ id: string }> };

// The page and its metadata share one read per request. Live updates replay whatever changes after `since`, so
// it is read before the data.
const loadRelease = cache(async (id: string) => {
  const since = await liveCursor();
  return { since, release: id.length <= 64 ? await getReleaseDetail(id) : null };
});

export async function generateMetadata({ params }: ReleasePageProps): Promise<Metadata> {
  const { release } = await loadRelease((await params).id);
  return { title: release ? `${release.project.name} ${release.version}` : "Release not found" };
}

export default async function ReleaseDetailPage({ params }: ReleasePageProps) {
  const user = await requireUser();
  const { id } = await params;
  const { since, release } = await loadRelease(id);
  if (!release) notFound();
  const [timeline, managers, deploys, flags] = await Promise.all([
    getReleaseTimeline(release.id),
    listReleaseManagers(),
    getDeployPanelData(release.id, release.project.id),
    listProjectFlags(release.project.id),
  ]);
  const state = prefetched((client) => {
    client.setQueryData(releaseQuery(release.id).queryKey, release);
    client.setQueryData(releaseTimelineQuery(release.id).queryKey, timeline);
    client.setQueryData(releaseDeploysQuery(release.id).queryKey, deploys);
    client.setQueryData(projectFlagsQuery(release.project.id).queryKey, flags);
  });
  return (
    <HydrationBoundary state={state}>
      <ReleasePage
        id={release.id}
        projectId={release.project.id}
        viewer={{ id: user.id, name: user.name, role: user.role }}
        managers={managers.map((m) => ({ id: m.id, name: m.name }))}
        since={since}
        breakGlassHours={getEnv().PREFLIGHT_BREAK_GLASS_SIGNOFF_HOURS}
      />
    </HydrationBoundary>
  );
}
