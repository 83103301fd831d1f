import type { Metadata } from "next";
import Link from "next/link";
import { DeployingNow } from "@/components/live/deploying-now";
import { ProjectReleases } from "@/components/projects/project-releases";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { latestAuditEventId } from "@/lib/audit/cursor";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listDeployingNow } from "@/lib/deploys/now";
import { listProjectsWithRecentReleases } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "Home" };
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireUser();
  // The live strip replays whatever changes after this position, so it is read before the data.
  const liveSince = await latestAuditEventId();
  const [projects, deployingNow] = await Promise.all([listProjectsWithRecentReleases(), listDeployingNow()]);
  return (
    <div className="flex flex-col gap-6">
      <DeployingNow initialData={deployingNow} since={liveSince} />
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
      {projects.length === 0 ? (
        <EmptyState
          title="No projects yet"
          description="A project is a service you release. Run `npm run db:seed` for the demo project, or ask an admin to add one."
        />
      ) : (
        projects.map((project) => <ProjectReleases key={project.id} project={project} />)
      )}
    </div>
  );
}
