import type { ReactNode } from "react";
import Link from "next/link";
import { LogoMark } from "@/components/app-shell/logo";
import { NavLinks, type NavItem } from "@/components/app-shell/nav-links";

const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Home" },
  { href: "/releases", label: "Releases" },
  { href: "/templates", label: "Templates" },
  { href: "/admin", label: "Admin" },
];

export type NavProps = {
  /**
   * USER MENU SLOT — the signed-in user's menu goes here once sign-in lands.
   * Until then nothing is passed and nothing is rendered.
   */
  userMenu?: ReactNode;
};

export function Nav({ userMenu }: NavProps) {
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
          <NavLinks items={NAV_ITEMS} />
        </nav>

        {/* USER MENU SLOT (right side): filled by the sign-in change; renders nothing until then. */}
        {userMenu ? <div className="ml-auto flex items-center gap-2">{userMenu}</div> : null}
      </div>
    </header>
  );
}
