import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AdminsNote } from "@/components/projects/admins-note";
import { DeployingNow } from "@/components/live/deploying-now";
import { ProjectsOverview } from "@/components/projects/projects-overview";
import { OverdueSignoffs } from "@/components/releases/overdue-signoffs";
import { Button } from "@/components/ui/button";
import { liveCursor } from "@/lib/audit/cursor";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listDeployingNow } from "@/lib/deploys/now";
import { deployingNowQuery } from "@/lib/deploys/queries-client";
import { countProjects, listAdminNames, listProjectsWithRecentReleases } from "@/lib/projects/queries";
import { projectsOverviewQuery } from "@/lib/projects/queries-client";
import { prefetched } from "@/lib/query-client";
import { listOverdueBreakGlassSignoffs } from "@/lib/releases/queries";

export const metadata: Metadata = { title: "Home" };
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireUser();
  // Live updates replay whatever changes after this position, so it is read before the data.
  const since = await liveCursor();
  const [projects, deployingNow, overdue] = await Promise.all([listProjectsWithRecentReleases(), listDeployingNow(), listOverdueBreakGlassSignoffs()]);
  const manage = can(user, "project.manage").allowed;
  // A new installation: the admin's first page is the set-up.
  if (projects.length === 0 && manage && (await countProjects()) === 0) redirect("/setup");
  const state = prefetched((client) => {
    client.setQueryData(projectsOverviewQuery().queryKey, projects);
    client.setQueryData(deployingNowQuery().queryKey, deployingNow);
  });
  return (
    <HydrationBoundary state={state}>
      <div className="flex flex-col gap-6">
        <DeployingNow since={since} />
        <OverdueSignoffs releases={overdue} />
        <header className="flex flex-wrap items-end justify-between gap-x-6 gap-y-4">
          <div className="flex min-w-0 flex-col gap-1">
            <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
            <p className="text-sm text-muted">The services you release, with their latest releases.</p>
          </div>
          <div className="flex flex-wrap gap-2">
            {manage ? (
              <Button asChild variant="secondary">
                <Link href="/setup">Set up a project</Link>
              </Button>
            ) : null}
            {can(user, "release.create").allowed && projects.length > 0 ? (
              <Button asChild>
                <Link href="/releases/new">New release</Link>
              </Button>
            ) : null}
          </div>
        </header>
        <ProjectsOverview
          emptyDescription={
            manage ? (
              "Every project is archived. Set up a new one, or unarchive one from its set-up page."
            ) : (
              <>
                A project is a service your team releases. <AdminsNote admins={await listAdminNames()} />
              </>
            )
          }
          emptyAction={
            manage ? (
              <Button asChild>
                <Link href="/setup">Set up a project</Link>
              </Button>
            ) : undefined
          }
        />
      </div>
    </HydrationBoundary>
  );
}
