import { describe, expect, it } from "vitest";
import { can, permissionTable, permissions, renderPermissionTableMarkdown, roles, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { readFileSync } from "node:fs";
import path from "node:path";

// The expected table, written out independently of lib/auth/permissions.ts.
const expected: Record<Permission, Role[]> = {
  "release.view": ["ADMIN", "RELEASE_MANAGER", "ENGINEERING_LEAD", "VIEWER"],
  "release.create": ["ADMIN", "RELEASE_MANAGER"],
  "release.edit": ["ADMIN", "RELEASE_MANAGER"],
  "item.tick": ["ADMIN", "RELEASE_MANAGER"],
  "signoff.sign": ["ADMIN", "RELEASE_MANAGER", "ENGINEERING_LEAD"],
  "signoff.revoke": ["ADMIN", "RELEASE_MANAGER", "ENGINEERING_LEAD"],
  "deploy.start": ["ADMIN", "RELEASE_MANAGER"],
  "deploy.approve": ["ADMIN", "RELEASE_MANAGER", "ENGINEERING_LEAD"],
  "deploy.cancel": ["ADMIN", "RELEASE_MANAGER"],
  "rollback.start": ["ADMIN", "RELEASE_MANAGER"],
  "deploy.break_glass": ["ADMIN"],
  "flag.toggle": ["ADMIN", "RELEASE_MANAGER"],
  "template.manage": ["ADMIN"],
  "project.manage": ["ADMIN"],
  "user.manage": ["ADMIN"],
  "account.password": ["ADMIN", "RELEASE_MANAGER", "ENGINEERING_LEAD", "VIEWER"],
  "token.own": ["ADMIN", "RELEASE_MANAGER", "ENGINEERING_LEAD", "VIEWER"],
  "token.manage": ["ADMIN"],
};

describe("permission table", () => {
  it("covers exactly the product's actions", () => {
    expect([...permissions].sort()).toEqual(Object.keys(expected).sort());
  });

  for (const permission of Object.keys(expected) as Permission[]) {
    for (const role of roles) {
      const allowed = expected[permission].includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        const decision = can({ id: "u1", role }, permission);
        expect(decision.allowed).toBe(allowed);
        if (!decision.allowed) expect(decision.reason).toBe(permissionTable[permission].refusal);
      });
    }
  }

  it("refuses everything to a signed-out visitor", () => {
    for (const permission of permissions) expect(can(null, permission)).toEqual({ allowed: false, reason: "Sign in first" });
  });

  it("says why a viewer cannot tick", () => {
    expect(can({ id: "v", role: "VIEWER" }, "item.tick")).toEqual({ allowed: false, reason: "Only release managers and admins can tick items" });
  });
});

describe("resource rules", () => {
  const codeReview = { role: "ENGINEERING_LEAD" as const, excludeReleaseManager: true, title: "Engineering lead reviewed code" };

  it("the requirement's role signs it", () => {
    expect(can({ id: "lead", role: "ENGINEERING_LEAD" }, "signoff.sign", { requirement: codeReview, releaseManagerId: "rm" })).toEqual({ allowed: true });
  });

  it("another role cannot give a sign-off meant for an engineering lead", () => {
    const decision = can({ id: "rm", role: "RELEASE_MANAGER" }, "signoff.sign", { requirement: codeReview, releaseManagerId: "x" });
    expect(decision).toEqual({ allowed: false, reason: "Only an engineering lead can give “Engineering lead reviewed code”" });
  });

  it("the release manager of this release cannot give its four-eyes sign-off even with the role", () => {
    const decision = can({ id: "lead", role: "ENGINEERING_LEAD" }, "signoff.sign", { requirement: codeReview, releaseManagerId: "lead" });
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.reason).toMatch(/release manager of this release cannot give/);
  });

  it("a sign-off without four-eyes may be given by its manager when the role matches", () => {
    const ci = { role: "ENGINEERING_LEAD" as const, excludeReleaseManager: false, title: "Tests passing in CI" };
    expect(can({ id: "lead", role: "ENGINEERING_LEAD" }, "signoff.sign", { requirement: ci, releaseManagerId: "lead" }).allowed).toBe(true);
  });

  it("only the signer or an admin revokes a sign-off", () => {
    expect(can({ id: "a", role: "ENGINEERING_LEAD" }, "signoff.revoke", { signedById: "a" }).allowed).toBe(true);
    expect(can({ id: "b", role: "ENGINEERING_LEAD" }, "signoff.revoke", { signedById: "a" }).allowed).toBe(false);
    expect(can({ id: "c", role: "ADMIN" }, "signoff.revoke", { signedById: "a" }).allowed).toBe(true);
  });
});

describe("API token scopes", () => {
  const admin = (apiScopes: ("read" | "write" | "deploy")[]) => ({ id: "a", role: "ADMIN" as const, apiScopes });

  it("a read token reads but cannot tick, even for an admin", () => {
    expect(can(admin(["read"]), "release.view")).toEqual({ allowed: true });
    expect(can(admin(["read"]), "item.tick")).toEqual({ allowed: false, reason: "This API token lacks the “write” scope" });
  });

  it("a write token cannot deploy; a deploy token can", () => {
    expect(can(admin(["write"]), "deploy.start").allowed).toBe(false);
    expect(can(admin(["deploy"]), "deploy.start").allowed).toBe(true);
  });

  it("the scope never widens the role: a viewer's write token still cannot tick", () => {
    expect(can({ id: "v", role: "VIEWER", apiScopes: ["read", "write", "deploy"] }, "item.tick")).toEqual({ allowed: false, reason: "Only release managers and admins can tick items" });
  });

  it("accounts, users, templates and tokens are never managed with a token", () => {
    for (const permission of ["user.manage", "account.password", "template.manage", "token.own", "token.manage"] as const) {
      const decision = can(admin(["read", "write", "deploy"]), permission);
      expect(decision.allowed, permission).toBe(false);
      if (!decision.allowed) expect(decision.reason).toMatch(/^API tokens cannot be used to /);
    }
  });

  it("only a token's owner or an admin revokes it; a project token only an admin", () => {
    expect(can({ id: "u", role: "VIEWER" }, "token.own", { tokenOwnerId: "u" }).allowed).toBe(true);
    expect(can({ id: "u", role: "RELEASE_MANAGER" }, "token.own", { tokenOwnerId: "other" }).allowed).toBe(false);
    expect(can({ id: "u", role: "RELEASE_MANAGER" }, "token.own", { tokenOwnerId: null }).allowed).toBe(false);
    expect(can({ id: "a", role: "ADMIN" }, "token.own", { tokenOwnerId: "other" }).allowed).toBe(true);
  });
});

describe("README", () => {
  it("shows the roles table generated from the permission table", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "..", "..", "README.md"), "utf8");
    expect(readme).toContain(renderPermissionTableMarkdown());
  });
});
