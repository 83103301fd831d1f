import { describe, expect, it } from "vitest";
import { cursorEventId, parseLiveCursor } from "@/lib/events/cursor";

describe("a live cursor", () => {
  it("reads a page's cursor and a browser's plain Last-Event-ID", () => {
    expect(parseLiveCursor("18~740:745:741,743")).toEqual({ id: 18n, snapshot: "740:745:741,743" });
    expect(parseLiveCursor("0~3:3:")).toEqual({ id: 0n, snapshot: "3:3:" });
    expect(parseLiveCursor("42")).toEqual({ id: 42n, snapshot: null });
    expect(cursorEventId("18~740:745:")).toBe("18");
  });

  it("refuses what PostgreSQL would refuse to cast, so a replay never fails on it", () => {
    for (const text of [
      "",
      "abc",
      "-1",
      "99999999999999999999",
      "18~",
      "18~740:745",
      "18~745:740:",
      "18~740:745:739",
      "18~740:745:745",
      "18~0:5:",
      "18~740:745:741;DROP",
      "18~740:745:743,741",
      "18~1:2:~3",
      `18~1:2:${"1,".repeat(3000)}1`,
    ]) {
      expect(parseLiveCursor(text), text).toBeNull();
    }
    expect(cursorEventId(undefined)).toBeNull();
  });
});
