import Link from "next/link";
import { LogoMark } from "@/components/app-shell/logo";
import { NavLinks, type NavItem } from "@/components/app-shell/nav-links";
import { UserMenu } from "@/components/app-shell/user-menu";
import { can, roleLabels } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";

export type NavProps = {
  /** The signed-in user; null on the sign-in page. */
  user: CurrentUser | null;
};

function navItems(user: CurrentUser | null): NavItem[] {
  if (!user) return [];
  return [
    { href: "/", label: "Home" },
    { href: "/releases", label: "Releases" },
    { href: "/templates", label: "Templates" },
    ...(can(user, "user.manage").allowed ? [{ href: "/admin", label: "Admin" }] : []),
  ];
}

export function Nav({ user }: NavProps) {
  return (
    <header className="sticky top-0 z-40 border-b border-border bg-surface/90 backdrop-blur supports-[backdrop-filter]:bg-surface/75">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-5 gap-y-1 px-4 pt-2.5 pb-1 sm:px-6 md:py-1.5">
        <Link
          href="/"
          className="flex items-center gap-2 rounded-md text-base font-semibold tracking-tight text-foreground"
        >
          <LogoMark />
          <span>Preflight</span>
        </Link>

        <nav aria-label="Main" className="order-last -mx-1 w-full md:order-none md:w-auto">
          <NavLinks items={navItems(user)} />
        </nav>

        {user ? (
          <div className="ml-auto flex flex-wrap items-center justify-end gap-x-1 gap-y-1 sm:gap-x-2">
            <UserMenu user={{ name: user.name, email: user.email }} roleLabel={roleLabels[user.role]} />
          </div>
        ) : null}
      </div>
    </header>
  );
}
