// Checklist items that an outside event ticks ("automations"). An item carries a short spec, written the
// same way in the template editor and as a trailing Markdown marker:
//
//   github.workflow_run release.yml success   a run of that workflow concluded "success" on the release's tag
//   github.release                            a GitHub release with the release's tag was published
//   github.push tag                           the tag v${VERSION} (or ${VERSION}) was pushed
//   ci.check <name>                           Preflight's generic webhook reported a check of that name passing
//
// Pure and zod-free: the template editor (a client component) parses specs with it too.

export type Automation =
  | { source: "github"; event: "workflow_run"; workflow: string; conclusion: "success" }
  | { source: "github"; event: "release" }
  | { source: "github"; event: "push" }
  | { source: "ci"; event: "check"; name: string };

export type ParsedAutomation = { ok: true; automation: Automation } | { ok: false; problem: string };

export const AUTOMATION_MAX_CHARS = 200;

/** A workflow as GitHub names its file (`release.yml`), or its display name (`Release`). */
const WORKFLOW = /^[A-Za-z0-9_.\-/ ]{1,120}$/;
const CHECK_NAME = /^[A-Za-z0-9_.:\-/ ]{1,120}$/;

/** GitHub's other conclusions of a workflow run: they never tick an item. */
const OTHER_CONCLUSIONS = new Set(["failure", "cancelled", "timed_out", "neutral", "skipped", "action_required", "stale", "startup_failure"]);

const EXAMPLES = "github.workflow_run release.yml success, github.release, github.push tag or ci.check <name>";

export function parseAutomation(input: string): ParsedAutomation {
  const spec = input.trim().replace(/\s+/g, " ");
  if (spec.length > AUTOMATION_MAX_CHARS) return { ok: false, problem: `An automation has at most ${AUTOMATION_MAX_CHARS} characters` };
  const [kind = "", ...rest] = spec.split(" ");
  switch (kind.toLowerCase()) {
    case "github.workflow_run": {
      const last = rest.at(-1)?.toLowerCase();
      const conclusion = last === "success" ? "success" : null;
      const workflow = (conclusion ? rest.slice(0, -1) : rest).join(" ");
      if (!workflow) return { ok: false, problem: "Name the workflow, e.g. github.workflow_run release.yml success" };
      if (!WORKFLOW.test(workflow)) return { ok: false, problem: `“${workflow}” is not a workflow file or name` };
      if (!conclusion && rest.length > 1 && OTHER_CONCLUSIONS.has(last ?? "")) {
        return { ok: false, problem: `Only a “success” conclusion ticks an item (a failing one adds a note); “${last}” is not accepted` };
      }
      return { ok: true, automation: { source: "github", event: "workflow_run", workflow, conclusion: "success" } };
    }
    case "github.release":
      if (rest.length > 1 || (rest[0] && rest[0].toLowerCase() !== "published")) return { ok: false, problem: "Write github.release (or github.release published)" };
      return { ok: true, automation: { source: "github", event: "release" } };
    case "github.push":
      if (rest.length > 1 || (rest[0] && rest[0].toLowerCase() !== "tag")) return { ok: false, problem: "Write github.push tag (a push of the release's tag)" };
      return { ok: true, automation: { source: "github", event: "push" } };
    case "ci.check": {
      const name = rest.join(" ");
      if (!name) return { ok: false, problem: "Name the check, e.g. ci.check integration-tests" };
      if (!CHECK_NAME.test(name)) return { ok: false, problem: `“${name}” is not a check name (letters, digits, spaces and _ . : - /)` };
      return { ok: true, automation: { source: "ci", event: "check", name } };
    }
    default:
      return { ok: false, problem: `Unknown automation “${kind}”: use ${EXAMPLES}` };
  }
}

/** The canonical spec, as stored and exported. */
export function formatAutomation(automation: Automation): string {
  switch (automation.event) {
    case "workflow_run":
      return `github.workflow_run ${automation.workflow} ${automation.conclusion}`;
    case "release":
      return "github.release";
    case "push":
      return "github.push tag";
    case "check":
      return `ci.check ${automation.name}`;
  }
}

/** Normalises a spec, or null when it is empty or invalid. */
export function normaliseAutomation(input: string | null | undefined): string | null {
  if (!input?.trim()) return null;
  const parsed = parseAutomation(input);
  return parsed.ok ? formatAutomation(parsed.automation) : null;
}

/** How the checklist shows what ticks the item. */
export function describeAutomation(spec: string): string {
  const parsed = parseAutomation(spec);
  if (!parsed.ok) return "Automated";
  const a = parsed.automation;
  switch (a.event) {
    case "workflow_run":
      return `Automated · ticked when GitHub workflow ${a.workflow} succeeds on the release's tag`;
    case "release":
      return "Automated · ticked when the GitHub release for the release's tag is published";
    case "push":
      return "Automated · ticked when the release's tag is pushed to GitHub";
    case "check":
      return `Automated · ticked when CI reports the check ${a.name} passing`;
  }
}

export const integrationLabels: Record<string, string> = { github: "GitHub", ci: "CI" };


/** Whether a workflow run (its file path and display name) is the one an automation names. */
export function isSameWorkflow(named: string, run: { path?: string | null; name?: string | null }): boolean {
  const wanted = named.trim().toLowerCase();
  const file = run.path?.split("/").at(-1)?.toLowerCase();
  return wanted === file || wanted === run.path?.toLowerCase() || wanted === run.name?.trim().toLowerCase();
}

/** The Markdown marker an item carries in an exported template. */
export const automationMarker = (spec: string) => `<!-- preflight: ${spec} -->`;
export const AUTOMATION_MARKER = /\s*<!--\s*preflight:\s*([^>]*?)\s*-->$/i;
