import { z } from "zod";
import { optionalVersionSchema } from "@/lib/releases/schemas";
import { PROJECT_LIMITS, PROJECT_SLUG, RESERVED_SLUGS } from "./limits";
import { RESERVED_VARIABLE_NAMES, VARIABLE_NAME } from "./variables";

export const projectIdSchema = z.string({ error: "Missing project" }).min(1, "Missing project").max(64, "Unknown project");

const name = z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(PROJECT_LIMITS.nameChars, `A name has at most ${PROJECT_LIMITS.nameChars} characters`);
const slug = z
  .string({ error: "Enter a slug" })
  .trim()
  .min(1, { error: "Enter a slug", abort: true })
  .max(PROJECT_LIMITS.slugChars, `A slug has at most ${PROJECT_LIMITS.slugChars} characters`)
  .regex(PROJECT_SLUG, "Use lower-case letters, digits and single dashes between them, like billing-api")
  .refine((s) => !RESERVED_SLUGS.includes(s), { error: (issue) => `“${String(issue.input)}” is the address of a Preflight page; choose another slug` });
const description = z
  .string()
  .trim()
  .max(PROJECT_LIMITS.descriptionChars, `A description has at most ${PROJECT_LIMITS.descriptionChars.toLocaleString("en-US")} characters`)
  .optional()
  .default("");
const repositoryUrl = z
  .string()
  .trim()
  .max(PROJECT_LIMITS.repositoryUrlChars, `A repository URL has at most ${PROJECT_LIMITS.repositoryUrlChars} characters`)
  .refine((u) => u === "" || (/^https?:\/\/[^\s/]+\S*$/i.test(u) && URL.canParse(u)), "Enter an http(s) address, like https://github.com/acme/billing")
  .optional()
  .default("");

// The version in production before Preflight: ${PREVIOUS_VERSION} of the first release (lib/projects/variables.ts).
const baselineVersion = optionalVersionSchema;

const projectFields = { name, slug, description, repositoryUrl, baselineVersion };

export const createProjectSchema = z.object(projectFields);
export const updateProjectSchema = z.object({
  projectId: projectIdSchema,
  ...projectFields,
  // How old the newest backup may be when a rollback starts (lib/deploys/rollback-preflight.ts); kept when absent.
  backupMaxAgeHours: z.coerce
    .number({ error: "Enter whole hours, like 24" })
    .int("Enter whole hours, like 24")
    .min(1, "At least 1 hour")
    .max(PROJECT_LIMITS.backupMaxAgeHours, `At most ${PROJECT_LIMITS.backupMaxAgeHours} hours (30 days)`)
    .optional(),
});
export const setProjectTemplateSchema = z.object({
  projectId: projectIdSchema,
  templateId: z.string({ error: "Choose a template" }).min(1, "Choose a template").max(64, "Unknown template"),
});
export const setProjectArchivedSchema = z.object({
  projectId: projectIdSchema,
  archived: z.boolean({ error: "Say whether to archive or unarchive the project" }),
});

const variableName = z
  .string({ error: "Name the variable" })
  .trim()
  .min(1, { error: "Name the variable", abort: true })
  .max(PROJECT_LIMITS.variableNameChars, `A variable name has at most ${PROJECT_LIMITS.variableNameChars} characters`)
  .regex(VARIABLE_NAME, "Variable names are UPPER_CASE letters, digits and _, not starting with a digit");

export const setProjectVariableSchema = z.object({
  projectId: projectIdSchema,
  name: variableName.refine((n) => !RESERVED_VARIABLE_NAMES.has(n), { error: (issue) => `\${${String(issue.input)}} is built in; choose another name` }),
  value: z
    .string({ error: "Enter the value" })
    .trim()
    .min(1, "Enter the value")
    .max(PROJECT_LIMITS.variableValueChars, `A value has at most ${PROJECT_LIMITS.variableValueChars.toLocaleString("en-US")} characters`),
});
export const deleteProjectVariableSchema = z.object({ projectId: projectIdSchema, name: variableName });
