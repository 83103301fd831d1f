// Opaque keyset cursors for the API's lists: the position after the last row of a page, as base64url JSON.
import type { z } from "zod";
import { ApiProblem } from "./problem";

export function encodeCursor(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

/** The cursor's position, or a 422 naming `cursor` for anything this API did not hand out. */
export function decodeCursor<S extends z.ZodType>(raw: string | undefined, schema: S): z.output<S> | null {
  if (raw === undefined || raw === "") return null;
  const invalid = new ApiProblem("invalid", "Check the failing fields.", { errors: [{ field: "cursor", detail: "Not a cursor from this list; pass `nextCursor` as it came" }] });
  if (!/^[A-Za-z0-9_-]{1,500}$/.test(raw)) throw invalid;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalid;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid;
  return parsed.data;
}

/** The page's rows and the next page's cursor (one extra row was read to know whether there is one). */
export function pageFrom<T>(rows: T[], limit: number, positionOf: (row: T) => Record<string, string>) {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  return { data, nextCursor: more ? encodeCursor(positionOf(data[data.length - 1]!)) : null };
}
