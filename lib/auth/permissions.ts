// The one permission table. Every server action and route handler declares one of these actions and asks
// `can()`; the UI asks the same function to hide or explain what a user may not do. Pure and unit-tested.
import type { Role } from "@/lib/generated/prisma/enums";

export const roles = ["ADMIN", "RELEASE_MANAGER", "ENGINEERING_LEAD", "VIEWER"] as const satisfies readonly Role[];

export const roleLabels: Record<Role, string> = {
  ADMIN: "Admin",
  RELEASE_MANAGER: "Release manager",
  ENGINEERING_LEAD: "Engineering lead",
  VIEWER: "Viewer",
};

interface ActionRule {
  /** What the action is, for the README table and messages. */
  description: string;
  roles: readonly Role[];
  /** Sentence shown when refused for the role, e.g. "Only release managers can tick items". */
  refusal: string;
}

const RM_AND_ADMIN = ["RELEASE_MANAGER", "ADMIN"] as const;
const SIGNERS = ["ENGINEERING_LEAD", "RELEASE_MANAGER", "ADMIN"] as const;

export const permissionTable = {
  "release.view": { description: "View projects, releases, checklists, history", roles: roles, refusal: "Sign in to view releases" },
  "release.create": { description: "Create a release", roles: RM_AND_ADMIN, refusal: "Only release managers and admins can create releases" },
  "release.edit": { description: "Edit a release, move it through its lifecycle, cancel it", roles: RM_AND_ADMIN, refusal: "Only release managers and admins can edit releases" },
  "item.tick": { description: "Tick, untick, annotate checklist items", roles: RM_AND_ADMIN, refusal: "Only release managers and admins can tick items" },
  "signoff.sign": { description: "Give a sign-off (only for requirements naming your role)", roles: SIGNERS, refusal: "Viewers cannot give sign-offs" },
  "signoff.revoke": { description: "Revoke a sign-off (your own; admins any)", roles: SIGNERS, refusal: "Viewers cannot revoke sign-offs" },
  "deploy.start": { description: "Start a deploy", roles: RM_AND_ADMIN, refusal: "Only release managers and admins can start deploys" },
  "deploy.approve": { description: "Approve a deploy step (when the step names your role; not a run you started)", roles: SIGNERS, refusal: "Viewers cannot approve deploy steps" },
  "deploy.cancel": { description: "Cancel a deploy, retry or skip a step", roles: RM_AND_ADMIN, refusal: "Only release managers and admins can cancel deploys" },
  "rollback.start": { description: "Start an emergency rollback", roles: RM_AND_ADMIN, refusal: "Only release managers and admins can start a rollback" },
  "deploy.break_glass": { description: "Deploy without the full sign-offs, with a reason (break-glass; the missing sign-offs stay due)", roles: ["ADMIN"], refusal: "Only admins can deploy without the full sign-offs" },
  "flag.toggle": { description: "Enable or disable a feature flag", roles: RM_AND_ADMIN, refusal: "Only release managers and admins can change feature flags" },
  "template.manage": { description: "Create, edit, import checklist templates", roles: ["ADMIN"], refusal: "Only admins can manage templates" },
  "project.manage": { description: "Manage projects and their deploy pipelines", roles: ["ADMIN"], refusal: "Only admins can manage projects and pipelines" },
  "user.manage": { description: "Manage users and roles", roles: ["ADMIN"], refusal: "Only admins can manage users" },
  "account.password": { description: "Change your own password", roles: roles, refusal: "Sign in to change your password" },
  "token.own": { description: "Create and revoke your own API tokens", roles: roles, refusal: "Sign in to manage your API tokens" },
  "token.manage": { description: "Manage everyone's API tokens, project tokens and webhooks", roles: ["ADMIN"], refusal: "Only admins can manage API tokens and webhooks" },
} as const satisfies Record<string, ActionRule>;

