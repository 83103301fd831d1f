import { keyDateOf } from "@/lib/releases/outcome";
import Link from "next/link";
import { BreakGlassBadge } from "@/components/releases/break-glass-badge";
import { ReleaseStatusBadge } from "@/components/releases/release-status-badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { formatDate } from "@/lib/format";
import type { ProjectWithRecentReleases } from "@/lib/projects/queries";
import { TableHead } from "@/components/ui/table";

export interface ProjectReleasesProps {
  project: ProjectWithRecentReleases;
}

export function ProjectReleases({ project }: ProjectReleasesProps) {
  const more = project._count.releases - project.releases.length;
  return (
    <Card role="region" aria-labelledby={`project-${project.id}`}>
      <CardHeader>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <CardTitle id={`project-${project.id}`}>
            <Link href={`/projects/${project.slug}`} className="rounded-sm underline-offset-2 hover:text-link hover:underline">
              {project.name}
            </Link>
          </CardTitle>
          <span className="font-mono text-xs text-muted">{project.slug}</span>
        </div>
        {project.description ? <CardDescription>{project.description}</CardDescription> : null}
        {project.repositoryUrl ? (
          <a href={project.repositoryUrl} className="w-fit text-sm text-primary underline-offset-2 hover:underline" rel="noreferrer">
            {project.repositoryUrl.replace(/^https?:\/\//, "")}
          </a>
        ) : null}
      </CardHeader>
      <CardContent>
        {project.releases.length === 0 ? (
          <p className="text-sm text-muted">No releases yet.</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Latest releases of {project.name}</caption>
              <TableHead
                look="list" cellClassName="py-2 pr-4"
                columns={["Version", "Title", "Status", "Checklist", "Manager", { label: "Date", className: "pr-0" }]}
              />
              <tbody>
                {project.releases.map((release) => (
                  <tr key={release.id} className="border-b border-border last:border-0">
                    <td className="py-3 pr-4 font-mono font-medium whitespace-nowrap">
                      <Link
                        href={`/releases/${release.id}`}
                        className="rounded-sm text-link underline-offset-2 hover:underline"
                        aria-label={`${project.name} ${release.version}`}
                      >
                        {release.version}
                      </Link>
                    </td>
                    <td className="max-w-xs truncate py-3 pr-4" title={release.title}>{release.title}</td>
                    <td className="py-3 pr-4">
                      <div className="flex flex-col items-start gap-1">
                        <ReleaseStatusBadge status={release.status} />
                        {release.breakGlassAt ? <BreakGlassBadge at={release.breakGlassAt} /> : null}
                      </div>
                    </td>
                    <td className="w-40 py-3 pr-4">
                      <Progress
                        label={`Checklist of ${release.version}`}
                        hideLabel
                        value={release.progress.done}
                        max={release.progress.total}
                        valueText={`${release.progress.done} of ${release.progress.total} items`}
                        tone={release.progress.done === release.progress.total ? "success" : "primary"}
                      />
                      <span className="mt-1 block text-xs text-muted tabular-nums">
                        {release.progress.done}/{release.progress.total}
                      </span>
                    </td>
                    <td className="py-3 pr-4 whitespace-nowrap">{release.releaseManager.name}</td>
                    <td className="py-3 whitespace-nowrap text-muted">
                      {(() => {
                        const { label, date } = keyDateOf(release);
                        return date ? `${label} ${formatDate(date)}` : "—";
                      })()}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {more > 0 ? <p className="mt-3 text-xs text-muted">and {more} older release{more === 1 ? "" : "s"}</p> : null}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
