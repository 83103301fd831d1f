import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeployPanel } from "@/components/deploys/deploy-panel";
import { LockNotice } from "@/components/deploys/deploy-status";
import { FlagPanel } from "@/components/deploys/flag-panel";
import { RunList } from "@/components/deploys/run-list";
import { SetupProgress } from "@/components/projects/setup-steps";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import {
  getLatestPipelines,
  getProjectForDeploys,
  getProjectLock,
  getProjectRuns,
  getReleaseDeploys,
  getRunDetail,
  getWorkerStatus,
  listProjectFlags,
} from "@/lib/deploys/queries";
import type { PipelineView } from "@/lib/deploys/types";
import { formatDate, formatDateTime } from "@/lib/format";
import { getSetupFacts } from "@/lib/projects/queries";
import { countDone, setupSteps } from "@/lib/projects/setup";

export const dynamic = "force-dynamic";

type ProjectPageProps = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: ProjectPageProps): Promise<Metadata> {
  const project = await getProjectForDeploys((await params).slug);
  return { title: project ? project.name : "Project not found" };
}

function PipelineLine({ label, pipeline }: { label: string; pipeline: PipelineView | null }) {
  const steps = Array.isArray(pipeline?.steps) ? pipeline.steps.length : 0;
  return (
    <div className="flex items-start justify-between gap-3 py-2 first:pt-0 last:pb-0">
      <div className="flex min-w-0 flex-col">
        <span className="text-sm font-medium">{label}</span>
        <span className="text-xs text-muted">
          {pipeline
            ? `${steps} step${steps === 1 ? "" : "s"} · saved ${formatDateTime(new Date(pipeline.createdAt))}${pipeline.createdBy ? ` by ${pipeline.createdBy.name}` : ""}`
            : "None yet"}
        </span>
      </div>
      {pipeline ? <Badge tone="info">v{pipeline.version}</Badge> : <Badge tone="warning">Missing</Badge>}
    </div>
  );
}

export default async function ProjectPage({ params }: ProjectPageProps) {
  const user = await requireUser();
  const project = await getProjectForDeploys((await params).slug);
  if (!project) notFound();

  const current = project.currentRelease;
  const [flags, lock, runs, pipelines, worker, releaseRuns] = await Promise.all([
    listProjectFlags(project.id),
    getProjectLock(project.id),
    getProjectRuns(project.id, { take: 10 }),
    getLatestPipelines(project.id),
    getWorkerStatus(),
    current ? getReleaseDeploys(current.id) : Promise.resolve([]),
  ]);
  const latestRun = releaseRuns[0] ? await getRunDetail(releaseRuns[0].id) : null;
  const viewer = { id: user.id, role: user.role, name: user.name };
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
      </header>

      {lock ? <LockNotice lock={lock} user={viewer} /> : null}

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby="current-release" className="flex min-w-0 flex-col gap-3">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <h2 id="current-release" className="text-lg font-semibold tracking-tight">
              {current ? (
                <>
                  Current release:{" "}
                  <Link href={`/releases/${current.id}`} className="font-mono text-link underline-offset-2 hover:underline">
                    {current.version}
                  </Link>
                </>
              ) : (
                "Current release"
              )}
            </h2>
            {current ? <ReleaseStatusBadge status={current.status} /> : null}
            {current ? <span className="min-w-0 truncate text-sm text-muted">{current.title}</span> : null}
          </div>
          {current ? (
            <DeployPanel
              release={current}
              user={viewer}
              runs={releaseRuns}
              latestRun={latestRun}
              lock={lock}
              worker={worker}
              showLock={false}
              headingLevel="h3"
            />
          ) : (
            <p className="rounded-lg border border-dashed border-border-strong px-4 py-6 text-sm text-muted">
              No release of {project.name} is on its way: the latest ones are released, rolled back or cancelled.
            </p>
          )}
        </section>

        <div className="flex min-w-0 flex-col gap-6">
          {setup && countDone(setup) < setup.length ? (
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
          ) : null}
          <FlagPanel flags={flags} user={viewer} />
          <Card role="region" aria-labelledby="pipelines-title">
            <CardHeader>
              <CardTitle id="pipelines-title">Pipelines</CardTitle>
              <CardDescription>What a deploy and a rollback of {project.name} run, step by step.</CardDescription>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <div className="flex flex-col divide-y divide-border">
                <PipelineLine label="Deploy" pipeline={pipelines.DEPLOY} />
                <PipelineLine label="Rollback" pipeline={pipelines.ROLLBACK} />
              </div>
              <Button asChild variant="secondary" size="sm" className="self-start">
                <Link href={`/projects/${project.slug}/pipelines`}>{manage ? "Edit pipelines" : "View pipelines"}</Link>
              </Button>
            </CardContent>
          </Card>
        </div>
      </div>

      <section aria-labelledby="recent-runs" className="flex flex-col gap-3">
        <h2 id="recent-runs" className="text-lg font-semibold tracking-tight">
          Recent runs
        </h2>
        {runs.length === 0 ? (
          <p className="text-sm text-muted">No deploys of {project.name} yet.</p>
        ) : (
          <Card>
            <CardContent className="pt-3 pb-3">
              <RunList runs={runs} caption={`Recent deploy and rollback runs of ${project.name}, newest first`} />
            </CardContent>
          </Card>
        )}
      </section>
    </div>
  );
}
