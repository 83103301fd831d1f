// Table tests of pure functions: one test per row, named from the row.
import { expect, it } from "vitest";

/** One test per [input, expected] row: `fn(input)` is `expected` (toBe). `title` formats the row, as in it.each. */
export function itReturnsEach<I, O>(fn: (input: I) => O, rows: [I, O][], title = "%s → %s"): void {
  it.each(rows)(title, (input, expected) => {
    expect(fn(input)).toBe(expected);
  });
}
