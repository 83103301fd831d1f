import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RunPageView } from "@/components/deploys/run-page-view";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { requireUser } from "@/lib/auth/session";
import { runKindLabels } from "@/lib/deploys/format";
import { getRunDetail } from "@/lib/deploys/queries";

export const dynamic = "force-dynamic";

type RunPageProps = { params: Promise<{ id: string; runId: string }> };

async function load(params: RunPageProps["params"]) {
  const { id, runId } = await params;
  const run = await getRunDetail(runId);
  return run && run.releaseId === id ? run : null;
}

export async function generateMetadata({ params }: RunPageProps): Promise<Metadata> {
  const run = await load(params);
  return { title: run ? `${runKindLabels[run.kind]} of ${run.release.version}` : "Deploy run not found" };
}

/** A deploy or rollback run on its own page: every step and a tall, live log. */
export default async function RunPage({ params }: RunPageProps) {
  const user = await requireUser();
  const run = await load(params);
  if (!run) notFound();

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <ol className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-muted">
          <li>
            <Link href={`/projects/${run.project.slug}`} className="rounded-sm text-link underline-offset-2 hover:underline">
              {run.project.name}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <Link href={`/releases/${run.release.id}`} className="rounded-sm font-mono text-link underline-offset-2 hover:underline">
              {run.release.version}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page">{runKindLabels[run.kind]} run</li>
        </ol>
      </nav>
      <header className="flex flex-col gap-1">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            {runKindLabels[run.kind]} of {run.release.version}
          </h1>
          <ReleaseStatusBadge status={run.release.status} />
        </div>
        <p className="text-sm text-muted [overflow-wrap:anywhere]">{run.release.title}</p>
      </header>
      <RunPageView run={run} user={{ id: user.id, role: user.role, name: user.name }} />
    </div>
  );
}
