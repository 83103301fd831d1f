// Input of the template actions. Pure zod: the editor may use these too. Messages are shown next to the
// field they belong to (keys like "sections.2.items.0.title"), so they say what to do.
import { z } from "zod";
import { AUTOMATION_MAX_CHARS, formatAutomation, parseAutomation } from "@/lib/integrations/automation";
import { roleLabels, roles } from "@/lib/auth/permissions";
import { atMostChars } from "@/lib/format";
import { PHASES } from "@/lib/releases/rules";
import { SIGNOFF_ROLES, TEMPLATE_LIMITS as L } from "./limits";

const count = (n: number) => n.toLocaleString("en-US");

/** CRLF → LF. */
const normalizeNewlines = (text: string) => text.replace(/\r\n?/g, "\n");

/** One line, trimmed: a title never holds a line break (the Markdown export writes it on one line). */
function titleSchema(what: string, max: number) {
  return z
    .string({ error: `Enter a ${what}` })
    .transform((text) => text.replace(/\s*[\r\n]+\s*/g, " ").trim())
    .pipe(z.string().min(1, `Enter a ${what}`).max(max, `A ${what} has at most ${count(max)} characters`));
}

/** Optional multi-line text; empty (or only whitespace) is stored as null. */
function optionalTextSchema(what: string, max: number) {
  return z
    .string({ error: `The ${what} must be text` })
    .max(max, `The ${what} has at most ${count(max)} characters`)
    .nullish()
    .transform((text) => {
      const trimmed = normalizeNewlines(text ?? "").trim();
      return trimmed === "" ? null : trimmed;
    });
}

export const templateIdSchema = z.string({ error: "Missing template" }).min(1, "Missing template").max(64, "Unknown template");

export const templateNameSchema = z
  .string({ error: "Enter a name" })
  .transform((text) => text.replace(/\s+/g, " ").trim())
  .pipe(z.string().min(1, "Enter a name").max(L.nameChars, `A name has at most ${L.nameChars} characters`));

export const templateDescriptionSchema = optionalTextSchema("description", L.descriptionChars);

export const phaseSchema = z.enum(["PRE_RELEASE", "RELEASE_DAY", "POST_RELEASE", "ROLLBACK"] satisfies typeof PHASES, {
  error: "Choose a phase: Pre-release, Release day, Post-release or Emergency rollback",
});

/** A command keeps its indentation; blank lines around it and trailing spaces go. Empty means none. */
const commandSchema = z
  .string({ error: "The command must be text" })
  .max(L.commandChars, `A command has at most ${count(L.commandChars)} characters`)
  .nullish()
  .transform((text) => {
    const cleaned = normalizeNewlines(text ?? "")
      .replace(/^(?:[ \t]*\n)+/, "")
      .trimEnd();
    return cleaned === "" ? null : cleaned;
  });

/** A pipeline step name (one line); empty means the item is ticked by a person. */
const stepNameSchema = z
  .string({ error: "The step name must be text" })
  .max(L.stepNameChars, atMostChars("A step name", L.stepNameChars))
  .nullish()
  .transform((text) => (text ?? "").replace(/\s+/g, " ").trim() || null)
  .refine((text) => text === null || !/[()]/.test(text), "A bound step name cannot contain parentheses");

/** What outside event ticks the item (lib/integrations/automation.ts); empty means none. */
const automationSchema = z
  .string({ error: "The automation must be text" })
  .max(AUTOMATION_MAX_CHARS, atMostChars("An automation", AUTOMATION_MAX_CHARS))
  .nullish()
  .transform((text, context) => {
    if (!text?.trim()) return null;
    const parsed = parseAutomation(text);
    if (parsed.ok) return formatAutomation(parsed.automation);
    context.addIssue({ code: "custom", message: parsed.problem });
    return z.NEVER;
  });

export const templateItemSchema = z.object({
  title: titleSchema("title for this item", L.titleChars),
  detail: optionalTextSchema("detail", L.detailChars),
  command: commandSchema,
  required: z.boolean({ error: "Say whether the item is required" }),
  stepName: stepNameSchema,
  recordsIncident: z.boolean({ error: "Say whether the item holds the incident note" }).optional().default(false),
  automation: automationSchema,
});

export const templateSectionSchema = z.object({
  phase: phaseSchema,
  /** The phase heading as written ("Pre-Release (1 day before)"); kept from the template when left out. */
  phaseTitle: z
    .string()
    .max(L.phaseTitleChars, `A phase heading has at most ${L.phaseTitleChars} characters`)
    .nullish()
    .transform((text) => (text ?? "").replace(/\s+/g, " ").trim() || null),
  title: titleSchema("section title", L.titleChars),
  detail: optionalTextSchema("section text", L.detailChars),
  items: z
    .array(templateItemSchema, { error: "Missing items" })
    .min(1, "Add an item to this section, or remove the section")
    .max(L.items, `A template has at most ${L.items} items`),
});

