import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** A page the signed-in user's role may not use: the server's reason, what they can do instead, a way back. */
export function Forbidden({ reason, children, back }: { reason: string; children: ReactNode; back?: { href: string; label: string } }) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <p className="text-sm font-semibold text-link">403</p>
      <h1 className="text-2xl font-semibold tracking-tight">{reason}</h1>
      <p className="text-muted">{children}</p>
      {back ? (
        <Button asChild className="mt-2">
          <Link href={back.href}>{back.label}</Link>
        </Button>
      ) : null}
    </div>
  );
}
