// What a CI system reports about a check (lib/integrations/ci/actions.ts, POST /api/v1/projects/{slug}/checks).
import { z } from "zod";

export const CHECK_CONCLUSIONS = ["success", "failure", "cancelled", "timed_out"] as const;

export const reportCheckSchema = z.object({
  projectId: z.string({ error: "Missing project" }).min(1, "Missing project").max(64, "Unknown project"),
  name: z
    .string({ error: "Name the check" })
    .trim()
    .min(1, "Name the check")
    .max(120, "A check name has at most 120 characters")
    .regex(/^[A-Za-z0-9_.:\-/ ]+$/, "A check name is letters, digits, spaces and _ . : - /"),
  tag: z.string({ error: "Give the release's tag or version" }).trim().min(1, "Give the release's tag or version").max(64, "A tag has at most 64 characters"),
  conclusion: z.enum(CHECK_CONCLUSIONS, { error: `The conclusion is one of ${CHECK_CONCLUSIONS.join(", ")}` }),
  url: z.url({ protocol: /^https?$/, error: "The URL of the CI run is an http(s) address" }).max(2_000, "A URL has at most 2,000 characters"),
});
