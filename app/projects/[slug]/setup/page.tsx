import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminsNote } from "@/components/projects/admins-note";
import { GithubWebhookSetup } from "@/components/integrations/github-webhook-setup";
import { ProjectForm } from "@/components/projects/project-form";
import { SetupStepCard } from "@/components/projects/setup-steps";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { Forbidden } from "@/components/ui/forbidden";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { getLatestPipelines, listProjectFlags } from "@/lib/deploys/queries";
import { formatDateTime } from "@/lib/format";
import { getGithubWebhookSetup } from "@/lib/integrations/queries";
import { listNotificationChannels } from "@/lib/notifications/queries";
import { getProjectSettings, getSetupFacts, listAdminNames, listProjectVariables } from "@/lib/projects/queries";
import { countDone, setupSteps, type SetupStepId } from "@/lib/projects/setup";
import { builtInVariables } from "@/lib/projects/variables";
import { listTemplates } from "@/lib/templates/queries";
import { ArchiveProject } from "./_components/archive-project";
import { FlagDefinitions } from "./_components/flag-definitions";
import { ManualPipelineButton } from "./_components/manual-pipeline-button";
import { NotificationChannels } from "./_components/notification-channels";
import { ProjectVariables } from "./_components/project-variables";
import { TemplateStep } from "./_components/template-step";

export const dynamic = "force-dynamic";

type SetupPageProps = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: SetupPageProps): Promise<Metadata> {
  const project = await getProjectSettings((await params).slug);
  return { title: project ? `Set up ${project.name}` : "Project not found" };
}

const linkClasses = "text-link underline-offset-2 hover:underline";