export const signoffRequirementSchema = z.object({
  title: titleSchema("title for this sign-off", L.titleChars),
  role: z
    .enum(roles, { error: "Choose the role that signs" })
    .refine((role) => SIGNOFF_ROLES.includes(role), {
      error: `${roleLabels.VIEWER}s cannot give sign-offs; choose ${SIGNOFF_ROLES.map((r) => roleLabels[r].toLowerCase()).join(", ")}`,
    }),
  excludeReleaseManager: z.boolean({ error: "Say whether the release manager is excluded" }),
  /** Pre-release section or item titles the sign-off attests; empty means every required pre-release item. */
  scope: z
    .array(
      z
        .string({ error: "Name a section or item" })
        .transform((t) => t.replace(/\s+/g, " ").trim())
        .pipe(z.string().min(1, "Name a section or item").max(L.titleChars, `A title has at most ${L.titleChars} characters`))
        .refine((t) => !/[(),]/.test(t), "A name in a sign-off's scope cannot contain commas or parentheses"),
      { error: "Missing scope" },
    )
    .max(50, "A sign-off attests at most 50 sections or items")
    .optional()
    .default([]),
});

export const approvalFieldSchema = titleSchema("label for this approval field", L.approvalFieldChars);

export const monitoringWindowSchema = z
  .number({ error: "Enter the monitoring window in hours" })
  .int("Enter a whole number of hours")
  .min(1, "The monitoring window is at least 1 hour")
  .max(L.monitoringWindowHours, `The monitoring window is at most ${count(L.monitoringWindowHours)} hours (a year)`);

export const saveTemplateSchema = z
  .object({
    templateId: templateIdSchema,
    /** The template's updatedAt when the editor loaded it; a save over someone else's newer save is refused. */
    expectedUpdatedAt: z.iso.datetime({ error: "Invalid version" }).optional(),
    name: templateNameSchema,
    description: templateDescriptionSchema,
    monitoringWindowHours: monitoringWindowSchema,
    approvalFields: z
      .array(approvalFieldSchema, { error: "Missing approval fields" })
      .max(L.approvalFields, `A template has at most ${L.approvalFields} approval fields`),
    sections: z
      .array(templateSectionSchema, { error: "Missing sections" })
      .min(1, "Add at least one section with an item")
      .max(L.sections, `A template has at most ${L.sections} sections`),
    signoffRequirements: z
      .array(signoffRequirementSchema, { error: "Missing sign-offs" })
      .max(L.signoffs, `A template has at most ${L.signoffs} sign-offs`),
  })
  .superRefine((input, context) => {
    const items = input.sections.reduce((sum, section) => sum + section.items.length, 0);
    if (items > L.items) {
      context.addIssue({ code: "custom", path: ["sections"], message: `A template has at most ${L.items} items; this one has ${count(items)}` });
    }
    const incidentItems = input.sections.flatMap((s, si) => s.items.map((item, ii) => ({ s, si, ii, item }))).filter((x) => x.item.recordsIncident);
    input.sections.forEach((s, si) => {
      if (s.phase === "RELEASE_DAY" || s.phase === "ROLLBACK") return;
      s.items.forEach((item, ii) => {
        if (item.stepName) context.addIssue({ code: "custom", path: ["sections", si, "items", ii, "stepName"], message: "Only release-day and emergency rollback items can follow a pipeline step" });
      });
    });
    for (const { s, si, ii } of incidentItems) {
      if (s.phase !== "ROLLBACK") context.addIssue({ code: "custom", path: ["sections", si, "items", ii, "recordsIncident"], message: "Only an emergency rollback item can hold the incident note" });
    }
    if (incidentItems.length > 1) {
      const last = incidentItems.at(-1)!;
      context.addIssue({ code: "custom", path: ["sections", last.si, "items", last.ii, "recordsIncident"], message: "Only one item can hold the incident note" });
    }
    const known = new Set(input.sections.filter((s) => s.phase === "PRE_RELEASE").flatMap((s) => [s.title, ...s.items.map((i) => i.title)]).map((t) => t.toLowerCase()));
    input.signoffRequirements.forEach((requirement, index) => {
      requirement.scope.forEach((name, n) => {
        if (!known.has(name.toLowerCase())) context.addIssue({ code: "custom", path: ["signoffRequirements", index, "scope", n], message: `“${name}” is no pre-release section or item` });
      });
    });
    const seen = new Set<string>();
    input.approvalFields.forEach((field, index) => {
      const key = field.toLowerCase();
      if (seen.has(key)) context.addIssue({ code: "custom", path: ["approvalFields", index], message: "This approval field is listed twice" });
      seen.add(key);
    });
  });

export type SaveTemplateInput = z.input<typeof saveTemplateSchema>;

export const importTemplateSchema = z.object({
  name: templateNameSchema,
  description: templateDescriptionSchema,
  markdown: z
    .string({ error: "Paste or upload a Markdown checklist" })
    .max(L.markdownChars, `The Markdown has at most ${count(L.markdownChars)} characters`)
    .refine((text) => text.trim() !== "", "Paste or upload a Markdown checklist"),
  /** The stage chosen in the preview for each top-level section, in order; null keeps the inferred one. */
  stages: z
    .array(phaseSchema.nullable(), { error: "Invalid stages" })
    .max(L.sections, `A template has at most ${L.sections} sections`)
    .optional()
    .default([]),
  /** Write ${VERSION} for the checklist's example version in its commands. */
  replaceVersion: z.boolean({ error: "Invalid version choice" }).optional().default(false),
  /** The title of a checklist without a "# " heading (the uploaded file's name). */
  fallbackTitle: z.string({ error: "Invalid file name" }).max(L.nameChars, "A file name has at most 120 characters").optional(),
});

export const createTemplateSchema = z.object({ name: templateNameSchema, description: templateDescriptionSchema });

export const duplicateTemplateSchema = z.object({ templateId: templateIdSchema, name: templateNameSchema });

export const templateRefSchema = z.object({ templateId: templateIdSchema });
