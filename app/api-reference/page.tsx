// The REST API reference: the OpenAPI document (/api/v1/openapi.json) rendered on the server as plain HTML,
// with no client script and so nothing for the Content-Security-Policy to allow. Public, like the document.
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "@/lib/api/schemas";
import { MAX_BODY_BYTES } from "@/lib/api/endpoint";
import { openApiDocument } from "@/lib/api/openapi";
import { problemKinds, type ProblemKind } from "@/lib/api/problem";
import { scopeDescriptions, type TokenScope } from "@/lib/tokens/scopes";
import { SchemaView, schemaAnchor, typeLabel, type JsonSchema } from "./_components/schema-view";

export const metadata: Metadata = { title: "API reference" };

type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters: { name: string; in: string; required: boolean; description?: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

const problemExplanations: Record<ProblemKind, string> = {
  malformed: "The body is not valid JSON (or not UTF-8).",
  unauthorized: "No token, or one that is unknown, revoked or expired, or whose account is disabled. Comes with WWW-Authenticate: Bearer.",
  forbidden: "The token's user's role, or the token's scopes, do not allow this. `detail` says which.",
  not_found: "The id or slug in the path names nothing (or nothing this token may see).",
  conflict: "The change does not fit the current state: the item changed since you read it (rowVersion), it is already ticked, the release is not ready to deploy, the version exists…",
  too_large: `The body is larger than ${MAX_BODY_BYTES / 1024} KB.`,
  unsupported_media_type: "A body that is not sent as application/json.",
  invalid: "Fields failed validation: `errors` lists each failing field with what is wrong.",
  rate_limited: "The token sent more requests than its rate allows; Retry-After says in how many seconds to try again.",
  error: "Something failed on the server; `detail` has a reference to give the operator. Never the answer to bad input.",
};

const methodTone = { get: "info", post: "success", put: "warning", patch: "warning", delete: "danger" } as const;

export default function ApiReferencePage() {
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ path, method: method as keyof typeof methodTone, operation })),
  );
  const tags = [...new Set(operations.map((o) => o.operation.tags[0]!))];
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-8">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{doc.info.title}</h1>
        <p className="text-sm text-muted">{doc.info.description}</p>
        <p className="text-sm">
          Machine-readable: <a href="/api/v1/openapi.json" className="text-link underline">/api/v1/openapi.json</a> (OpenAPI 3.1). Tokens:{" "}
          <Link href="/account/tokens" className="text-link underline">your API tokens</Link>.
        </p>
      </header>

      <section aria-labelledby="basics" className="flex flex-col gap-3 text-sm">
        <h2 id="basics" className="text-lg font-semibold">Basics</h2>
        <pre className="overflow-x-auto rounded-md bg-surface-muted p-3 font-mono text-xs">{`curl -H "Authorization: Bearer $PREFLIGHT_TOKEN" https://preflight.example.com/api/v1/projects`}</pre>
        <ul className="list-disc pl-5">
          {(Object.keys(scopeDescriptions) as TokenScope[]).map((scope) => (
            <li key={scope}>
              <code>{scope}</code>: {scopeDescriptions[scope]}.
            </li>
          ))}
          <li>Lists are paged: <code>limit</code> (1–{MAX_PAGE_SIZE}, default {DEFAULT_PAGE_SIZE}) and <code>cursor</code>, the previous page&apos;s <code>nextCursor</code> (null on the last page).</li>
          <li>Every change is recorded in the release&apos;s timeline as made by the token&apos;s user, with the token&apos;s name.</li>
          <li>Dates are ISO 8601 in UTC. Bodies are JSON, at most {MAX_BODY_BYTES / 1024} KB.</li>
        </ul>
      </section>

      <section aria-labelledby="problems" className="flex flex-col gap-3">
        <h2 id="problems" className="text-lg font-semibold">Errors</h2>
        <p className="text-sm">
          Errors are RFC 9457 problem details (<code>application/problem+json</code>): <code>type</code> (a link to its entry here), <code>title</code>,{" "}
          <code>status</code>, <code>detail</code>, <code>instance</code> (the request&apos;s path) and, for 422, <code>errors</code>: <code>[{`{ "field": "version", "detail": "…" }`}]</code>.
        </p>
        <dl className="flex flex-col gap-2 text-sm">
          {(Object.keys(problemKinds) as ProblemKind[]).map((kind) => (
            <div key={kind} id={`problem-${kind}`} className="scroll-mt-20">
              <dt className="font-semibold">
                {problemKinds[kind].status} {problemKinds[kind].title} <code className="font-normal text-muted">/api-reference#problem-{kind}</code>
              </dt>
              <dd className="text-muted">{problemExplanations[kind]}</dd>
            </div>
          ))}
        </dl>
      </section>

      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="flex flex-col gap-4">
          <h2 id={`tag-${tag}`} className="text-lg font-semibold">{tag}</h2>
          {operations
            .filter((o) => o.operation.tags[0] === tag)
            .map(({ path, method, operation }) => (
              <Card key={operation.operationId} id={operation.operationId} className="scroll-mt-20">
                <CardHeader>
                  <CardTitle className="flex flex-wrap items-center gap-2 text-base">
                    <Badge tone={methodTone[method]}>{method.toUpperCase()}</Badge>
                    <code className="break-all">{path}</code>
                  </CardTitle>
                  <p className="text-sm font-medium">{operation.summary}</p>
                  {operation.description?.split("\n\n").map((paragraph) => (
                    <p key={paragraph} className="text-sm text-muted">
                      {paragraph}
                    </p>
                  ))}
                </CardHeader>
                <CardContent className="flex flex-col gap-3">
                  {operation.parameters.length > 0 ? (
                    <div>
                      <h3 className="text-sm font-semibold">Parameters</h3>
                      <ul>
                        {operation.parameters.map((parameter) => (
                          <li key={`${parameter.in}-${parameter.name}`} className="py-1 text-sm">
                            <code className="font-semibold">{parameter.name}</code> <span className="text-muted">{parameter.in}, {parameter.required ? "required" : "optional"}</span> · {typeLabel(parameter.schema)}
                            {parameter.description ? <div className="text-muted">{parameter.description}</div> : null}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {operation.requestBody ? (
                    <div>
                      <h3 className="text-sm font-semibold">Body (application/json)</h3>
                      <SchemaView schema={Object.values(operation.requestBody.content)[0]!.schema} />
                    </div>
                  ) : null}
                  <div>
                    <h3 className="text-sm font-semibold">Responses</h3>
                    <ul>
                      {Object.entries(operation.responses).map(([status, response]) => {
                        const schema = Object.values(response.content ?? {})[0]?.schema;
                        const problem = Number(status) >= 400 ? (Object.keys(problemKinds) as ProblemKind[]).find((k) => String(problemKinds[k].status) === status) : undefined;
                        return (
                          <li key={status} className="py-0.5 text-sm">
                            <code className="font-semibold">{status}</code> {problem ? <a href={`#problem-${problem}`} className="text-link underline">{response.description}</a> : response.description}
                            {schema && !problem ? <> · {typeLabel(schema)}</> : null}
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                </CardContent>
              </Card>
            ))}
        </section>
      ))}

      <section aria-labelledby="schemas" className="flex flex-col gap-4">
        <h2 id="schemas" className="text-lg font-semibold">Schemas</h2>
        {Object.entries(doc.components.schemas).map(([name, schema]) => (
          <Card key={name} id={schemaAnchor(name)} className="scroll-mt-20">
            <CardHeader>
              <CardTitle className="text-base">
                <code>{name}</code>
              </CardTitle>
            </CardHeader>
            <CardContent>
              <SchemaView schema={schema as JsonSchema} />
            </CardContent>
          </Card>
        ))}
      </section>
    </div>
  );
}
