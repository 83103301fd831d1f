// The page shown when a route cannot show what was asked for: not found (a server component) or failed (the
// error boundaries, client components). Fixed sentences only: an error's own text never reaches the page.
import type { ReactNode } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export type ProblemPageProps = {
  /** A small line above the title, e.g. "404". */
  eyebrow?: string;
  title: string;
  children: ReactNode;
  /** Where "back" goes, e.g. { href: "/releases", label: "All releases" }. */
  back: { href: string; label: string };
  /** Extra actions before the back link (the error pages' "Try again"). */
  actions?: ReactNode;
  role?: "alert";
};

export function ProblemPage({ eyebrow, title, children, back, actions, role }: ProblemPageProps) {
  return (
    <div role={role} className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      {eyebrow ? <p className="text-sm font-semibold text-link">{eyebrow}</p> : null}
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="flex flex-col gap-2 text-muted">{children}</div>
      <div className="mt-2 flex flex-wrap justify-center gap-2">
        {actions}
        <Button variant={actions ? "secondary" : "primary"} asChild>
          <Link href={back.href}>{back.label}</Link>
        </Button>
      </div>
    </div>
  );
}
