"use client";

import Link from "next/link";
import { signOut } from "next-auth/react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { roleLabels } from "@/lib/auth/permissions";
import type { CurrentUser } from "@/lib/auth/session";
import { ThemeMenu } from "./theme-menu";

export function UserMenu({ user }: { user: CurrentUser }) {
  return (
    <>
      <span className="hidden text-sm sm:inline" title={user.email}>
        {user.name}
      </span>
      <Badge tone="neutral">{roleLabels[user.role]}</Badge>
      <ThemeMenu />
      <Button asChild variant="ghost" size="sm">
        <Link href="/account/tokens">API tokens</Link>
      </Button>
      <Button asChild variant="ghost" size="sm">
        <Link href="/account/password">Change password</Link>
      </Button>
      <Button variant="ghost" size="sm" onClick={() => void signOut({ callbackUrl: "/login" })}>
        Sign out
      </Button>
    </>
  );
}
