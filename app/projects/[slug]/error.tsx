"use client";

import { ErrorPage, type ErrorPageProps } from "@/components/app-shell/error-page";

export default function ProjectError({ error, retry }: Pick<ErrorPageProps, "error" | "retry">) {
  return <ErrorPage error={error} retry={retry} title="This project could not be loaded" back={{ href: "/", label: "All projects" }} />;
}
