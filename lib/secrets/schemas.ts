import { z } from "zod";
import { SECRET_NAME } from "@/lib/deploys/pipeline-schema";
import { atMostChars } from "@/lib/format";
import { SECRET_LIMITS } from "./limits";

const projectId = z.string({ error: "Missing project" }).min(1, "Missing project").max(64, "Unknown project");
const name = z
  .string({ error: "Name the secret" })
  .trim()
  .min(1, "Name the secret")
  .max(SECRET_LIMITS.nameChars, atMostChars("A secret name", SECRET_LIMITS.nameChars))
  .regex(SECRET_NAME, "Secret names are UPPER_CASE letters, digits and _, not starting with a digit");

export const setProjectSecretSchema = z.object({
  projectId,
  name,
  // Not trimmed: a key file's final newline can matter.
  value: z.string({ error: "Enter the value" }).min(1, "Enter the value").max(SECRET_LIMITS.valueChars, atMostChars("A secret", SECRET_LIMITS.valueChars)),
});
export const deleteProjectSecretSchema = z.object({ projectId, name });
