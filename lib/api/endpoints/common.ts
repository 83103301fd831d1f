import "server-only";
import type { CurrentUser } from "@/lib/auth/session";
import type { TokenPrincipal } from "@/lib/tokens/store";
import { ApiProblem } from "../problem";
import { findProject } from "../queries";

/** The token's user: endpoints that change something take user tokens only (the layer refuses project tokens). */
export function userOf(actor: CurrentUser | null): CurrentUser {
  if (!actor) throw new ApiProblem("forbidden", "A project token can only read its project's feature flags.");
  return actor;
}

/** The project by slug; a project token sees its own project only (any other is a 404, as if it did not exist). */
export async function projectFor(slug: string, principal: TokenPrincipal) {
  const project = await findProject(slug);
  if (!project || (principal.kind === "project" && principal.projectId !== project.id)) throw new ApiProblem("not_found", "That project does not exist.");
  return project;
}

export function notFound(what: string): never {
  throw new ApiProblem("not_found", `That ${what} does not exist (any more).`);
}
