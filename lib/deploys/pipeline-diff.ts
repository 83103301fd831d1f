// What changed between two versions of a pipeline: a line diff of their YAML (what people edit and read).
// Pure; the pipelines page renders it with + and - markers, not colour alone.
import { diffLines } from "diff";
import { pipelineToYaml } from "./pipeline-yaml-text";

export interface DiffLine {
  change: "added" | "removed" | "same";
  text: string;
}

export interface PipelineDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

export function diffPipelineVersions(from: unknown, to: unknown): PipelineDiff {
  const lines: DiffLine[] = [];
  for (const part of diffLines(pipelineToYaml(from), pipelineToYaml(to))) {
    const change = part.added ? "added" : part.removed ? "removed" : "same";
    for (const text of part.value.replace(/\n$/, "").split("\n")) lines.push({ change, text });
  }
  return { lines, added: lines.filter((l) => l.change === "added").length, removed: lines.filter((l) => l.change === "removed").length };
}

/** The diff as plain text, one line each, "+ " added, "- " removed, "  " unchanged (as a screen reader or a copy reads it). */
export function diffText(diff: PipelineDiff): string {
  return diff.lines.map((l) => `${l.change === "added" ? "+" : l.change === "removed" ? "-" : " "} ${l.text}`).join("\n");
}
