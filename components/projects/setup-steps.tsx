import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { CheckIcon } from "@/components/ui/icons";
import type { SetupStep } from "@/lib/projects/setup";
import { cn } from "@/lib/utils";

/** One numbered set-up step: its title, done or not (in words, not only a colour), where it stands, and its controls. */
export function SetupStepCard({ step, number, children, locked = false }: { step: SetupStep; number: number; children?: ReactNode; locked?: boolean }) {
  const headingId = `setup-${step.id}`;
  return (
    <li id={step.id} className="scroll-mt-20 list-none">
      <section aria-labelledby={headingId} className={cn("flex gap-3 rounded-lg border bg-surface p-4 shadow-xs sm:gap-4 sm:p-5", step.done ? "border-border" : "border-border-strong", locked && "opacity-70")}>
        <span
          aria-hidden="true"
          className={cn(
            "flex size-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold tabular-nums",
            step.done ? "bg-success-soft text-success-text" : "border border-border-strong text-muted",
          )}
        >
          {step.done ? <CheckIcon /> : number}
        </span>
        <div className="flex min-w-0 flex-1 flex-col gap-3">
          <div className="flex flex-col gap-1">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <h2 id={headingId} className="text-base font-semibold tracking-tight">
                <span className="sr-only">Step {number}: </span>
                {step.title}
              </h2>
              <Badge tone={step.done ? "success" : "warning"}>{step.done ? "Done" : "Not done"}</Badge>
            </div>
            <p className="text-sm text-muted">{step.summary}</p>
          </div>
          {children}
        </div>
      </section>
    </li>
  );
}

/** The steps as a compact list of links (the project page's reminder of what is left). */
export function SetupProgress({ steps, href }: { steps: SetupStep[]; href: string }) {
  return (
    <ol className="flex flex-col gap-1.5 text-sm">
      {steps.map((step) => (
        <li key={step.id} className="flex items-start gap-2">
          <span className={cn("mt-0.5 flex size-4 shrink-0 items-center justify-center", step.done ? "text-success-text" : "text-muted")} aria-hidden="true">
            {step.done ? <CheckIcon /> : "○"}
          </span>
          <Link href={`${href}#${step.id}`} className="min-w-0 text-link underline-offset-2 hover:underline">
            {step.title}
          </Link>
          <span className="sr-only">{step.done ? "(done)" : "(not done)"}</span>
        </li>
      ))}
    </ol>
  );
}
