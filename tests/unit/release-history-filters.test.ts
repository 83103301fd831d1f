import { describe, expect, it } from "vitest";
import { describeFilters, hasActiveFilters, historyFiltersSchema, parseHistoryFilters } from "@/lib/releases/history";
import { formatDuration, historyHref } from "@/lib/releases/history-url";

/** Dates in messages use no-break spaces; compare them as plain text. */
const plain = <T,>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll("\u00a0", " ")) as T;

describe("parseHistoryFilters", () => {
  it("reads every filter from the URL", () => {
    const { filters, messages } = parseHistoryFilters(
      new URLSearchParams("q=%20Webhook%20&status=RELEASED,failed&status=ROLLED_BACK&project=gateway&from=2026-01-01&to=2026-01-31"),
    );
    expect(messages).toEqual([]);
    // Trimmed search; statuses from both forms, deduplicated and in lifecycle order.
    expect(filters).toEqual({
      q: "Webhook",
      status: ["RELEASED", "FAILED", "ROLLED_BACK"],
      project: "gateway",
      from: "2026-01-01",
      to: "2026-01-31",
    });
  });

  it("treats blank values (an empty form field) as absent", () => {
    expect(parseHistoryFilters({ q: "  ", status: "", project: "", from: "", to: "", cursor: "" })).toEqual({ filters: {}, messages: [] });
    expect(parseHistoryFilters({})).toEqual({ filters: {}, messages: [] });
  });

  it("ignores a search of fewer than three characters, saying so (it could not use the search index)", () => {
    const { filters, messages } = parseHistoryFilters({ q: " v1 ", status: "RELEASED" });
    expect(filters).toEqual({ status: ["RELEASED"] });
    expect(messages).toEqual(["Search for at least 3 characters; “v1” was ignored."]);
    expect(parseHistoryFilters({ q: "1.2" }).filters).toEqual({ q: "1.2" });
  });

  it("drops each invalid value with a sentence, keeping the valid ones", () => {
    const { filters, messages } = parseHistoryFilters({
      q: "x".repeat(101),
      status: "RELEASED,nope,,CANCELLED",
      project: "../etc",
      from: "2026-02-30",
      to: "2026-13-01",
      cursor: "eyJub3QiOiJhIGN1cnNvciJ9",
    });
    expect(filters).toEqual({ status: ["RELEASED", "CANCELLED"] });
    expect(messages).toEqual([
      "The search was longer than 100 characters, so it was ignored.",
      "“nope” is not a release status, so it was ignored.",
      "“../etc” is not a project, so the project filter was ignored.",
      "The start date “2026-02-30” is not a date like 2026-01-31, so it was ignored.",
      "The end date “2026-13-01” is not a date like 2026-01-31, so it was ignored.",
      "The page link was not valid, so the newest releases are shown.",
    ]);
  });

  it("keeps a search of exactly 100 characters", () => {
    expect(parseHistoryFilters({ q: "y".repeat(100) }).filters.q).toHaveLength(100);
  });

  it("ignores a date range that ends before it starts, and allows a one-day range", () => {
    expect(plain(parseHistoryFilters({ from: "2026-02-01", to: "2026-01-01" }))).toEqual({
      filters: {},
      messages: ["The start date (1 Feb 2026) is after the end date (1 Jan 2026), so the date range was ignored."],
    });
    expect(parseHistoryFilters({ from: "2026-02-01", to: "2026-02-01" }).filters).toEqual({ from: "2026-02-01", to: "2026-02-01" });
  });

  it("never throws, whatever arrives", () => {
    const odd = [{ status: [] as string[] }, { q: ["a", "b"] }, { from: "2026-01-01T00:00:00Z" }, { cursor: "%%%" }, { cursor: "x".repeat(10_000) }];
    for (const params of odd) expect(() => parseHistoryFilters(params)).not.toThrow();
    expect(parseHistoryFilters({ q: ["first", "second"] }).filters.q).toBe("first");
  });

  it("matches the schema, which rejects the same values as a whole", () => {
    expect(historyFiltersSchema.safeParse({ from: "2026-02-01", to: "2026-01-01" }).success).toBe(false);
    expect(historyFiltersSchema.safeParse({ status: "RELEASED", q: " a " }).data).toEqual({ status: ["RELEASED"], q: "a" });
  });
});

describe("filter helpers", () => {
  it("builds clean URLs that parse back to the same filters", () => {
    const filters = { q: "auth fix", status: ["RELEASED", "FAILED"] as const, project: "gateway", from: "2026-01-01", to: "2026-01-31" };
    const href = historyHref({ ...filters, status: [...filters.status] });
    expect(href).toBe("/releases?q=auth+fix&status=RELEASED%2CFAILED&project=gateway&from=2026-01-01&to=2026-01-31");
    expect(parseHistoryFilters(new URL(href, "http://x").searchParams).filters).toEqual({ ...filters, status: ["RELEASED", "FAILED"] });
    expect(historyHref({})).toBe("/releases");
    expect(historyHref({ q: "  ", status: [] })).toBe("/releases");
  });

  it("describes filters in words", () => {
    expect(hasActiveFilters({ cursor: "abc" })).toBe(false);
    expect(hasActiveFilters({ q: "x" })).toBe(true);
    expect(plain(describeFilters({ q: "auth", status: ["RELEASED", "FAILED", "CANCELLED"], project: "gateway", from: "2026-01-01", to: "2026-01-31" }, "Gateway"))).toEqual([
      "search “auth”",
      "status Released, Failed or Cancelled",
      "project Gateway",
      "created 1 Jan 2026 – 31 Jan 2026",
    ]);
    expect(plain(describeFilters({ from: "2026-01-01" }))).toEqual(["created on or after 1 Jan 2026"]);
    expect(plain(describeFilters({ to: "2026-01-01" }))).toEqual(["created on or before 1 Jan 2026"]);
  });

  it("formats durations", () => {
    const minute = 60_000;
    expect(formatDuration(0)).toBe("1 min");
    expect(formatDuration(45 * minute)).toBe("45 min");
    expect(formatDuration(60 * minute)).toBe("1 hour");
    expect(formatDuration(47 * 60 * minute)).toBe("47 hours");
    expect(formatDuration(3 * 24 * 60 * minute + 5 * 60 * minute)).toBe("3 days");
  });
});
