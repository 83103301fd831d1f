import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { cache } from "react";
import { RunPageView } from "@/components/deploys/run-page-view";
import { liveCursor } from "@/lib/audit/cursor";
import { requireUser } from "@/lib/auth/session";
import { runKindLabels } from "@/lib/deploys/format";
import { getRunDetail } from "@/lib/deploys/queries";
import { runQuery } from "@/lib/deploys/queries-client";
import { prefetched } from "@/lib/query-client";

export const dynamic = "force-dynamic";

type RunPageProps = { params: Promise<{ id: string; runId: string }> };

// The page and its metadata share one read per request; `since` is read before the run (see useLiveEvents).
const loadRun = cache(async (id: string, runId: string) => {
  const since = await liveCursor();
  const run = runId.length <= 64 ? await getRunDetail(runId) : null;
  return { since, run: run && run.releaseId === id ? run : null };
});

async function load(params: RunPageProps["params"]) {
  const { id, runId } = await params;
  return loadRun(id, runId);
}

export async function generateMetadata({ params }: RunPageProps): Promise<Metadata> {
  const { run } = await load(params);
  return { title: run ? `${runKindLabels[run.kind]} of ${run.release.version}` : "Deploy run not found" };
}

/** A deploy or rollback run on its own page: every step and a tall, live log. */
export default async function RunPage({ params }: RunPageProps) {
  const user = await requireUser();
  const { since, run } = await load(params);
  if (!run) notFound();
  const state = prefetched((client) => client.setQueryData(runQuery(run.id).queryKey, run));
  return (
    <HydrationBoundary state={state}>
      <RunPageView runId={run.id} user={{ id: user.id, role: user.role, name: user.name }} since={since} />
    </HydrationBoundary>
  );
}
