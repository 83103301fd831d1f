"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useTransition, type FormEvent } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { HISTORY_PATH, historyHref } from "@/lib/releases/history-url";
import { RELEASE_LIMITS } from "@/lib/releases/limits";
import { releaseStatuses, releaseStatusLabels } from "@/lib/releases/rules";
import { cn } from "@/lib/utils";
import { optionsOf } from "@/components/ui/options";

const controlClasses =
  "h-9 w-full min-w-0 rounded-md border border-border-strong bg-surface px-3 text-sm text-foreground shadow-xs placeholder:text-muted/80";

export interface HistoryFilterFormProps {
  projects: { slug: string; name: string }[];
  values: { q?: string; status?: readonly ReleaseStatus[]; project?: string; from?: string; to?: string };
  /** Show the "Clear filters" link (some filter is set). */
  canClear: boolean;
}

/**
 * The /releases filters as a plain GET form: without JavaScript the browser puts them in the URL itself;
 * with it, the same URL is built without the empty fields and opened with a client-side navigation.
 * The page remounts the form (a `key`) when the URL's filters change, so it always shows what applies.
 */
export function HistoryFilterForm({ projects, values, canClear }: HistoryFilterFormProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const id = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = data.get(name);
      return typeof value === "string" ? value : undefined;
    };
    const href = historyHref({
      q: text("q"),
      status: data.getAll("status").filter((s): s is string => typeof s === "string"),
      project: text("project"),
      from: text("from"),
      to: text("to"),
    });
    startTransition(() => router.push(href));
  }

  return (
    <form
      method="get"
      action={HISTORY_PATH}
      onSubmit={onSubmit}
      role="search"
      aria-label="Filter releases"
      className="flex flex-col gap-4 rounded-lg border border-border bg-surface p-4 shadow-xs"
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1.3fr)_minmax(0,1fr)_minmax(0,1fr)]">
        <div className="flex min-w-0 flex-col gap-1.5">
          <label htmlFor={`${id}-q`} className="text-sm font-medium">
            Search
          </label>
          <input
            id={`${id}-q`}
            name="q"
            type="search"
            defaultValue={values.q ?? ""}
            maxLength={RELEASE_LIMITS.searchChars}
            placeholder="Version, title, project or person"
            className={controlClasses}
          />
        </div>
        <div className="flex min-w-0 flex-col gap-1.5">
          <label htmlFor={`${id}-project`} className="text-sm font-medium">
            Project
          </label>
          <select id={`${id}-project`} name="project" defaultValue={values.project ?? ""} className={cn(controlClasses, "cursor-pointer px-2")}>
            <option value="">All projects</option>
            {optionsOf(projects, (project) => project.slug, (project) => project.name)}
          </select>
        </div>
        <div className="flex min-w-0 flex-col gap-1.5">
          <label htmlFor={`${id}-from`} className="text-sm font-medium">
            Created from
          </label>
          <input id={`${id}-from`} name="from" type="date" defaultValue={values.from ?? ""} className={controlClasses} />
        </div>
        <div className="flex min-w-0 flex-col gap-1.5">
          <label htmlFor={`${id}-to`} className="text-sm font-medium">
            Created to
          </label>
          <input id={`${id}-to`} name="to" type="date" defaultValue={values.to ?? ""} className={controlClasses} />
        </div>
      </div>

      <fieldset className="flex min-w-0 flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">
          Status <span className="font-normal text-muted">(any of)</span>
        </legend>
        <div className="flex flex-wrap gap-1.5">
          {releaseStatuses.map((status) => (
            <label
              key={status}
              className={cn(
                "inline-flex cursor-pointer items-center gap-1.5 rounded-full border border-border-strong bg-surface py-1 pr-2.5 pl-2 text-[0.8125rem] select-none",
                "hover:bg-surface-muted has-checked:border-primary has-checked:bg-primary/10 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-ring",
              )}
            >
              <input
                type="checkbox"
                name="status"
                value={status}
                defaultChecked={values.status?.includes(status) ?? false}
                className="size-3.5 cursor-pointer accent-primary focus-visible:outline-none"
              />
              {releaseStatusLabels[status]}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" aria-disabled={pending || undefined}>
          {pending ? "Applying…" : "Apply filters"}
        </Button>
        {canClear ? (
          <Link href={HISTORY_PATH} className={buttonClasses({ variant: "ghost", size: "sm" })}>
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
