// The parts of GitHub's webhook payloads Preflight reads (docs.github.com, "Webhook events and payloads"),
// reduced to one shape: which tag it is about, what happened and the page that shows it. Everything else
// in a payload is ignored, so GitHub may add fields freely.
import { z } from "zod";

export type GithubFact =
  | { kind: "workflow_run"; tag: string; workflowPath: string | null; workflowName: string | null; conclusion: string; url: string }
  | { kind: "release"; tag: string; url: string }
  | { kind: "push"; tag: string; url: string };

export type ReadEvent = { fact: GithubFact } | { ignored: string };

const url = z.string().max(2_000);
const repository = z.object({ html_url: url }).partial().optional();

const workflowRunPayload = z.object({
  action: z.string(),
  workflow_run: z.object({
    name: z.string().nullish(),
    path: z.string().nullish(),
    head_branch: z.string().nullish(),
    conclusion: z.string().nullish(),
    html_url: url,
  }),
  workflow: z.object({ path: z.string().nullish(), name: z.string().nullish() }).partial().nullish(),
});

const releasePayload = z.object({
  action: z.string(),
  release: z.object({ tag_name: z.string(), html_url: url, draft: z.boolean().optional(), prerelease: z.boolean().optional() }),
});

const pushPayload = z.object({
  ref: z.string(),
  deleted: z.boolean().optional(),
  compare: url.optional(),
  repository,
});

/** What a delivery of `event` says, or why Preflight has nothing to do with it. */
export function readGithubEvent(event: string, payload: unknown): ReadEvent {
  switch (event) {
    case "ping":
      return { ignored: "GitHub's ping: the webhook is set up" };
    case "workflow_run": {
      const parsed = workflowRunPayload.safeParse(payload);
      if (!parsed.success) return { ignored: "A workflow_run payload without the expected fields" };
      const { action, workflow_run: run, workflow } = parsed.data;
      if (action !== "completed") return { ignored: `Workflow run ${action}: only completed runs count` };
      if (!run.head_branch) return { ignored: "The workflow run names no branch or tag" };
      return {
        fact: {
          kind: "workflow_run",
          tag: run.head_branch,
          workflowPath: run.path ?? workflow?.path ?? null,
          workflowName: run.name ?? workflow?.name ?? null,
          conclusion: run.conclusion ?? "unknown",
          url: run.html_url,
        },
      };
    }
    case "release": {
      const parsed = releasePayload.safeParse(payload);
      if (!parsed.success) return { ignored: "A release payload without the expected fields" };
      const { action, release } = parsed.data;
      if (action !== "published") return { ignored: `Release ${action}: only published releases count` };
      return { fact: { kind: "release", tag: release.tag_name, url: release.html_url } };
    }
    case "push": {
      const parsed = pushPayload.safeParse(payload);
      if (!parsed.success) return { ignored: "A push payload without the expected fields" };
      const { ref, deleted, compare, repository: repo } = parsed.data;
      if (!ref.startsWith("refs/tags/")) return { ignored: "A push to a branch: only tags count" };
      if (deleted) return { ignored: "A tag was deleted" };
      const tag = ref.slice("refs/tags/".length);
      const tagUrl = repo?.html_url ? `${repo.html_url}/tree/${encodeURIComponent(tag)}` : (compare ?? "");
      return { fact: { kind: "push", tag, url: tagUrl } };
    }
    default:
      return { ignored: `Preflight does not use ${event} events` };
  }
}
