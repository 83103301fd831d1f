import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import Link from "next/link";
import { DeployingNow } from "@/components/live/deploying-now";
import { ProjectsOverview } from "@/components/projects/projects-overview";
import { Button } from "@/components/ui/button";
import { latestAuditEventId } from "@/lib/audit/cursor";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listDeployingNow } from "@/lib/deploys/now";
import { deployingNowQuery } from "@/lib/deploys/queries-client";
import { listProjectsWithRecentReleases } from "@/lib/projects/queries";
import { projectsOverviewQuery } from "@/lib/projects/queries-client";
import { prefetched } from "@/lib/query-client";

export const metadata: Metadata = { title: "Home" };
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireUser();
  // Live updates replay whatever changes after this position, so it is read before the data.
  const since = await latestAuditEventId();
  const [projects, deployingNow] = await Promise.all([listProjectsWithRecentReleases(), listDeployingNow()]);
  const state = prefetched((client) => {
    client.setQueryData(projectsOverviewQuery().queryKey, projects);
    client.setQueryData(deployingNowQuery().queryKey, deployingNow);
  });
  return (
    <HydrationBoundary state={state}>
      <div className="flex flex-col gap-6">
        <DeployingNow since={since} />
        <header className="flex flex-wrap items-end justify-between gap-x-6 gap-y-4">
          <div className="flex min-w-0 flex-col gap-1">
            <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
            <p className="text-sm text-muted">The services you release, with their latest releases.</p>
          </div>
          {can(user, "release.create").allowed ? (
            <Button asChild>
              <Link href="/releases/new">New release</Link>
            </Button>
          ) : null}
        </header>
        <ProjectsOverview />
      </div>
    </HydrationBoundary>
  );
}
