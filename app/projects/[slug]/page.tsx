import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ProjectDeploysView } from "@/components/projects/project-deploys";
import { SetupProgress } from "@/components/projects/setup-steps";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { liveCursor } from "@/lib/audit/cursor";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { getDeployPanelData, getProjectDeploys, getProjectForDeploys, listProjectFlags } from "@/lib/deploys/queries";
import { projectDeploysQuery, projectFlagsQuery, releaseDeploysQuery } from "@/lib/deploys/queries-client";
import { formatDate } from "@/lib/format";
import { getSetupFacts } from "@/lib/projects/queries";
import { countDone, setupSteps } from "@/lib/projects/setup";
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
  const since = await liveCursor();
  const [deploys, flags] = await Promise.all([getProjectDeploys(project.id), listProjectFlags(project.id)]);
  if (!deploys) notFound();
  const current = deploys.currentRelease;
  const panel = current ? await getDeployPanelData(current.id, project.id) : null;
  const state = prefetched((client) => {
    client.setQueryData(projectDeploysQuery(project.id).queryKey, deploys);
    client.setQueryData(projectFlagsQuery(project.id).queryKey, flags);
    if (current && panel) client.setQueryData(releaseDeploysQuery(current.id).queryKey, panel);
  });
  const manage = can(user, "project.manage").allowed;
  // Admins see what is left of the set-up (each step links to its place on the set-up page).
  const setup = manage ? setupSteps((await getSetupFacts([project.id])).get(project.id)!) : null;
  const setupHref = `/projects/${project.slug}/setup`;

  return (
    <div className="flex flex-col gap-8">
      <Breadcrumbs items={[{ label: "Projects", href: "/" }, { label: project.name, className: "min-w-0 truncate" }]} />

      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">{project.name}</h1>
          <span className="font-mono text-sm text-muted">{project.slug}</span>
          {project.archivedAt ? <Badge>Archived</Badge> : null}
          <span className="flex gap-2 self-center sm:ml-auto">
            {manage ? (
              <Button asChild variant="secondary" size="sm">
                <Link href={setupHref}>Set-up</Link>
              </Button>
            ) : null}
            {!project.archivedAt && can(user, "release.create").allowed ? (
              <Button asChild size="sm">
                <Link href={`/releases/new?project=${project.slug}`}>New release</Link>
              </Button>
            ) : null}
          </span>
        </div>
        {project.archivedAt ? (
          <p className="max-w-prose text-sm text-muted">
            Archived {formatDate(project.archivedAt)}: hidden from the home page and &ldquo;New release&rdquo;; its history stays
            {manage ? " (unarchive it on the set-up page)" : ""}.
          </p>
        ) : null}
        {project.description ? <p className="max-w-prose text-sm text-muted">{project.description}</p> : null}
        {project.repositoryUrl ? (
          <a href={project.repositoryUrl} className="w-fit text-sm text-link underline-offset-2 hover:underline" rel="noreferrer">
            {project.repositoryUrl.replace(/^https?:\/\//, "")}
          </a>
        ) : null}
        {project.baselineVersion ? (
          <p className="text-sm text-muted">
            Version running before Preflight: <span className="font-mono text-foreground">{project.baselineVersion}</span>
          </p>
        ) : null}
      </header>

      <HydrationBoundary state={state}>
        <ProjectDeploysView
          project={{ id: project.id, slug: project.slug, name: project.name }}
          viewer={{ id: user.id, role: user.role, name: user.name }}
          manage={manage}
          since={since}
          setup={
            setup && countDone(setup) < setup.length ? (
              <Card role="region" aria-labelledby="setup-title">
                <CardHeader>
                  <CardTitle id="setup-title">Set-up</CardTitle>
                  <CardDescription>
                    {countDone(setup)} of {setup.length} steps done.
                  </CardDescription>
                </CardHeader>
                <CardContent>
                  <SetupProgress steps={setup} href={setupHref} />
                </CardContent>
              </Card>
            ) : null
          }
        />
      </HydrationBoundary>
    </div>
  );
}
