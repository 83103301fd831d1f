import { z } from "zod";

// Slugs are URL path segments (/projects/<slug>, /api/v1/projects/<slug>).
export const PROJECT_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const createProjectSchema = z.object({
  slug: z
    .string({ error: "Enter a slug" })
    .trim()
    .min(1, "Enter a slug, like checkout-api")
    .max(50, "A slug has at most 50 characters")
    .regex(PROJECT_SLUG_PATTERN, "Use lowercase letters, digits and single dashes, like checkout-api"),
  name: z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(100, "A name has at most 100 characters"),
  description: z.string().trim().max(500, "A description has at most 500 characters").optional().default(""),
  repositoryUrl: z
    .string()
    .trim()
    .max(500, "A link has at most 500 characters")
    .refine((u) => u === "" || /^https?:\/\/\S+$/i.test(u), "The repository must be an http(s) link")
    .optional()
    .default(""),
});
