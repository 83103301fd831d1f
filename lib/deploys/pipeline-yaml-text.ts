// A pipeline as YAML text: writing it, and reading it back as far as YAML syntax goes (line and column of
// the first problems). No zod here: the step editor's YAML tab runs this in the browser; the schema check
// with line numbers is lib/deploys/pipeline-yaml.ts, on the server.
import { LineCounter, parseDocument, stringify, type Document } from "yaml";

/** How long a pipeline's YAML may be (the textarea, the upload and the server action all use it). */
export const PIPELINE_YAML_MAX_CHARS = 200_000;

// The order keys are written in: the schema's, whatever order they come in (PostgreSQL's jsonb stores keys
// shortest first), so that an export reads naturally and two versions diff by content only.
const keyOrder = [
  ...["kind", "name", "idempotent", "config"],
  ...["command", "argv", "cwd", "env", "method", "url", "headers", "body", "expectStatus", "expectJson", "logResponseBody", "retries", "backoffSeconds"],
  ...["timeoutSeconds", "seconds", "instructions", "approverRoles", "fourEyes", "flagKey", "enabled", "applyCommand", "applyUrl", "message"],
  ...["value", "secret", "path", "equals"],
];
const rank = (key: string) => (keyOrder.includes(key) ? keyOrder.indexOf(key) : keyOrder.length);

function canonical(value: unknown, parentKey = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => canonical(item));
  if (!value || typeof value !== "object") return value;
  const entries = Object.entries(value);
  // Header names are the user's own keys: kept in their order.
  const ordered = parentKey === "headers" ? entries : [...entries].sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(ordered.map(([key, item]) => [key, canonical(item, key)]));
}

/** The steps as YAML: a top-level list, keys in the schema's order, long commands never folded. */
export function pipelineToYaml(steps: unknown): string {
  return stringify(canonical(steps ?? []), { lineWidth: 0, minContentWidth: 0 });
}

export interface YamlSyntaxResult {
  ok: boolean;
  /** "line 3, column 7: …", one per problem; empty when ok. */
  problems: string[];
  /** The parsed value (when ok). */
  value: unknown;
  document: Document.Parsed;
  lineCounter: LineCounter;
}

/** "line 3, column 7" for a character offset. */
export function positionText(lineCounter: LineCounter, offset: number): string {
  const { line, col } = lineCounter.linePos(offset);
  return `line ${line}, column ${col}`;
}

/** Parses YAML text; syntax problems name their line and column. Never throws. */
export function readPipelineYaml(text: string): YamlSyntaxResult {
  const lineCounter = new LineCounter();
  // uniqueKeys: a key written twice is a mistake, not "the last one wins".
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems = document.errors.map((error) => {
    const start = error.linePos?.[0];
    const where = start ? `line ${start.line}, column ${start.col}` : positionText(lineCounter, error.pos[0]);
    // yaml's own messages end with a code excerpt when prettyErrors is on; the first line is the reason.
    return `${where}: ${error.message.split("\n")[0]}`;
  });
  if (problems.length > 0) return { ok: false, problems, value: undefined, document, lineCounter };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return { ok: false, problems: [`The YAML could not be read: ${error instanceof Error ? error.message : String(error)}`], value: undefined, document, lineCounter };
  }
  return { ok: true, problems: [], value, document, lineCounter };
}
