// A JSON Schema (zod's output, draft 2020-12) as a readable outline: properties with their types, whether
// required, limits and descriptions; named schemas link to their entry on the page.
import type { ReactNode } from "react";

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  description?: string;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  additionalProperties?: boolean | JsonSchema;
};

const refName = (ref: string) => ref.split("/").at(-1) ?? ref;

export function schemaAnchor(name: string): string {
  return `schema-${name}`;
}

/** One line for a schema's type: "string (1–64)", "ChecklistItem", "array of Person", "READY | DONE", "… or null". */
export function typeLabel(schema: JsonSchema): ReactNode {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return (
      <a href={`#${schemaAnchor(name)}`} className="text-link underline">
        {name}
      </a>
    );
  }
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    return variants.map((variant, index) => (
      <span key={index}>
        {index > 0 ? " or " : ""}
        {typeLabel(variant)}
      </span>
    ));
  }
  if (schema.const !== undefined) return <code>{JSON.stringify(schema.const)}</code>;
  if (schema.enum) return <code>{schema.enum.map((value) => String(value)).join(" | ")}</code>;
  if (schema.type === "array" && schema.items) return <>array of {typeLabel(schema.items)}</>;
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
  const limits = [
    schema.format,
    schema.minLength !== undefined || schema.maxLength !== undefined ? `${schema.minLength ?? 0}–${schema.maxLength ?? "∞"} characters` : null,
    schema.minimum !== undefined || schema.maximum !== undefined ? `${schema.minimum ?? "−∞"}–${schema.maximum ?? "∞"}` : null,
  ].filter(Boolean);
  return (
    <>
      {type}
      {limits.length > 0 ? <span className="text-muted"> ({limits.join(", ")})</span> : null}
    </>
  );
}

/** An object's properties as a table (nested objects indented); anything else as its type line. */
export function SchemaView({ schema, depth = 0 }: { schema: JsonSchema; depth?: number }) {
  if (!schema.properties) return <p className="text-sm">{typeLabel(schema)}</p>;
  const required = new Set(schema.required ?? []);
  return (
    <ul className={depth > 0 ? "ml-4 border-l border-border pl-3" : ""}>
      {Object.entries(schema.properties).map(([name, property]) => (
        <li key={name} className="py-1 text-sm">
          <code className="font-semibold">{name}</code> <span className="text-muted">{required.has(name) ? "required" : "optional"}</span> · {typeLabel(property)}
          {property.default !== undefined ? <span className="text-muted"> · default {JSON.stringify(property.default)}</span> : null}
          {property.description ? <div className="text-muted">{property.description}</div> : null}
          {property.properties ? <SchemaView schema={property} depth={depth + 1} /> : null}
          {property.type === "array" && property.items?.properties ? <SchemaView schema={property.items} depth={depth + 1} /> : null}
        </li>
      ))}
    </ul>
  );
}
