"use client";

import { useQuery } from "@tanstack/react-query";
import { formatLogTime } from "@/lib/deploys/format";
import { formatMetric } from "@/lib/deploys/probe-conditions";
import { probeResultsQuery } from "@/lib/deploys/queries-client";
import type { ProbeResultView, RunStepView } from "@/lib/deploys/types";
import { cn } from "@/lib/utils";

export interface ProbeResultsProps {
  releaseId: string;
  step: RunStepView;
}

/** Checks listed under the chart: the newest few (the log has every one). */
const LISTED = 8;

/**
 * A PROBE step's checks: a small chart of their values (failed checks in red, the baseline dashed) and the
 * newest few as a list. New checks arrive with the step's log lines (logKeysFor). Drawn as plain SVG: a chart
 * library would add its weight to every run page for a few dozen points.
 */
export function ProbeResults({ releaseId, step }: ProbeResultsProps) {
  const started = step.status !== "PENDING" || step.attempt > 0;
  const query = useQuery({ ...probeResultsQuery(releaseId, step.id), enabled: started, retry: 1 });
  if (!started) return <p className="text-sm text-muted">No checks yet: the probe has not started.</p>;
  if (query.isError) return <p className="text-sm text-danger-text">The probe&rsquo;s checks could not be loaded.</p>;
  const results = query.data?.results.filter((r) => r.attempt === step.attempt) ?? [];
  if (!query.data) return <p className="text-sm text-muted">Loading the probe&rsquo;s checks…</p>;
  if (results.length === 0) return <p className="text-sm text-muted">No checks yet.</p>;
  const failed = results.filter((r) => !r.ok).length;
  return (
    <section aria-label="Probe checks" className="flex flex-col gap-2">
      <p className="text-sm">
        {results.length} check{results.length === 1 ? "" : "s"}
        {query.data.hasMore ? " (the newest)" : ""}: {failed === 0 ? "all passed" : `${failed} failed`}
      </p>
      <ProbeChart results={results} />
      <ol className="flex flex-col gap-0.5 text-xs">
        {results
          .slice(-LISTED)
          .reverse()
          .map((result) => (
            <li key={result.id} className="flex gap-2">
              <time dateTime={result.at} className="shrink-0 font-mono text-muted tabular-nums">
                {formatLogTime(result.at)}
              </time>{" "}
              <span className={cn("shrink-0 font-medium", result.ok ? "text-success-text" : "text-danger-text")}>{result.ok ? "ok" : "failed"}</span>{" "}
              <span className="min-w-0 [overflow-wrap:anywhere]">{result.message}</span>
            </li>
          ))}
      </ol>
    </section>
  );
}

const WIDTH = 320;
const HEIGHT = 64;
const PAD = 4;

function ProbeChart({ results }: { results: ProbeResultView[] }) {
  const points = results.filter((r): r is ProbeResultView & { value: number } => r.value !== null && Number.isFinite(r.value));
  if (points.length === 0) return null;
  const values = points.flatMap((r) => (r.baseline !== null && Number.isFinite(r.baseline) ? [r.value, r.baseline] : [r.value]));
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low || 1;
  const x = (i: number) => PAD + (points.length === 1 ? (WIDTH - 2 * PAD) / 2 : (i * (WIDTH - 2 * PAD)) / (points.length - 1));
  // A flat series is drawn across the middle, not along the bottom edge.
  const y = (v: number) => (high === low ? HEIGHT / 2 : HEIGHT - PAD - ((v - low) / span) * (HEIGHT - 2 * PAD));
  const line = points.map((r, i) => `${x(i).toFixed(1)},${y(r.value).toFixed(1)}`).join(" ");
  const baseline = points.flatMap((r, i) => (r.baseline !== null && Number.isFinite(r.baseline) ? [`${x(i).toFixed(1)},${y(r.baseline).toFixed(1)}`] : [])).join(" ");
  const last = points[points.length - 1]!;
  return (
    <figure className="flex flex-col gap-1">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-16 w-full max-w-md rounded-md border border-border bg-surface"
        role="img"
        aria-label={`Checked values from ${formatMetric(low)} to ${formatMetric(high)}; the latest is ${formatMetric(last.value)}${last.ok ? "" : " (failed)"}`}
      >
        {baseline ? <polyline points={baseline} fill="none" className="stroke-muted" strokeWidth={1} strokeDasharray="3 3" /> : null}
        <polyline points={line} fill="none" className="stroke-primary" strokeWidth={1.5} />
        {points.map((r, i) => (
          <circle key={r.id} cx={x(i)} cy={y(r.value)} r={r.ok ? 2 : 3} className={r.ok ? "fill-primary" : "fill-danger"} />
        ))}
      </svg>
      <figcaption className="text-xs text-muted">
        From {formatMetric(low)} to {formatMetric(high)}
        {baseline ? "; dashed: the baseline" : ""}
      </figcaption>
    </figure>
  );
}
