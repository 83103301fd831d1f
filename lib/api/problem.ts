// Errors of the REST API as RFC 9457 problem details (application/problem+json). Each kind has a stable
// `type`, a link to its entry on the API reference page, so a client can branch on it and a person can read it.
import { z } from "zod";

export const problemKinds = {
  malformed: { status: 400, title: "Malformed request" },
  unauthorized: { status: 401, title: "Not authenticated" },
  forbidden: { status: 403, title: "Not allowed" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  too_large: { status: 413, title: "Request body too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  invalid: { status: 422, title: "Invalid input" },
  rate_limited: { status: 429, title: "Too many requests" },
  error: { status: 500, title: "Server error" },
} as const;

export type ProblemKind = keyof typeof problemKinds;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export const problemTypeUri = (kind: ProblemKind) => `/api-reference#problem-${kind}`;

export const fieldErrorSchema = z.object({
  field: z.string().meta({ description: "The failing field, dotted for nested ones (`_form` for the request as a whole)" }),
  detail: z.string(),
});

export const problemSchema = z
  .object({
    type: z.string().meta({ description: "A URI reference naming the kind of problem (its entry on the API reference page)" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().meta({ description: "The request's path" }),
    errors: z.array(fieldErrorSchema).optional().meta({ description: "For 422: every failing field" }),
  })
  .meta({ description: "RFC 9457 problem details" });

export type FieldError = z.infer<typeof fieldErrorSchema>;

/** Thrown inside the API layer and its endpoints; turned into a problem response. */
export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }
}

export function problemResponse(problem: ApiProblem, instance: string): Response {
  const { status, title } = problemKinds[problem.kind];
  const body = {
    type: problemTypeUri(problem.kind),
    title,
    status,
    detail: problem.detail,
    instance,
    ...(problem.options.errors ? { errors: problem.options.errors } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store", ...problem.options.headers },
  });
}

/** Field errors as the action wrapper and zod report them ({ field: [messages] }), one entry per message. */
export function toFieldErrors(fieldErrors: Record<string, string[] | undefined>): FieldError[] {
  return Object.entries(fieldErrors).flatMap(([field, messages]) => (messages ?? []).map((detail) => ({ field, detail })));
}

export function zodFieldErrors(error: z.ZodError, prefix = ""): FieldError[] {
  return error.issues.map((issue) => ({ field: [prefix, ...issue.path.map(String)].filter(Boolean).join(".") || "_form", detail: issue.message }));
}