export type Permission = keyof typeof permissionTable;
export const permissions = Object.keys(permissionTable) as Permission[];

/** What an API token may be allowed to do on top of its user's role (lib/tokens). */
export const apiScopes = ["read", "write", "deploy"] as const;
export type ApiScope = (typeof apiScopes)[number];

/**
 * The scope a request made with an API token needs for each permission. A permission without one is never
 * used through a token (accounts, users, templates, tokens themselves): the browser only.
 */
export const tokenScopes: Partial<Record<Permission, ApiScope>> = {
  "release.view": "read",
  "release.create": "write",
  "release.edit": "write",
  "item.tick": "write",
  "signoff.sign": "write",
  "signoff.revoke": "write",
  "flag.toggle": "write",
  "project.manage": "write",
  "deploy.start": "deploy",
  "deploy.approve": "deploy",
  "deploy.cancel": "deploy",
  "rollback.start": "deploy",
};

export interface Actor {
  id: string;
  role: Role;
  /** Set when acting through an API token: its scopes limit what the role allows. */
  apiScopes?: readonly ApiScope[];
}

/** Facts about the resource for rules that depend on it, not just on the role. */
export interface PermissionResource {
  /** The release's manager (four-eyes rules). */
  releaseManagerId?: string;
  /** For signoff.sign: the role the requirement names and whether the release's manager is excluded. */
  requirement?: { role: Role; excludeReleaseManager: boolean; title: string };
  /** For signoff.revoke: who gave the sign-off. */
  signedById?: string;
  /** For token.own on an existing token: its user (null for a project token). */
  tokenOwnerId?: string | null;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

export function can(actor: Actor | null, permission: Permission, resource: PermissionResource = {}): Decision {
  if (!actor) return deny("Sign in first");
  const rule: ActionRule = permissionTable[permission];
  if (actor.apiScopes) {
    const scope = tokenScopes[permission];
    if (!scope) return deny(`API tokens cannot be used to ${rule.description.charAt(0).toLowerCase()}${rule.description.slice(1)}`);
    if (!actor.apiScopes.includes(scope)) return deny(`This API token lacks the “${scope}” scope`);
  }
  if (!rule.roles.includes(actor.role)) return deny(rule.refusal);

  if (permission === "signoff.sign" && resource.requirement) {
    const { requirement } = resource;
    if (actor.role !== requirement.role) {
      const role = roleLabels[requirement.role].toLowerCase();
      return deny(`Only ${/^[aeiou]/.test(role) ? "an" : "a"} ${role} can give “${requirement.title}”`);
    }
    if (requirement.excludeReleaseManager && resource.releaseManagerId === actor.id) {
      return deny(`The release manager of this release cannot give “${requirement.title}” (four-eyes)`);
    }
  }
  if (permission === "signoff.revoke" && resource.signedById && actor.role !== "ADMIN" && resource.signedById !== actor.id) {
    return deny("Only the person who signed, or an admin, can revoke a sign-off");
  }
  if (permission === "token.own" && resource.tokenOwnerId !== undefined && actor.role !== "ADMIN" && resource.tokenOwnerId !== actor.id) {
    return deny("Only the token's owner, or an admin, can revoke it");
  }
  return allow;
}

/** The README's roles table, generated from the permission table (a test keeps the README in step). */
export function renderPermissionTableMarkdown(): string {
  const header = `| Action | ${roles.map((r) => roleLabels[r]).join(" | ")} | API token scope |`;
  const divider = `|---|${roles.map(() => ":-:").join("|")}|:-:|`;
  const rows = permissions.map((permission) => {
    const rule: ActionRule = permissionTable[permission];
    const scope = tokenScopes[permission];
    return `| ${rule.description} | ${roles.map((r) => (rule.roles.includes(r) ? "✓" : "—")).join(" | ")} | ${scope ? `\`${scope}\`` : "—"} |`;
  });
  return [header, divider, ...rows].join("\n");
}
