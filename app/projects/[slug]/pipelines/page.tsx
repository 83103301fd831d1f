import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PipelineEditor } from "@/components/deploys/pipeline-editor";
import { PipelineSteps } from "@/components/deploys/pipeline-steps";
import { ProjectSecrets } from "@/components/deploys/project-secrets";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { summarisePipelineSteps } from "@/lib/deploys/pipeline-summary";
import { getLatestPipelines, getProjectForDeploys } from "@/lib/deploys/queries";
import { db } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { getPipelineDiff, getPipelineDryRun, listDryRunReleases, listPipelineVersions } from "@/lib/deploys/pipeline-queries";
import { maskSecretEnvValues } from "@/lib/deploys/secret-env";
import type { PipelineView } from "@/lib/deploys/types";
import type { PipelineKind } from "@/lib/generated/prisma/enums";
import { listProjectSecrets } from "@/lib/secrets/store";
import { PipelineDryRun } from "./_components/dry-run";
import { PipelineHistory } from "./_components/pipeline-history";

export const dynamic = "force-dynamic";

type SearchValue = string | string[] | undefined;
type PipelinesPageProps = {
  params: Promise<{ slug: string }>;
  /** kind, from, to: a comparison in the history; release, dryRun: a dry run. */
  searchParams: Promise<Record<string, SearchValue>>;
};

/** Secret environment values never reach the browser: the editor gets ••••, and saving •••• keeps the value. */
const withSecretsMasked = (pipeline: PipelineView | null): PipelineView | null => (pipeline ? { ...pipeline, steps: maskSecretEnvValues(pipeline.steps) } : null);

const one = (value: SearchValue) => (Array.isArray(value) ? value[0] : value) ?? "";
const pipelineKindOf = (value: SearchValue): PipelineKind | null => (one(value) === "DEPLOY" || one(value) === "ROLLBACK" ? (one(value) as PipelineKind) : null);

export async function generateMetadata({ params }: PipelinesPageProps): Promise<Metadata> {
  const project = await getProjectForDeploys((await params).slug);
  return { title: project ? `Pipelines of ${project.name}` : "Project not found" };
}

const kinds = [
  { kind: "DEPLOY", title: "Deploy pipeline" },
  { kind: "ROLLBACK", title: "Rollback pipeline" },
] as const;

