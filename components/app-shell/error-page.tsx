"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { ProblemPage } from "./problem-page";

export type ErrorPageProps = {
  /** What Next.js passes an error boundary. */
  error: unknown;
  retry: () => void;
  /** What could not be shown, for the title: "This release could not be loaded". */
  title?: string;
  back?: { href: string; label: string };
};

function errorDigest(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string") {
    return error.digest;
  }
  return undefined;
}

/** An error boundary's page: a plain message, the server log's reference, and a retry. */
export function ErrorPage({ error, retry, title = "Something went wrong", back = { href: "/", label: "Back to home" } }: ErrorPageProps) {
  const digest = errorDigest(error);

  useEffect(() => {
    // Stays in the browser console; the details are never shown on the page.
    console.error(error);
  }, [error]);

  return (
    <ProblemPage role="alert" title={title} back={back} actions={<Button onClick={() => retry()}>Try again</Button>}>
      <p>
        This page hit an unexpected problem. Trying again often helps; if it keeps happening, let your Preflight admin
        know.
      </p>
      {digest ? (
        <p className="text-xs">
          Reference: <code className="rounded bg-surface-muted px-1.5 py-0.5 font-mono">{digest}</code>
        </p>
      ) : null}
    </ProblemPage>
  );
}
