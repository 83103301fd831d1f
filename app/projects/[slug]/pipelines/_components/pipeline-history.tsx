import { Button } from "@/components/ui/button";
import type { PipelineDiff } from "@/lib/deploys/pipeline-diff";
import type { PipelineVersionSummary } from "@/lib/deploys/pipeline-queries";
import type { PipelineKind } from "@/lib/generated/prisma/enums";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { optionsOf } from "@/components/ui/options";

// components/ui/field.tsx's select look (that module holds client hooks, so a server component cannot import it).
const selectClasses = "h-9 min-w-0 cursor-pointer rounded-md border bg-surface px-2 text-sm text-foreground shadow-xs";

export interface PipelineHistoryProps {
  kind: PipelineKind;
  versions: PipelineVersionSummary[];
  /** The comparison asked for in the address, when it is of this kind. */
  compared: { from: number; to: number; diff: PipelineDiff | null } | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One pipeline's versions, and the line diff between two of them (a GET form: works without JavaScript). */
export function PipelineHistory({ kind, versions, compared }: PipelineHistoryProps) {
  const title = kind === "DEPLOY" ? "Deploy versions" : "Rollback versions";
  const id = `history-${kind.toLowerCase()}`;
  if (versions.length === 0) {
    return (
      <section aria-labelledby={id} className="flex flex-col gap-2">
        <h3 id={id} className="font-medium">
          {title}
        </h3>
        <p className="text-sm text-muted">No versions yet.</p>
      </section>
    );
  }
  const from = compared?.from ?? versions[1]?.version ?? versions[0]!.version;
  const to = compared?.to ?? versions[0]!.version;
  return (
    <section aria-labelledby={id} className="flex min-w-0 flex-col gap-3">
      <h3 id={id} className="font-medium">
        {title}
      </h3>
      <ol aria-label={title} className="flex flex-col gap-1 text-sm">
        {versions.slice(0, 10).map((v) => (
          <li key={v.version} className="flex flex-wrap gap-x-2">
            <span className="font-medium tabular-nums">Version {v.version}</span>
            <span className="text-muted">
              {plural(v.steps, "step")} · {formatDateTime(new Date(v.createdAt))}
              {v.createdBy ? ` by ${v.createdBy}` : ""}
            </span>
          </li>
        ))}
        {versions.length > 10 ? <li className="text-muted">… and {versions.length - 10} older versions (choose them below)</li> : null}
      </ol>
      {versions.length > 1 ? (
        <form method="get" action={`#${id}`} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="kind" value={kind} />
          {(
            [
              ["from", "From version", from],
              ["to", "To version", to],
            ] as const
          ).map(([name, label, value]) => (
            <div key={name} className="flex flex-col gap-1">
              <label htmlFor={`${id}-${name}`} className="text-sm font-medium">
                {label}
              </label>
              <select id={`${id}-${name}`} name={name} defaultValue={String(value)} className={cn(selectClasses, "w-32 border-border-strong")}>
                {optionsOf(versions, (v) => v.version, (v) => v.version)}
              </select>
            </div>
          ))}
          <Button type="submit" variant="secondary">
            Compare
          </Button>
        </form>
      ) : null}
      {compared ? <DiffView from={compared.from} to={compared.to} diff={compared.diff} /> : null}
    </section>
  );
}

function DiffView({ from, to, diff }: { from: number; to: number; diff: PipelineDiff | null }) {
  if (!diff) return <p className="text-sm text-danger-text">One of those versions does not exist.</p>;
  const label = `Changes from version ${from} to version ${to}`;
  return (
    <figure className="flex min-w-0 flex-col gap-2">
      <figcaption className="text-sm">
        <span className="font-medium">{label}:</span>{" "}
        {diff.added === 0 && diff.removed === 0 ? "no differences." : `${plural(diff.added, "line")} added (+), ${plural(diff.removed, "line")} removed (−).`}
      </figcaption>
      <pre aria-label={label} className="max-h-[32rem] overflow-auto rounded-md border border-border bg-surface-muted py-2 font-mono text-xs leading-5">
        {diff.lines.map((line, index) => (
          <div
            key={index}
            className={cn(
              "px-3 whitespace-pre",
              line.change === "added" && "bg-success-soft text-success-text",
              line.change === "removed" && "bg-danger-soft text-danger-text",
            )}
          >
            <span aria-hidden={line.change === "same" ? true : undefined} className="inline-block w-4 select-none font-semibold">
              {line.change === "added" ? "+" : line.change === "removed" ? "-" : " "}
            </span>
            {line.text}
          </div>
        ))}
      </pre>
    </figure>
  );
}
