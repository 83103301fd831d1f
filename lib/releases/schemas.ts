import semver from "semver";
import { z } from "zod";
import { atMostChars } from "@/lib/format";
import { RELEASE_LIMITS } from "./limits";
import { releaseStatuses } from "./rules";

const id = (what: string) => z.string({ error: `Missing ${what}` }).min(1, `Missing ${what}`).max(64, `Unknown ${what}`);

const semverMessage = "Use a semantic version: MAJOR.MINOR.PATCH, like 0.5.0 or 1.2.0-rc.1";
// "v0.5.0" is how tags are often written; the release's version is the semver itself.
const withoutTagPrefix = (v: string) => v.replace(/^v(?=\d)/, "");

export const versionSchema = z
  .string({ error: "Enter a version" })
  .trim()
  .min(1, "Enter a version, like 0.5.0")
  .max(RELEASE_LIMITS.versionChars, atMostChars("A version", RELEASE_LIMITS.versionChars))
  .transform(withoutTagPrefix)
  .refine((v) => semver.valid(v) === v, semverMessage);

/** A version that may be left empty (""): judged like a release's version otherwise. */
export const optionalVersionSchema = z
  .string({ error: "Enter a version, or leave it empty" })
  .trim()
  .max(RELEASE_LIMITS.versionChars, atMostChars("A version", RELEASE_LIMITS.versionChars))
  .optional()
  .default("")
  .transform(withoutTagPrefix)
  .refine((v) => v === "" || semver.valid(v) === v, semverMessage);

export const releaseTitleSchema = z
  .string({ error: "Enter a title" })
  .trim()
  .min(1, "Enter a title")
  .max(RELEASE_LIMITS.titleChars, atMostChars("A title", RELEASE_LIMITS.titleChars));

// <input type="date"> sends yyyy-mm-dd; empty means no date.
export const plannedDateSchema = z
  .union([z.literal(""), z.iso.date("Enter a date as yyyy-mm-dd"), z.null()])
  .optional()
  .transform((d) => (d ? new Date(`${d}T00:00:00Z`) : null));

export const createReleaseSchema = z.object({
  projectId: id("project"),
  templateId: id("template"),
  version: versionSchema,
  title: releaseTitleSchema,
  plannedAt: plannedDateSchema,
  // Empty means the creator manages the release.
  releaseManagerId: z.string().max(64, "Unknown release manager").optional().default(""),
});

export const editReleaseSchema = z.object({
  releaseId: id("release"),
  title: releaseTitleSchema,
  plannedAt: plannedDateSchema,
  releaseManagerId: id("release manager"),
});

export const transitionReleaseSchema = z.object({
  releaseId: id("release"),
  to: z.enum(releaseStatuses, { error: "Unknown status" }),
  reason: z.string().trim().max(RELEASE_LIMITS.transitionReasonChars, atMostChars("A reason", RELEASE_LIMITS.transitionReasonChars)).optional().default(""),
});

const noteSchema = z.string().trim().max(RELEASE_LIMITS.noteChars, atMostChars("A note", RELEASE_LIMITS.noteChars));
const reasonSchema = z.string({ error: "Give a reason" }).trim().min(1, "Give a reason").max(RELEASE_LIMITS.reasonChars, atMostChars("A reason", RELEASE_LIMITS.reasonChars));
const evidenceUrlSchema = z
  .string()
  .trim()
  .max(RELEASE_LIMITS.evidenceUrlChars, atMostChars("A link", RELEASE_LIMITS.evidenceUrlChars))
  .refine((u) => u === "" || /^https?:\/\/\S+$/i.test(u), "Evidence must be an http(s) link, like https://ci.example.com/run/42");

// Each change, named so the REST API's endpoints (lib/api/endpoints/items.ts) take the same fields.
export const tickChangeSchema = z.object({ kind: z.literal("tick"), note: noteSchema.optional(), evidenceUrl: evidenceUrlSchema.optional() });
export const untickChangeSchema = z.object({ kind: z.literal("untick"), reason: reasonSchema });
export const annotateChangeSchema = z.object({ kind: z.literal("annotate"), note: noteSchema.optional().default(""), evidenceUrl: evidenceUrlSchema.optional().default("") });
export const notApplicableChangeSchema = z.object({ kind: z.literal("not_applicable"), reason: reasonSchema });

export const itemChangeSchema = z.discriminatedUnion("kind", [tickChangeSchema, untickChangeSchema, annotateChangeSchema, notApplicableChangeSchema], {
  error: "Say what to do with the item: tick, untick, annotate or not_applicable",
});

export const updateItemSchema = z.object({
  itemId: id("item"),
  // The version of the item the user saw; a different current version means someone else changed it.
  rowVersion: z.number({ error: "Missing item version" }).int().min(1),
  change: itemChangeSchema,
});

export type ItemChange = z.infer<typeof itemChangeSchema>;

export const signOffSchema = z.object({
  requirementId: id("sign-off requirement"),
  comment: z.string().trim().max(RELEASE_LIMITS.signoffCommentChars, atMostChars("A comment", RELEASE_LIMITS.signoffCommentChars)).optional().default(""),
});

export const revokeSignoffSchema = z.object({
  signoffId: id("sign-off"),
  reason: reasonSchema,
});
