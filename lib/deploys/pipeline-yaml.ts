// A pipeline imported from YAML: the text is parsed (lib/deploys/pipeline-yaml-text.ts), then checked by the
// one step schema the form and the JSON use (pipelineStepsSchema). Every problem names its line and column:
// schema issues are mapped back from their path to the YAML node that holds it (or its nearest parent).
import { isNode } from "yaml";
import { describePipelineProblems, pipelineStepsSchema, type PipelineStep } from "./pipeline-schema";
import { PIPELINE_YAML_MAX_CHARS, positionText, readPipelineYaml } from "./pipeline-yaml-text";

export type PipelineYamlResult = { ok: true; steps: PipelineStep[] } | { ok: false; problems: string[] };

export function parsePipelineYaml(text: string): PipelineYamlResult {
  if (text.length > PIPELINE_YAML_MAX_CHARS) {
    return { ok: false, problems: [`The YAML has ${text.length.toLocaleString("en")} characters; at most ${PIPELINE_YAML_MAX_CHARS.toLocaleString("en")} are accepted`] };
  }
  if (!text.trim()) return { ok: false, problems: ["The YAML is empty: write a list of steps"] };
  const read = readPipelineYaml(text);
  if (!read.ok) return { ok: false, problems: read.problems };
  if (!Array.isArray(read.value)) {
    return { ok: false, problems: ["line 1, column 1: The YAML must be a list of steps (each starting with “- kind: …”)"] };
  }
  const parsed = pipelineStepsSchema.safeParse(read.value);
  if (parsed.success) return { ok: true, steps: parsed.data };
  const described = describePipelineProblems(read.value, parsed.error);
  const problems = parsed.error.issues.map((issue, index) => {
    const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
    // The deepest node that exists on the issue's path: a missing key points at its parent mapping.
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = read.document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return `${positionText(read.lineCounter, node.range[0])}: ${described[index]}`;
    }
    return described[index]!;
  });
  return { ok: false, problems };
}
