import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listProjectOptions } from "@/lib/projects/queries";
import { listReleaseManagers } from "@/lib/releases/queries";
import { listTemplates } from "@/lib/templates/queries";
import { NewReleaseForm } from "./_components/new-release-form";
import { Forbidden } from "@/components/ui/forbidden";

export const metadata: Metadata = { title: "New release" };
export const dynamic = "force-dynamic";

type NewReleasePageProps = { searchParams: Promise<{ project?: string | string[] }> };

export default async function NewReleasePage({ searchParams }: NewReleasePageProps) {
  const user = await requireUser();
  const decision = can(user, "release.create");
  if (!decision.allowed) {
    return (
      <Forbidden reason={decision.reason} back={{ href: "/", label: "Back to projects" }}>
        You can follow every release, its checklist and its sign-offs. Ask a release manager to start a new release, or an
          admin to change your role.
      </Forbidden>
    );
  }

  const [projects, templates, managers] = await Promise.all([listProjectOptions(), listTemplates(), listReleaseManagers()]);
  const requested = (await searchParams).project;
  const preselected = projects.find((p) => p.slug === requested || p.id === requested)?.id ?? (projects.length === 1 ? projects[0]?.id : undefined);

  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-6">
      <Breadcrumbs items={[{ label: "Projects", href: "/" }, { label: "New release" }]} />
      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">New release</h1>
        <p className="text-sm text-muted">
          The release gets its own copy of the template&rsquo;s checklist and sign-offs: later changes to the template do not
          change it.
        </p>
      </header>
      {projects.length === 0 ? (
        <EmptyState title="No projects yet" description="A release belongs to a project. Ask an admin to add one, or run `npm run db:seed` for the demo." />
      ) : templates.length === 0 ? (
        <EmptyState
          title="No checklist templates"
          description="A release starts from a checklist template."
          action={
            <Button asChild variant="secondary">
              <Link href="/templates">Go to templates</Link>
            </Button>
          }
        />
      ) : (
        <NewReleaseForm
          projects={projects}
          templates={templates.map((t) => ({ id: t.id, name: t.name, isDefault: t.isDefault, items: t.counts.items, signoffs: t.counts.signoffs }))}
          managers={managers.map((m) => ({ id: m.id, name: m.name }))}
          currentUserId={user.id}
          preselectedProjectId={preselected}
        />
      )}
    </div>
  );
}
