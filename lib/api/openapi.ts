// The OpenAPI 3.1 document, generated from the endpoints' own zod schemas with zod's JSON Schema output
// (draft 2020-12, OpenAPI 3.1's dialect): named response shapes become components (./schemas.ts registers
// them); path, query and body schemas are written inline, as the request side (`io: "input"`) sees them.
import "server-only";
import { z } from "zod";
import { permissionTable, tokenScopes } from "@/lib/auth/permissions";
import type { Endpoint } from "./endpoint";
import { apiEndpoints } from "./endpoints";
import { PROBLEM_CONTENT_TYPE, problemKinds, problemSchema, type ProblemKind } from "./problem";
import { apiSchemas } from "./schemas";

type JsonSchema = Record<string, unknown>;

const componentRef = (id: string) => `#/components/schemas/${id}`;

/** zod's output without the keywords that only make sense at a schema document's root. */
function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function inputSchema(schema: z.ZodType): JsonSchema {
  return clean(z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as JsonSchema);
}

function isOptional(schema: z.ZodType): boolean {
  return schema.safeParse(undefined).success;
}

function parameters(endpoint: Endpoint) {
  const path = Object.entries(endpoint.params?.shape ?? {}).map(([name, schema]) => ({ name, in: "path", required: true, schema: inputSchema(schema as z.ZodType) }));
  const query = Object.entries(endpoint.query?.shape ?? {}).map(([name, schema]) => {
    const json = inputSchema(schema as z.ZodType);
    const { description, ...rest } = json;
    return { name, in: "query", required: !isOptional(schema as z.ZodType), ...(description ? { description } : {}), schema: rest };
  });
  return [...path, ...query];
}

function problemResponse(kind: ProblemKind) {
  return {
    description: problemKinds[kind].title,
    ...(kind === "rate_limited" ? { headers: { "Retry-After": { description: "Seconds until the token may send again", schema: { type: "integer" } } } } : {}),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: componentRef("Problem") } } },
  };
}

function operation(endpoint: Endpoint) {
  const id = apiSchemas.get(endpoint.response.schema)?.id;
  if (!id) throw new Error(`${endpoint.operationId}: register its response schema in lib/api/schemas.ts`);
  // 500 is never an answer to bad input (the fuzz suite checks), but a broken server can still give it.
  const problems: ProblemKind[] = ["unauthorized", "forbidden", ...endpoint.problems, "rate_limited", "error"];
  const scope = tokenScopes[endpoint.permission];
  const who = [scope ? `Token scope \`${scope}\`` : null, endpoint.projectTokenScope ? `or a project token with \`${endpoint.projectTokenScope}\`` : null].filter(Boolean).join(" ");
  return {
    operationId: endpoint.operationId,
    tags: [endpoint.tag],
    summary: endpoint.summary,
    description: [endpoint.description, `${who}; role: ${permissionTable[endpoint.permission].description.toLowerCase()} (\`${endpoint.permission}\`).`].filter(Boolean).join("\n\n"),
    "x-permission": endpoint.permission,
    ...(scope ? { "x-token-scope": scope } : {}),
    parameters: parameters(endpoint),
    ...(endpoint.body ? { requestBody: { required: true, content: { "application/json": { schema: inputSchema(endpoint.body) } } } } : {}),
    responses: {
      ...Object.fromEntries(
        [endpoint.response, ...(endpoint.response.also ? [endpoint.response.also] : [])].map((success) => [
          String(success.status),
          { description: success.description, content: { "application/json": { schema: { $ref: componentRef(id) } } } },
        ]),
      ),
      ...Object.fromEntries([...new Set(problems)].map((kind) => [String(problemKinds[kind].status), problemResponse(kind)])),
    },
  };
}

export function buildOpenApiDocument(endpoints: readonly Endpoint[] = apiEndpoints) {
  const generated = z.toJSONSchema(apiSchemas, { target: "draft-2020-12", io: "output", uri: componentRef }) as { schemas: Record<string, JsonSchema> };
  const schemas = Object.fromEntries(Object.entries(generated.schemas).map(([name, schema]) => [name, clean(schema)]));
  schemas.Problem = clean(z.toJSONSchema(problemSchema, { target: "draft-2020-12", io: "output" }) as JsonSchema);

  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of endpoints) (paths[endpoint.path] ??= {})[endpoint.method.toLowerCase()] = operation(endpoint);

  return {
    openapi: "3.1.0",
    info: {
      title: "Preflight REST API",
      version: "1",
      description:
        "Releases, checklists, sign-offs, deploys and flags for tools and CI. Authenticate with an API token (`Authorization: Bearer pf_…`) from your account's API tokens page or `npm run token:create`. A token does what its user's role allows, limited to its scopes. Errors are RFC 9457 problem details.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(endpoints.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API token, pf_ followed by 43 characters" } },
      schemas,
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

let cached: OpenApiDocument | undefined;

/** Built once per process: the schemas do not change while it runs. */
export function openApiDocument(): OpenApiDocument {
  return (cached ??= buildOpenApiDocument());
}
