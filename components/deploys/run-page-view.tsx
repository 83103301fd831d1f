"use client";

import { useRouter } from "next/navigation";
import { Card, CardContent } from "@/components/ui/card";
import type { DeployUser, RunDetail } from "@/lib/deploys/types";
import { RunView } from "./run-view";

/** The full-page run view: the run with a tall log; a rollback started from it opens its own page. */
export function RunPageView({ run, user }: { run: RunDetail; user: DeployUser }) {
  const router = useRouter();
  return (
    <Card>
      <CardContent className="pt-5">
        <RunView
          runId={run.id}
          initialRun={run}
          user={user}
          variant="page"
          headingLevel="h2"
          title="Steps and log"
          onChanged={() => router.refresh()}
          onRollbackStarted={(rollbackRunId) => router.push(`/releases/${run.releaseId}/deploys/${rollbackRunId}`)}
        />
      </CardContent>
    </Card>
  );
}
