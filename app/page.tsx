import type { Metadata } from "next";
import { ProjectReleases } from "@/components/projects/project-releases";
import { EmptyState } from "@/components/ui/empty-state";
import { requireUser } from "@/lib/auth/session";
import { listProjectsWithRecentReleases } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "Home" };
export const dynamic = "force-dynamic";

export default async function HomePage() {
  await requireUser();
  const projects = await listProjectsWithRecentReleases();
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
        <p className="text-sm text-muted">The services you release, with their latest releases.</p>
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
