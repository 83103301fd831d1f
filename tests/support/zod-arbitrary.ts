// Inputs for the fuzz suite, derived from an action's own zod schema: mostly shaped like what the schema
// expects (so that calls get past validation into the database), with values at and just past each
// bound, ids of real rows, and plain junk mixed in.
import fc from "fast-check";
import type { z } from "zod";

interface Def {
  type: string;
  checks?: { _zod: { def: Record<string, unknown> } }[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  values?: unknown[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Anything a server action could be handed by React's decoder: JSON values, undefined, dates, big ints, maps. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, maxKeys: 4, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true }),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(undefined, null, "", 0, -1, Number.MAX_SAFE_INTEGER, Infinity, NaN, "0", "null", "__proto__", "constructor", "'; DROP TABLE \"User\"; --", "\u0000", "🧪".repeat(50)),
);

const weird = fc.constantFrom("", " ", "\u0000", "\u202e", "ä", "🧪", "'", '"', "\\", "%", "${VERSION}", "${secret:X}", "<script>", "\n");

function stringChecks(def: Def) {
  let min = 0;
  let max: number | undefined;
  let pattern: RegExp | undefined;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === "min_length") min = c.minimum as number;
    if (c.check === "max_length") max = c.maximum as number;
    if (c.check === "string_format" && c.pattern instanceof RegExp) pattern = c.pattern;
  }
  return { min, max, pattern };
}

function numberChecks(def: Def) {
  let min = -1_000_000;
  let max = 1_000_000;
  let int = false;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === "greater_than") min = c.value as number;
    if (c.check === "less_than") max = c.value as number;
    if (c.check === "number_format" && /int/.test(String(c.format))) int = true;
  }
  return { min: Math.max(min, -1e9), max: Math.min(max, 1e9), int };
}

export interface ArbitraryOptions {
  /** Ids of real rows, used for fields named like ids (…Id, id). */
  ids: string[];
  /** Overrides by field name, e.g. steps → arbitrary pipeline steps. */
  fields?: Record<string, fc.Arbitrary<unknown>>;
}

export function arbitraryFor(schema: z.ZodType, options: ArbitraryOptions, key = ""): fc.Arbitrary<unknown> {
  const override = options.fields?.[key];
  if (override) return fc.oneof({ weight: 5, arbitrary: override }, { weight: 1, arbitrary: junk });
  const def = defOf(schema);
  switch (def.type) {
    case "string": {
      const { min, max, pattern } = stringChecks(def);
      const cap = Math.min(max ?? 80, 400);
      const shaped = pattern ? fc.stringMatching(pattern).map((s) => s.slice(0, max ?? s.length)) : fc.string({ minLength: Math.min(min, cap), maxLength: cap, unit: "grapheme" });
      const arbitraries: fc.WeightedArbitrary<unknown>[] = [
        { weight: 6, arbitrary: shaped },
        { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: "binary" }) },
        { weight: 1, arbitrary: weird },
        { weight: 1, arbitrary: junk },
      ];
      // At and just past the bound: the largest allowed value and one character more.
      if (max !== undefined) arbitraries.push({ weight: 1, arbitrary: fc.constantFrom("x".repeat(max), "x".repeat(max + 1), "é".repeat(max + 1)) });
      if (/id$/i.test(key) && options.ids.length > 0) arbitraries.push({ weight: 8, arbitrary: fc.constantFrom(...options.ids) });
      return fc.oneof(...arbitraries);
    }
    case "number": {
      const { min, max, int } = numberChecks(def);
      return fc.oneof(
        { weight: 6, arbitrary: int ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true }) },
        { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0.5, -0, NaN, Infinity, -Infinity, 2 ** 53, "1") },
      );
    }
    case "boolean":
      return fc.oneof({ weight: 8, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom("true", 1, null) });
    case "enum":
      return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...Object.values(def.entries ?? {})) }, { weight: 1, arbitrary: weird });
    case "literal":
      return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...(def.values ?? [null])) }, { weight: 1, arbitrary: weird });
    case "optional":
    case "default":
    case "nullable":
    case "prefault":
      return fc.oneof({ weight: 4, arbitrary: arbitraryFor(def.innerType!, options, key) }, { weight: 1, arbitrary: fc.constantFrom(undefined, null) });
    case "pipe":
      return arbitraryFor(def.in!, options, key);
    case "array": {
      const max = (def.checks ?? []).map((c) => c._zod.def).find((c) => c.check === "max_length")?.maximum as number | undefined;
      return fc.oneof({ weight: 6, arbitrary: fc.array(arbitraryFor(def.element!, options, key), { maxLength: Math.min((max ?? 6) + 1, 8) }) }, { weight: 1, arbitrary: junk });
    }
    case "object": {
      const shape = def.shape ?? {};
      const fields = Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, arbitraryFor(field, options, name)]));
      return fc.oneof(
        { weight: 8, arbitrary: fc.record(fields) },
        { weight: 2, arbitrary: fc.record(fields, { requiredKeys: [] }) },
        { weight: 1, arbitrary: fc.tuple(fc.record(fields), fc.dictionary(fc.string({ maxLength: 10 }), junk, { maxKeys: 3 })).map(([a, b]) => ({ ...b, ...a })) },
        { weight: 1, arbitrary: junk },
      );
    }
    case "union":
      return fc.oneof(...(def.options ?? []).map((option) => arbitraryFor(option, options, key)));
    case "record":
      return fc.dictionary(fc.string({ maxLength: 20 }), arbitraryFor(def.valueType!, options, key), { maxKeys: 4 });
    case "date":
      return fc.oneof(fc.date(), junk);
    default:
      return junk;
  }
}
