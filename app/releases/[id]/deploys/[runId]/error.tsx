"use client";

import { ErrorPage, type ErrorPageProps } from "@/components/app-shell/error-page";

export default function RunError({ error, retry }: Pick<ErrorPageProps, "error" | "retry">) {
  return <ErrorPage error={error} retry={retry} title="This deploy run could not be loaded" back={{ href: "/releases", label: "All releases" }} />;
}
