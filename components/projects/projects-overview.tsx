"use client";

import type { ReactNode } from "react";
import { useSuspenseQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/ui/empty-state";
import { projectsOverviewQuery } from "@/lib/projects/queries-client";
import { ProjectReleases } from "./project-releases";

/** The home page's projects with their latest releases, from the query cache (kept current by live events). */
/** `emptyDescription` and `emptyAction`: what the page says (and offers) when there is no project to show. */
export function ProjectsOverview({ emptyDescription, emptyAction }: { emptyDescription: ReactNode; emptyAction?: ReactNode }) {
  const { data: projects } = useSuspenseQuery(projectsOverviewQuery());
  if (projects.length === 0) {
    return (
<EmptyState title="No projects yet" description={emptyDescription} action={emptyAction} />
    );
  }
  return projects.map((project) => <ProjectReleases key={project.id} project={project} />);
}
