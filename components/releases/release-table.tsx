import Link from "next/link";
import { BreakGlassBadge } from "@/components/releases/break-glass-badge";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { Badge } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import { formatDate, formatDateTime } from "@/lib/format";
import type { ReleaseHistoryRow } from "@/lib/releases/history";
import { formatDuration } from "@/lib/releases/history-url";
import { ScrollTable, TableHead } from "@/components/ui/table";

function DateCell({ date }: { date: Date | null }) {
  if (!date) return <span aria-label="None">—</span>;
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {formatDate(date)}
    </time>
  );
}

function Duration({ release }: { release: ReleaseHistoryRow }) {
  const text = formatDuration(release.durationMs);
  if (release.inProgress) return <span className="text-muted">In progress for {text}</span>;
  return <span>{text}</span>;
}

/** Releases across projects, one row each: status, checklist progress, who manages it, dates and duration. */
export function ReleaseTable({ releases, caption }: { releases: ReleaseHistoryRow[]; caption: string }) {
  return (
    <ScrollTable caption={caption} className="rounded-lg border border-border bg-surface shadow-xs">
      <TableHead
        look="list" cellClassName="py-2.5 pr-4"
        columns={[{ label: "Project", className: "px-4" }, "Release", "Status", "Checklist", "Manager", "Created", "Planned", "Finished", "Duration"]}
      />
      <tbody>
        {releases.map((release) => {
          const { done, total } = release.progress;
          // The status badge already says so for these two.
          const showRolledBack = release.rolledBack && release.status !== "ROLLED_BACK" && release.status !== "ROLLING_BACK";
          return (
            <tr key={release.id} className="border-b border-border align-top last:border-0">
              <td className="px-4 py-3">
                <span className="block max-w-[9rem] truncate font-medium" title={release.project.name}>
                  {release.project.name}
                </span>
                <span className="block max-w-[9rem] truncate font-mono text-xs text-muted" title={release.project.slug}>
                  {release.project.slug}
                </span>
              </td>
              {/* w-full + max-w-0: the release takes the room the other columns leave and its title is cut to fit. */}
              <td className="w-full max-w-0 min-w-44 py-3 pr-4">
                <Link
                  href={`/releases/${release.id}`}
                  className="block w-fit max-w-full truncate font-mono font-medium text-link underline-offset-2 hover:underline"
                  title={release.version}
                >
                  {release.version}
                </Link>
                <span className="block truncate" title={release.title}>
                  {release.title}
                </span>
              </td>
              <td className="py-3 pr-4">
                <div className="flex flex-col items-start gap-1">
                  <ReleaseStatusBadge status={release.status} />
                  {release.breakGlassAt ? <BreakGlassBadge at={release.breakGlassAt} /> : null}
                  {showRolledBack ? (
                    <Badge tone="warning" title="A rollback was run for this release">
                      Rolled back
                    </Badge>
                  ) : null}
                </div>
              </td>
              <td className="w-32 min-w-28 py-3 pr-4">
                <Progress
                  label={`Checklist of ${release.project.name} ${release.version}`}
                  hideLabel
                  value={done}
                  max={total}
                  valueText={`${done} of ${total} items`}
                  tone={total > 0 && done === total ? "success" : "primary"}
                />
                <span className="mt-1 block text-xs text-muted tabular-nums">
                  {done}/{total}
                </span>
              </td>
              <td className="py-3 pr-4 whitespace-nowrap">{release.releaseManager.name}</td>
              <td className="py-3 pr-4 whitespace-nowrap text-muted tabular-nums">
                <DateCell date={release.createdAt} />
              </td>
              <td className="py-3 pr-4 whitespace-nowrap text-muted tabular-nums">
                <DateCell date={release.plannedAt} />
              </td>
              <td className="py-3 pr-4 whitespace-nowrap text-muted tabular-nums">
                <DateCell date={release.finishedAt} />
              </td>
              <td className="min-w-24 py-3 pr-4 tabular-nums">
                <Duration release={release} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </ScrollTable>
  );
}
