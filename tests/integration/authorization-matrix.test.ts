// Finds every server action ("use server" modules) and every route handler (app/**/route.ts), and checks
// each against the permission table as anonymous and as every role. A new action or route without a
// permission declaration fails here.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { actionDefinition, type ServerAction } from "@/lib/actions/define-action";
import { permissionTable, roles, type Permission } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import { routeAccess, type RouteAccess } from "@/lib/http/route";
import { createTestDatabase } from "../support/database";
import { actingUser, createUser } from "../support/acting-user";

vi.mock("@/lib/auth/session", async () => ({ getCurrentUser: async () => actingUser.current, requireUser: async () => actingUser.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const root = path.resolve(import.meta.dirname, "..", "..");

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !e.parentPath.includes("generated"))
    .map((e) => path.join(e.parentPath, e.name));
}

async function serverActionModules(): Promise<string[]> {
  const files = [...(await sourceFiles("lib")), ...(await sourceFiles("app"))];
  const modules: string[] = [];
  for (const file of files) {
    if (/^\s*(\/\/.*\n|\s)*["']use server["']/.test(await readFile(file, "utf8"))) modules.push(file);
  }
  return modules;
}

const actors: { label: string; role: CurrentUser["role"] | null }[] = [{ label: "anonymous", role: null }, ...roles.map((role) => ({ label: role, role }))];
const users = new Map<string, CurrentUser>();

beforeAll(async () => {
  const { url, prisma } = await createTestDatabase();
  process.env.DATABASE_URL = url;
  for (const role of roles) users.set(role, await createUser(prisma, role));
});

describe("every server action", async () => {
  const modules = await serverActionModules();

  it("is found (the discovery works)", () => {
    expect(modules.map((m) => path.relative(root, m))).toContain("lib/users/actions.ts");
    // Project secrets: admins only (project.manage), write-only.
    expect(modules.map((m) => path.relative(root, m))).toContain("lib/secrets/actions.ts");
    // Projects, their variables and flag definitions: admins only (project.manage).
    expect(modules.map((m) => path.relative(root, m))).toContain("lib/projects/actions.ts");
    expect(modules.map((m) => path.relative(root, m))).toContain("lib/flags/actions.ts");
  });

  it("includes the break-glass deploy, for admins only (release managers may start only an ordinary deploy)", async () => {
    const { breakGlassDeployAction } = await import("@/lib/deploys/actions");
    expect(breakGlassDeployAction[actionDefinition]?.permission).toBe("deploy.break_glass");
    expect(permissionTable["deploy.break_glass"].roles).toEqual(["ADMIN"]);
  });

  for (const file of modules) {
    const name = path.relative(root, file);
    const exports = (await import(file)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(exports)) {
      it(`${name} → ${exportName} declares a permission from the table`, () => {
        const definition = (value as ServerAction<unknown>)[actionDefinition];
        expect(definition, `${exportName} must be built with defineAction()`).toBeDefined();
        expect(Object.keys(permissionTable)).toContain(definition!.permission);
      });

      for (const actor of actors) {
        it(`${name} → ${exportName} as ${actor.label} is ${describeExpectation(value, actor.role)}`, async () => {
          const definition = (value as ServerAction<unknown>)[actionDefinition]!;
          actingUser.current = actor.role ? users.get(actor.role)! : null;
          const result = await (value as ServerAction<unknown>)({});
          const allowedRoles: readonly string[] = permissionTable[definition.permission].roles;
          if (!actor.role) {
            expect(result).toMatchObject({ ok: false, code: "unauthenticated" });
          } else if (!allowedRoles.includes(actor.role)) {
            expect(result).toMatchObject({ ok: false, code: "forbidden", message: permissionTable[definition.permission].refusal });
          } else {
            // Past the permission gate: the empty input is then refused as invalid, never as forbidden.
            expect(result).toMatchObject({ ok: false, code: "invalid" });
          }
        });
      }
    }
  }
});

function describeExpectation(value: unknown, role: CurrentUser["role"] | null): string {
  const permission = (value as ServerAction<unknown>)[actionDefinition]?.permission as Permission | undefined;
  if (!permission) return "declared";
  if (!role) return "refused (sign in)";
  return (permissionTable[permission].roles as readonly string[]).includes(role) ? "allowed" : "refused";
}

describe("every route handler", async () => {
  const routes = (await sourceFiles("app")).filter((f) => path.basename(f) === "route.ts");

  it("is found (the discovery works)", () => {
    expect(routes.map((r) => path.relative(root, r))).toContain("app/api/health/route.ts");
  });

  for (const file of routes) {
    const name = path.relative(root, file);
    const exports = (await import(file)) as Record<string, unknown>;
    const handlers = Object.entries(exports).filter(([key]) => ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(key));
    for (const [method, handler] of handlers) {
      const access = (handler as { [routeAccess]?: RouteAccess })[routeAccess];
      it(`${name} ${method} declares public or a permission`, () => {
        expect(access, `${method} in ${name} must be wrapped in publicRoute() or protectedRoute()`).toBeDefined();
      });
      if (access?.kind !== "protected") continue;
      for (const actor of actors) {
        it(`${name} ${method} as ${actor.label}`, async () => {
          actingUser.current = actor.role ? users.get(actor.role)! : null;
          const call = handler as (request: Request, context: { params: Promise<object> }) => Promise<Response>;
          const connection = new AbortController();
          const response = await call(new Request(`http://localhost/${name}`, { method, signal: connection.signal }), { params: Promise.resolve({}) });
          // Streaming responses (live events) stay open until the client goes away.
          connection.abort();
          await response.body?.cancel().catch(() => undefined);
          const allowedRoles: readonly string[] = permissionTable[access.permission].roles;
          if (!actor.role) expect(response.status).toBe(401);
          else if (!allowedRoles.includes(actor.role)) expect(response.status).toBe(403);
          else expect([401, 403]).not.toContain(response.status);
        });
      }
    }
  }
});
