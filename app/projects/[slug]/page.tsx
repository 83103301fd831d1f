import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { ProjectDeploysView } from "@/components/projects/project-deploys";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { latestAuditEventId } from "@/lib/audit/cursor";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { getDeployPanelData, getProjectDeploys, getProjectForDeploys, listProjectFlags } from "@/lib/deploys/queries";
import { projectDeploysQuery, projectFlagsQuery, releaseDeploysQuery } from "@/lib/deploys/queries-client";
import { prefetched } from "@/lib/query-client";

export const dynamic = "force-dynamic";

type ProjectPageProps = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: ProjectPageProps): Promise<Metadata> {
  const project = await getProjectForDeploys((await params).slug);
  return { title: project ? project.name : "Project not found" };
}

export default async function ProjectPage({ params }: ProjectPageProps) {
  const user = await requireUser();
  const project = await getProjectForDeploys((await params).slug);
  if (!project) notFound();

  // Live updates replay whatever changes after this position, so it is read before the data.
  const since = await latestAuditEventId();
  const [deploys, flags] = await Promise.all([getProjectDeploys(project.id), listProjectFlags(project.id)]);
  if (!deploys) notFound();
  const current = deploys.currentRelease;
  const panel = current ? await getDeployPanelData(current.id, project.id) : null;
  const state = prefetched((client) => {
    client.setQueryData(projectDeploysQuery(project.id).queryKey, deploys);
    client.setQueryData(projectFlagsQuery(project.id).queryKey, flags);
    if (current && panel) client.setQueryData(releaseDeploysQuery(current.id).queryKey, panel);
  });

  return (
    <div className="flex flex-col gap-8">
      <Breadcrumbs items={[{ label: "Projects", href: "/" }, { label: project.name, className: "min-w-0 truncate" }]} />

      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">{project.name}</h1>
          <span className="font-mono text-sm text-muted">{project.slug}</span>
        </div>
        {project.description ? <p className="max-w-prose text-sm text-muted">{project.description}</p> : null}
        {project.repositoryUrl ? (
          <a href={project.repositoryUrl} className="w-fit text-sm text-link underline-offset-2 hover:underline" rel="noreferrer">
            {project.repositoryUrl.replace(/^https?:\/\//, "")}
          </a>
        ) : null}
      </header>

      <HydrationBoundary state={state}>
        <ProjectDeploysView
          project={{ id: project.id, slug: project.slug, name: project.name }}
          viewer={{ id: user.id, role: user.role, name: user.name }}
          manage={can(user, "project.manage").allowed}
          since={since}
        />
      </HydrationBoundary>
    </div>
  );
}
