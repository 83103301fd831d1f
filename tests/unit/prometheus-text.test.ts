// The scrape parser the metrics tests rely on reads values as Prometheus does (Go's ParseFloat).
import { describe, expect, it } from "vitest";
import { parsePrometheusText } from "../support/prometheus";

describe("parsePrometheusText", () => {
  it("reads NaN and Inf in any case, as prom-client writes them, and refuses other words", () => {
    const scrape = parsePrometheusText(
      ["# TYPE lag gauge", "nodejs_eventloop_lag_mean_seconds Nan", "a NaN", 'le_bucket{le="+Inf"} +Inf', "b -inf", "c 1.5"].join("\n"),
    );
    expect(scrape.samples.map((s) => s.value)).toEqual([NaN, NaN, Infinity, -Infinity, 1.5]);
    expect(() => parsePrometheusText("d banana")).toThrow("Not a number in: d banana");
  });
});
