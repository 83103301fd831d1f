"use client";

import { ErrorPage, type ErrorPageProps } from "@/components/app-shell/error-page";

export default function TemplateError({ error, retry }: Pick<ErrorPageProps, "error" | "retry">) {
  return <ErrorPage error={error} retry={retry} title="This template could not be loaded" back={{ href: "/templates", label: "All templates" }} />;
}
