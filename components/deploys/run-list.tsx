import Link from "next/link";
import { elapsedMs, formatDuration, runKindLabels } from "@/lib/deploys/format";
import type { RunSummary } from "@/lib/deploys/types";
import { formatDateTime } from "@/lib/format";
import { RunStatusBadge } from "./run-status-badge";
import { ScrollTable, TableHead } from "@/components/ui/table";

export interface RunListProps {
  runs: RunSummary[];
  /** The table's accessible name. */
  caption: string;
  /** Show the release version column (on a project page; not inside one release's panel). */
  showRelease?: boolean;
}

function stepProgress(run: RunSummary): string {
  const done = (run.stepCounts.SUCCEEDED ?? 0) + (run.stepCounts.SKIPPED ?? 0);
  return `${done} of ${run.totalSteps} step${run.totalSteps === 1 ? "" : "s"}`;
}

/** Deploy and rollback runs as a table, newest first, each linking to its full-page view. */
export function RunList({ runs, caption, showRelease = true }: RunListProps) {
  return (
    <ScrollTable caption={caption}>
      <TableHead
        look="list" cellClassName="py-2 pr-4"
        columns={[showRelease && "Release", "Run", "Status", "Steps", "Started", { label: "Took", className: "pr-0" }]}
      />
      <tbody>
        {runs.map((run) => {
          const took = elapsedMs(run.startedAt, run.finishedAt, null);
          return (
            <tr key={run.id} className="border-b border-border last:border-0">
              {showRelease ? <td className="py-2.5 pr-4 font-mono font-medium whitespace-nowrap">{run.release.version}</td> : null}
              <td className="py-2.5 pr-4 whitespace-nowrap">
                <Link href={`/releases/${run.release.id}/deploys/${run.id}`} className="font-medium text-link underline-offset-2 hover:underline">
                  {runKindLabels[run.kind]}
                  {run.pipelineVersion ? ` (pipeline v${run.pipelineVersion})` : ""}
                </Link>
              </td>
              <td className="py-2.5 pr-4">
                <RunStatusBadge status={run.status} />
              </td>
              <td className="py-2.5 pr-4 whitespace-nowrap text-muted tabular-nums">{stepProgress(run)}</td>
              <td className="py-2.5 pr-4 whitespace-nowrap">
                <span className="text-muted">
                  <time dateTime={run.createdAt}>{formatDateTime(new Date(run.startedAt ?? run.createdAt))}</time> by{" "}
                </span>
                {run.startedBy.name}
              </td>
              <td className="py-2.5 whitespace-nowrap text-muted tabular-nums">{took === null ? "—" : formatDuration(took)}</td>
            </tr>
          );
        })}
      </tbody>
    </ScrollTable>
  );
}
