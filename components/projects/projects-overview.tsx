"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/ui/empty-state";
import { projectsOverviewQuery } from "@/lib/projects/queries-client";
import { ProjectReleases } from "./project-releases";

/** The home page's projects with their latest releases, from the query cache (kept current by live events). */
export function ProjectsOverview() {
  const { data: projects } = useSuspenseQuery(projectsOverviewQuery());
  if (projects.length === 0) {
    return (
      <EmptyState
        title="No projects yet"
        description="A project is a service you release. Run `npm run db:seed` for the demo project, or ask an admin to add one."
      />
    );
  }
  return projects.map((project) => <ProjectReleases key={project.id} project={project} />);
}
