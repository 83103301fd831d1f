import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { Progress } from "@/components/ui/progress";
import { formatDate } from "@/lib/format";
import type { ReleaseListEntry } from "@/lib/releases/queries";

function ReleaseDate({ release }: { release: ReleaseListEntry }) {
  const [label, date] = release.releasedAt
    ? ["Released", release.releasedAt]
    : release.plannedAt
      ? ["Planned", release.plannedAt]
      : [null, null];
  if (!date) return <span aria-label="No date">—</span>;
  return (
    <>
      {label} <time dateTime={date.toISOString()}>{formatDate(date)}</time>
    </>
  );
}

/** Releases across projects, one row each, with status and checklist progress. */
export function ReleaseTable({ releases, caption }: { releases: ReleaseListEntry[]; caption: string }) {
  // `relative`: the visually hidden caption and progress labels are absolutely positioned; without it they
  // are placed relative to the page, outside the scroll box, and widen the page on narrow screens.
  return (
    <div className="relative overflow-x-auto rounded-lg border border-border bg-surface shadow-xs">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-muted uppercase">
          <tr className="border-b border-border">
            <th scope="col" className="px-4 py-2.5 font-medium">Project</th>
            <th scope="col" className="py-2.5 pr-4 font-medium">Version</th>
            <th scope="col" className="py-2.5 pr-4 font-medium">Title</th>
            <th scope="col" className="py-2.5 pr-4 font-medium">Status</th>
            <th scope="col" className="py-2.5 pr-4 font-medium">Checklist</th>
            <th scope="col" className="py-2.5 pr-4 font-medium">Manager</th>
            <th scope="col" className="py-2.5 pr-4 font-medium">Date</th>
          </tr>
        </thead>
        <tbody>
          {releases.map((release) => {
            const { done, total } = release.progress;
            return (
              <tr key={release.id} className="border-b border-border last:border-0">
                <td className="px-4 py-3">
                  <span className="block max-w-[11rem] truncate font-medium" title={release.project.name}>
                    {release.project.name}
                  </span>
                </td>
                <td className="py-3 pr-4">
                  <span className="block max-w-[9rem] truncate font-mono font-medium" title={release.version}>
                    {release.version}
                  </span>
                </td>
                {/* w-full + max-w-0: the title takes the room the other columns leave and is cut to fit it. */}
                <td className="w-full max-w-0 min-w-48 py-3 pr-4">
                  <span className="block truncate" title={release.title}>
                    {release.title}
                  </span>
                </td>
                <td className="py-3 pr-4">
                  <ReleaseStatusBadge status={release.status} />
                </td>
                <td className="w-40 min-w-32 py-3 pr-4">
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
                <td className="py-3 pr-4 whitespace-nowrap text-muted">
                  <ReleaseDate release={release} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