/** The step kinds and their configuration, for whoever edits the YAML. */
function StepReference() {
  const rows: [string, string][] = [
    ["SHELL", "command (sh -c) or argv, env [{ name, value, secret }], cwd, timeoutSeconds"],
    ["HTTP", "method, url (http(s), ${PREFLIGHT_URL}/… or ${secret:NAME}), headers, body, expectStatus, expectJson { path, equals }, logResponseBody, retries, backoffSeconds, timeoutSeconds"],
    ["WAIT", "seconds (people can skip the wait)"],
    ["APPROVAL", "instructions: what to check before approving"],
    ["FLAG", "flagKey, enabled, applyCommand or applyUrl"],
    ["NOTIFY", "url, message"],
    ["PROBE", "check (HTTP or PROMETHEUS), url, intervalSeconds, durationSeconds, failAfter, timeoutSeconds; HTTP: expectStatus, jsonCondition ($.status == \"ok\"); PROMETHEUS: query, condition (value <= 0.05 or current <= 1.2 * baseline), baselineOffset (1d), label"],
  ];
  return (
    <details className="rounded-lg border border-border bg-surface px-4 py-3 text-sm">
      <summary className="cursor-pointer font-medium">Step reference</summary>
      <p className="mt-2 text-muted">
        Every step is <code className="font-mono text-xs">{"{ name, kind, idempotent, config }"}</code>. Mark a step idempotent only if
        running it twice is harmless: an interrupted step that is not waits for a person to decide. Commands, URLs and headers may use{" "}
        <code className="font-mono text-xs">{"${VERSION}"}</code>, <code className="font-mono text-xs">{"${PREVIOUS_VERSION}"}</code>,{" "}
        <code className="font-mono text-xs">{"${PROJECT}"}</code>, <code className="font-mono text-xs">{"${RELEASE_URL}"}</code>,{" "}
        <code className="font-mono text-xs">{"${PREFLIGHT_URL}"}</code> and the project&rsquo;s variables (set-up page); an unknown one is refused on
        save. HTTP URLs, headers and bodies, notify URLs and environment values
        may use project secrets as <code className="font-mono text-xs">{"${secret:NAME}"}</code>. Secrets and secret environment values are
        masked in logs. HTTP, notify and flag calls may not reach private, loopback or link-local addresses unless the installation
        allows them (PREFLIGHT_OUTBOUND_ALLOW).
      </p>
      <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[6rem_1fr]">
        {rows.map(([kind, config]) => (
          <div key={kind} className="contents">
            <dt className="font-mono text-xs font-medium">{kind}</dt>
            <dd className="text-xs text-muted">{config}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export default async function PipelinesPage({ params, searchParams }: PipelinesPageProps) {
  const user = await requireUser();
  const project = await getProjectForDeploys((await params).slug);
  if (!project) notFound();
  const query = await searchParams;
  const compareKind = pipelineKindOf(query.kind);
  const compare = compareKind ? { kind: compareKind, from: Number(one(query.from)), to: Number(one(query.to)) } : null;
  const dryRunKind = pipelineKindOf(query.dryRun);
  const dryRun = dryRunKind && one(query.release) ? { kind: dryRunKind, releaseId: one(query.release) } : null;
  const manage = can(user, "project.manage");
  // The diff and the dry run show whole configurations (URLs, variable values): for those who edit pipelines.
  const [pipelines, versions, releases, diff, dryRunResult] = await Promise.all([
    getLatestPipelines(project.id),
    manage.allowed ? listPipelineVersions(project.id) : { DEPLOY: [], ROLLBACK: [] },
    manage.allowed ? listDryRunReleases(project.id) : [],
    manage.allowed && compare ? getPipelineDiff(project.id, compare.kind, compare.from, compare.to) : null,
    manage.allowed && dryRun ? getPipelineDryRun(project.id, dryRun.kind, dryRun.releaseId) : null,
  ]);
  // Names and attribution only, and only for admins: values never leave the server.
  const secrets = manage.allowed ? await listProjectSecrets(db, project.id) : [];

  return (
    <div className="flex flex-col gap-8">
      <Breadcrumbs items={[{ label: "Projects", href: "/" }, { label: project.name, href: `/projects/${project.slug}` }, { label: "Pipelines" }]} />

      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Pipelines of {project.name}</h1>
        <p className="max-w-prose text-sm text-muted">
          A pipeline never changes once saved: saving writes the next version, new deploys use the latest one, and each release keeps the
          version it ran with.
        </p>
        {manage.allowed ? null : <p className="text-sm text-muted">{manage.reason}: you can read them here.</p>}
      </header>

      {manage.allowed ? (
        <>
          <StepReference />
          <Card>
            <CardContent className="pt-5">
              <ProjectSecrets
                projectId={project.id}
                secrets={secrets.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() }))}
              />
            </CardContent>
          </Card>
          {kinds.map(({ kind }) => (
            <Card key={kind}>
              <CardContent className="pt-5">
                <PipelineEditor projectId={project.id} projectSlug={project.slug} kind={kind} pipeline={withSecretsMasked(pipelines[kind])} />
              </CardContent>
            </Card>
          ))}
        </>
      ) : (
        kinds.map(({ kind, title }) => {
          const pipeline = pipelines[kind];
          return (
            <Card key={kind} role="region" aria-labelledby={`pipeline-${kind}`}>
              <CardHeader>
                <div className="flex flex-wrap items-center gap-2">
                  <CardTitle id={`pipeline-${kind}`}>{title}</CardTitle>
                  {pipeline ? <Badge tone="info">Version {pipeline.version}</Badge> : null}
                </div>
                {pipeline ? (
                  <CardDescription>
                    Saved {formatDateTime(new Date(pipeline.createdAt))}
                    {pipeline.createdBy ? ` by ${pipeline.createdBy.name}` : ""}
                  </CardDescription>
                ) : null}
              </CardHeader>
              <CardContent>
                {pipeline ? (
                  <PipelineSteps steps={summarisePipelineSteps(pipeline.steps)} label={`Steps of the ${title.toLowerCase()}`} />
                ) : (
                  <p className="text-sm text-muted">This project has no {title.toLowerCase()} yet.</p>
                )}
              </CardContent>
            </Card>
          );
        })
      )}

      {manage.allowed ? (
        <>
          <Card>
            <CardContent className="flex flex-col gap-6 pt-5">
              <div className="flex flex-col gap-1">
                <h2 id="history" className="text-lg font-semibold tracking-tight">
                  Version history
                </h2>
                <p className="text-sm text-muted">Every save is a version. Compare any two: lines of the YAML added are marked +, removed −.</p>
              </div>
              {kinds.map(({ kind }) => (
                <PipelineHistory key={kind} kind={kind} versions={versions[kind]} compared={compare?.kind === kind ? { from: compare.from, to: compare.to, diff } : null} />
              ))}
            </CardContent>
          </Card>

          <Card>
            <CardContent className="pt-5">
              <PipelineDryRun releases={releases} chosen={dryRun} result={dryRunResult} />
            </CardContent>
          </Card>
        </>
      ) : null}
    </div>
  );
}
