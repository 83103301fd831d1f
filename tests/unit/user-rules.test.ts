import { describe, expect, it } from "vitest";
import { refuseUserChange } from "@/lib/users/rules";

const admin = { id: "a1", role: "ADMIN" as const, disabled: false };

describe("user change rules", () => {
  it("refuses demoting the last admin", () => {
    expect(refuseUserChange({ actorId: "a1", target: admin, next: { role: "VIEWER", disabled: false }, activeAdmins: 1 })).toBe(
      "This is the last admin: make someone else an admin first",
    );
  });

  it("refuses disabling the last admin", () => {
    expect(refuseUserChange({ actorId: "other", target: admin, next: { role: "ADMIN", disabled: true }, activeAdmins: 1 })).toMatch(/last admin/);
  });

  it("allows demoting an admin when another admin remains", () => {
    expect(refuseUserChange({ actorId: "a1", target: admin, next: { role: "VIEWER", disabled: false }, activeAdmins: 2 })).toBeNull();
  });

  it("refuses disabling your own account", () => {
    expect(refuseUserChange({ actorId: "a1", target: admin, next: { role: "ADMIN", disabled: true }, activeAdmins: 3 })).toBe("You cannot disable your own account");
  });

  it("allows changing a non-admin regardless of the admin count", () => {
    expect(refuseUserChange({ actorId: "a1", target: { id: "v", role: "VIEWER", disabled: false }, next: { role: "RELEASE_MANAGER", disabled: false }, activeAdmins: 1 })).toBeNull();
  });

  it("allows enabling a disabled admin", () => {
    expect(refuseUserChange({ actorId: "a1", target: { id: "a2", role: "ADMIN", disabled: true }, next: { role: "ADMIN", disabled: false }, activeAdmins: 1 })).toBeNull();
  });
});
