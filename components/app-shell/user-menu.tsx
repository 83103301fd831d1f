"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { signOut } from "@/lib/auth/client";
import { ThemeMenu } from "./theme-menu";

export interface UserMenuProps {
  user: { name: string; email: string };
  /** The user's role in words (computed on the server, which has the permission table at hand). */
  roleLabel: string;
}

export function UserMenu({ user, roleLabel }: UserMenuProps) {
  return (
    <>
      <span className="hidden text-sm sm:inline" title={user.email}>
        {user.name}
      </span>
      <Badge tone="neutral">{roleLabel}</Badge>
      <ThemeMenu />
      <Button asChild variant="ghost" size="sm">
        <Link href="/account/tokens">
          {/* Short on a phone, so that the header fits 375 px. */}
          <span className="sm:hidden">Tokens</span>
          <span className="hidden sm:inline">API tokens</span>
        </Link>
      </Button>
      <Button asChild variant="ghost" size="sm">
        <Link href="/account/password">
          <span className="sm:hidden">Password</span>
          <span className="hidden sm:inline">Change password</span>
        </Link>
      </Button>
      <Button variant="ghost" size="sm" onClick={() => void signOut("/login")}>
        Sign out
      </Button>
    </>
  );
}
