import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { DryRunRelease, DryRunResult } from "@/lib/deploys/pipeline-queries";
import type { PipelineKind } from "@/lib/generated/prisma/enums";
import { cn } from "@/lib/utils";

// components/ui/field.tsx's select look (that module holds client hooks, so a server component cannot import it).
const selectClasses = "h-9 min-w-0 cursor-pointer rounded-md border bg-surface px-2 text-sm text-foreground shadow-xs";

export interface PipelineDryRunProps {
  releases: DryRunRelease[];
  chosen: { releaseId: string; kind: PipelineKind } | null;
  result: DryRunResult | null;
}

const kindWord: Record<PipelineKind, string> = { DEPLOY: "deploy", ROLLBACK: "rollback" };

/** The latest pipeline with a release's variables filled in (secrets masked). A GET form; nothing runs. */
export function PipelineDryRun({ releases, chosen, result }: PipelineDryRunProps) {
  return (
    <section aria-labelledby="dry-run" className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-col gap-1">
        <h2 id="dry-run" className="text-lg font-semibold tracking-tight">
          Dry run
        </h2>
        <p className="text-sm text-muted">See every step of the latest version with a release&rsquo;s values filled in. Nothing is run; secrets stay hidden.</p>
      </div>
      {releases.length === 0 ? (
        <p className="text-sm text-muted">This project has no releases yet: create one to dry-run its pipelines.</p>
      ) : (
        <form method="get" action="#dry-run" className="flex flex-wrap items-end gap-2">
          <div className="flex min-w-0 flex-col gap-1">
            <label htmlFor="dry-run-release" className="text-sm font-medium">
              Release
            </label>
            <select id="dry-run-release" name="release" defaultValue={chosen?.releaseId ?? releases[0]!.id} className={cn(selectClasses, "w-full max-w-72 border-border-strong")}>
              {releases.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.version} — {r.title}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="dry-run-kind" className="text-sm font-medium">
              Pipeline
            </label>
            <select id="dry-run-kind" name="dryRun" defaultValue={chosen?.kind ?? "DEPLOY"} className={cn(selectClasses, "w-32 border-border-strong")}>
              <option value="DEPLOY">Deploy</option>
              <option value="ROLLBACK">Rollback</option>
            </select>
          </div>
          <Button type="submit" variant="secondary">
            Show dry run
          </Button>
        </form>
      )}
      {result && !result.ok ? <p className="text-sm text-danger-text">{result.message}</p> : null}
      {result?.ok && chosen ? (
        <div className="flex min-w-0 flex-col gap-2">
          <p className="text-sm font-medium">
            {kindWord[chosen.kind][0]!.toUpperCase() + kindWord[chosen.kind].slice(1)} pipeline version {result.pipelineVersion} for {result.release.version}
            {result.steps.some((s) => s.problems.length > 0) ? " — has problems, a real run would stop at them" : ""}
          </p>
          <ol aria-label={`Dry run for ${result.release.version}`} className="flex flex-col gap-2">
            {result.steps.map((step) => (
              <li key={step.position} className={cn("flex min-w-0 flex-col gap-2 rounded-md border p-3", step.problems.length ? "border-danger/60" : "border-border")}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-sm font-semibold">
                    {step.position}. {step.name}
                  </span>
                  <Badge>{step.kind}</Badge>
                  {step.idempotent ? null : <Badge tone="warning">Not safe to re-run</Badge>}
                </div>
                {step.fields.length > 0 ? (
                  <dl className="grid min-w-0 gap-x-3 gap-y-1 text-xs sm:grid-cols-[10rem_1fr]">
                    {step.fields.map((field) => (
                      <div key={field.path} className="contents">
                        <dt className="font-mono text-muted">{field.path}</dt>
                        <dd className="min-w-0 font-mono whitespace-pre-wrap [overflow-wrap:anywhere]">{field.value}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
                {step.problems.map((problem) => (
                  <p key={problem} className="text-sm text-danger-text">
                    Problem: {problem}
                  </p>
                ))}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
