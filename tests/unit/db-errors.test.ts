import { describe, expect, it } from "vitest";
import { isConnectionFailure } from "@/lib/db/errors";

const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isConnectionFailure", () => {
  it("knows PostgreSQL going away and the socket failing", () => {
    expect(isConnectionFailure(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isConnectionFailure(pgError("57P03", "the database system is starting up"))).toBe(true);
    expect(isConnectionFailure(pgError("08006"))).toBe(true);
    expect(isConnectionFailure(pgError("ECONNREFUSED"))).toBe(true);
    expect(isConnectionFailure(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("does not excuse query faults or programming errors", () => {
    expect(isConnectionFailure(pgError("23505", "duplicate key value"))).toBe(false);
    expect(isConnectionFailure(pgError("42P01", "relation does not exist"))).toBe(false);
    expect(isConnectionFailure(new TypeError("x is undefined"))).toBe(false);
    expect(isConnectionFailure("a string")).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
  });
});