export default async function ProjectSetupPage({ params }: SetupPageProps) {
  const user = await requireUser();
  const project = await getProjectSettings((await params).slug);
  if (!project) notFound();
  const decision = can(user, "project.manage");
  if (!decision.allowed) {
    return (
      <Forbidden reason={decision.reason} back={{ href: `/projects/${project.slug}`, label: `Back to ${project.name}` }}>
        <AdminsNote admins={await listAdminNames()} />
      </Forbidden>
    );
  }

  const [facts, templates, pipelines, flags, variables, github, channels] = await Promise.all([
    getSetupFacts([project.id]),
    listTemplates(),
    getLatestPipelines(project.id),
    listProjectFlags(project.id),
    listProjectVariables(project.id),
    getGithubWebhookSetup(project.id),
    listNotificationChannels(project.id),
  ]);
  const steps = setupSteps(facts.get(project.id)!);
  const currentTemplate = project.defaultTemplate && !project.defaultTemplate.archivedAt ? project.defaultTemplate : null;

  const content: Record<SetupStepId, ReactNode> = {
    project: (
      <ProjectForm
        project={{ id: project.id, name: project.name, slug: project.slug, description: project.description, repositoryUrl: project.repositoryUrl, baselineVersion: project.baselineVersion, backupMaxAgeHours: project.backupMaxAgeHours }}
      />
    ),
    template: (
      <div className="flex flex-col gap-3">
        <p className="max-w-prose text-sm text-muted">
          Each release gets its own copy of this checklist. {templates.length === 0 ? "There is no template yet: import your team's Markdown checklist." : null}
        </p>
        <TemplateStep projectId={project.id} currentId={currentTemplate?.id ?? null} templates={templates.map((t) => ({ id: t.id, name: t.name, items: t.counts.items }))} />
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link href="/templates/import" className={linkClasses}>
            Import a checklist from Markdown
          </Link>
          <Link href="/templates" className={linkClasses}>
            All templates
          </Link>
        </p>
      </div>
    ),
    pipelines: (
      <div className="flex flex-col gap-3">
        <p className="max-w-prose text-sm text-muted">
          Deploying and rolling back always run a pipeline. A team that deploys by hand uses the manual one: a single approval step that
          records when the deploy was done.
        </p>
        <ul className="flex flex-col gap-2 text-sm">
          {(["DEPLOY", "ROLLBACK"] as const).map((kind) => {
            const pipeline = pipelines[kind];
            const label = kind === "DEPLOY" ? "Deploy pipeline" : "Rollback pipeline";
            return (
              <li key={kind} className="flex flex-wrap items-center gap-x-3 gap-y-2">
                <span className="font-medium">{label}</span>
                {pipeline ? <Badge tone="info">Version {pipeline.version}</Badge> : <Badge tone="warning">Missing</Badge>}
                {pipeline ? null : <ManualPipelineButton projectId={project.id} kind={kind} />}
              </li>
            );
          })}
        </ul>
        <Button asChild variant="secondary" size="sm" className="self-start">
          <Link href={`/projects/${project.slug}/pipelines`}>Edit pipelines</Link>
        </Button>
      </div>
    ),
    flags: (
      <div className="flex flex-col gap-3">
        <p className="max-w-prose text-sm text-muted">
          Admins define flags; release managers switch them on and off, or roll them out to a percentage of users, on the project and
          release pages, and a rollback switches off first what its release switched on.
        </p>
        <FlagDefinitions projectId={project.id} flags={flags} />
        <section aria-labelledby="flag-token-heading" className="flex flex-col gap-2 border-t border-border pt-3">
          <h3 id="flag-token-heading" className="text-sm font-semibold">
            Flags token for services
          </h3>
          <p className="max-w-prose text-sm text-muted">
            Services evaluate these flags with an OpenFeature SDK&rsquo;s OFREP provider at <code className="font-mono">/ofrep/v1</code>, using a
            token of this project (scope flags:read; it reads this project&rsquo;s flags and nothing else). It is shown once; revoke it on{" "}
            <Link href="/admin/tokens" className={linkClasses}>
              API tokens
            </Link>
            .
          </p>
          <CreateTokenForm projects={[{ id: project.id, name: project.name }]} />
        </section>
      </div>
    ),
    users: (
      <div className="flex flex-col gap-3">
        <p className="max-w-prose text-sm text-muted">
          Release managers create releases and deploy them, engineering leads sign off, viewers follow along. People are shared by every
          project.
        </p>
        <Button asChild variant="secondary" size="sm" className="self-start">
          <Link href="/admin">Manage users</Link>
        </Button>
      </div>
    ),
  };

  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
      <Breadcrumbs items={[{ label: "Projects", href: "/" }, { label: project.name, href: `/projects/${project.slug}`, className: "min-w-0 truncate" }, { label: "Set-up" }]} />
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Set up {project.name}</h1>
          <Badge tone={countDone(steps) === steps.length ? "success" : "warning"}>
            {countDone(steps)} of {steps.length} steps done
          </Badge>
          {project.archivedAt ? <Badge>Archived</Badge> : null}
        </div>
        <p className="max-w-prose text-sm text-muted">
          Every change here is recorded in the audit log.{" "}
          <Link href={`/projects/${project.slug}`} className={linkClasses}>
            Go to {project.name}
          </Link>
        </p>
      </header>

      <ol className="flex flex-col gap-3" aria-label="Set-up steps">
        {steps.map((step, index) => (
          <SetupStepCard key={step.id} step={step} number={index + 1}>
            {content[step.id]}
          </SetupStepCard>
        ))}
      </ol>

      <Card role="region" aria-labelledby="variables-title" id="variables" className="scroll-mt-20">
        <CardHeader>
          <CardTitle id="variables-title">Variables</CardTitle>
          <CardDescription>
            Step commands, URLs and headers, and checklist item commands, may use <code className="font-mono text-xs">{"${NAME}"}</code>: a
            pipeline that names an unknown variable is not saved, and a release&rsquo;s checklist shows its own values.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <details className="rounded-md border border-border px-3 py-2 text-sm">
            <summary className="cursor-pointer font-medium">Built-in variables</summary>
            <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[11rem_1fr]">
              {Object.entries(builtInVariables).map(([name, meaning]) => (
                <div key={name} className="contents">
                  <dt className="font-mono text-xs font-medium">{`\${${name}}`}</dt>
                  <dd className="text-xs text-muted">{meaning}</dd>
                </div>
              ))}
              <div className="contents">
                <dt className="font-mono text-xs font-medium">{"${secret:NAME}"}</dt>
                <dd className="text-xs text-muted">
                  a project secret (steps only, masked in logs), set on the{" "}
                  <Link href={`/projects/${project.slug}/pipelines`} className={linkClasses}>
                    pipelines page
                  </Link>
                </dd>
              </div>
            </dl>
          </details>
          <ProjectVariables projectId={project.id} variables={variables} />
        </CardContent>
      </Card>

      <Card role="region" aria-labelledby="github-title" id="github" className="scroll-mt-20">
        <CardHeader>
          <CardTitle id="github-title">GitHub webhook</CardTitle>
          <CardDescription>
            Checklist items bound to a GitHub event (a workflow run, a published release, a pushed tag) are ticked by the event itself, with
            its link as evidence. Bind them in the template editor.{" "}
            {github?.lastDelivery ? (
              <>
                Last delivery: {github.lastDelivery.event}, {formatDateTime(github.lastDelivery.receivedAt)}
                {github.lastDelivery.signatureValid ? "" : " (signature refused)"}.{" "}
              </>
            ) : null}
            <Link href="/admin/webhooks" className={linkClasses}>
              Delivery log
            </Link>
          </CardDescription>
        </CardHeader>
        <CardContent>{github ? <GithubWebhookSetup projectId={project.id} url={github.url} hasSecret={github.hasSecret} /> : null}</CardContent>
      </Card>

      <Card role="region" aria-labelledby="notifications-title" id="notifications" className="scroll-mt-20">
        <CardHeader>
          <CardTitle id="notifications-title">Notifications</CardTitle>
          <CardDescription>
            Tell a Slack channel or any webhook when a release waits for sign-offs, a deploy starts, fails or needs a decision, an approval
            waits, a rollback starts, or monitoring ends with items open. The worker sends them, retrying failures with backoff.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <NotificationChannels
            projectId={project.id}
            channels={channels.map((channel) => ({
              id: channel.id,
              kind: channel.kind,
              name: channel.name,
              urlHint: channel.urlHint,
              events: channel.events,
              disabled: channel.disabled,
              deliveries: channel.deliveries.map((delivery) => ({
                id: delivery.id,
                event: delivery.event,
                status: delivery.status,
                attempts: delivery.attempts,
                lastStatusCode: delivery.lastStatusCode,
                lastError: delivery.lastError,
                createdAt: delivery.createdAt.toISOString(),
              })),
            }))}
          />
        </CardContent>
      </Card>

      <Card role="region" aria-labelledby="archive-title" id="archive" className="scroll-mt-20">
        <CardHeader>
          <CardTitle id="archive-title">{project.archivedAt ? "Archived" : "Archive"}</CardTitle>
          <CardDescription>
            {project.archivedAt
              ? `${project.name} is hidden from the home page and “New release”; its ${project._count.releases} release${project._count.releases === 1 ? "" : "s"} stay in the history.`
              : "A project that is no longer released can be archived: it leaves the home page and “New release”, its history stays. Projects are never deleted."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ArchiveProject project={{ id: project.id, name: project.name, archived: !!project.archivedAt }} />
        </CardContent>
      </Card>
    </div>
  );
}
