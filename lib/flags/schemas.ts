import { z } from "zod";
import { FLAG_KEY } from "@/lib/deploys/pipeline-schema";
import { projectIdSchema } from "@/lib/projects/schemas";
import { FLAG_LIMITS } from "./limits";

const description = z
  .string()
  .trim()
  .max(FLAG_LIMITS.descriptionChars, `A description has at most ${FLAG_LIMITS.descriptionChars} characters`)
  .optional()
  .default("");
const defaultEnabled = z.boolean({ error: "Say whether the flag is on or off by default" });

export const createFlagSchema = z.object({
  projectId: projectIdSchema,
  key: z
    .string({ error: "Enter a key" })
    .trim()
    .min(1, { error: "Enter a key", abort: true })
    .max(FLAG_LIMITS.keyChars, `A key has at most ${FLAG_LIMITS.keyChars} characters`)
    .regex(FLAG_KEY, "A key is letters, digits, _ . or -, like new-checkout or NEW_CHECKOUT"),
  description,
  defaultEnabled,
});

export const updateFlagSchema = z.object({
  flagId: z.string({ error: "Missing flag" }).min(1, "Missing flag").max(64, "Unknown flag"),
  description,
  defaultEnabled,
});
