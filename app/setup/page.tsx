import type { Metadata } from "next";
import Link from "next/link";
import { AdminsNote } from "@/components/projects/admins-note";
import { ProjectForm } from "@/components/projects/project-form";
import { SetupStepCard } from "@/components/projects/setup-steps";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listAdminNames, listProjectsForSetup } from "@/lib/projects/queries";
import { countDone, setupSteps } from "@/lib/projects/setup";
import { Forbidden } from "@/components/ui/forbidden";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  const user = await requireUser();
  const decision = can(user, "project.manage");
  if (!decision.allowed) {
    return (
      <Forbidden reason={decision.reason} back={{ href: "/", label: "Back to projects" }}>
        <AdminsNote admins={await listAdminNames()} />
      </Forbidden>
    );
  }

  const projects = await listProjectsForSetup();
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6">
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Set up Preflight</h1>
        <p className="max-w-prose text-sm text-muted">
          A project is a service your team releases. Set one up in five steps: the project, the checklist its releases follow, the
          pipelines that deploy and roll it back, its feature flags, and the people who release it. Every step can be changed later
          from the project&rsquo;s page.
        </p>
      </header>

      {projects.length === 0 ? (
        <ol className="flex flex-col gap-3" aria-label="Set-up steps">
          {setupSteps(null).map((step, index) => (
            <SetupStepCard key={step.id} step={step} number={index + 1} locked={index > 0}>
              {index === 0 ? <ProjectForm /> : null}
            </SetupStepCard>
          ))}
        </ol>
      ) : (
        <>
          <Card role="region" aria-labelledby="setup-projects">
            <CardHeader>
              <CardTitle id="setup-projects">Projects</CardTitle>
              <CardDescription>Continue where you left off, or check a project&rsquo;s set-up.</CardDescription>
            </CardHeader>
            <CardContent>
              <ul className="flex flex-col divide-y divide-border">
                {projects.map((project) => {
                  const done = countDone(project.steps);
                  return (
                    <li key={project.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5 first:pt-0 last:pb-0">
                      <span className="flex min-w-0 items-center gap-2">
                        <Link href={`/projects/${project.slug}/setup`} className="min-w-0 truncate font-medium text-link underline-offset-2 hover:underline">
                          {project.name}
                        </Link>
                        {project.archivedAt ? <Badge>Archived</Badge> : null}
                      </span>
                      <Badge tone={done === project.steps.length ? "success" : "warning"}>
                        {done} of {project.steps.length} steps done
                      </Badge>
                    </li>
                  );
                })}
              </ul>
            </CardContent>
          </Card>
          <Card role="region" aria-labelledby="setup-new-project">
            <CardHeader>
              <CardTitle id="setup-new-project">Add another project</CardTitle>
              <CardDescription>Its set-up page opens next.</CardDescription>
            </CardHeader>
            <CardContent>
              <ProjectForm />
            </CardContent>
          </Card>
        </>
      )}
    </div>
  );
}
