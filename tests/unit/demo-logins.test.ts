import { describe, expect, it } from "vitest";
import { demoLoginsAnnouncement } from "@/lib/seed/demo";

const logins = [{ role: "ADMIN" as const, name: "Ada", email: "admin@demo.local", password: "s3cret-demo-pass" }];

describe("demo logins at start", () => {
  it("shows the passwords on the start that created them, and where they are kept", () => {
    const text = demoLoginsAnnouncement(logins, "/data/demo-logins.json").join("\n");
    expect(text).toContain("s3cret-demo-pass");
    expect(text).toContain("/data/demo-logins.json");
  });

  it("on later starts says where they are, without printing them", () => {
    const text = demoLoginsAnnouncement(null, "/data/demo-logins.json").join("\n");
    expect(text).not.toContain("s3cret-demo-pass");
    expect(text).toContain("/data/demo-logins.json");
  });
});
