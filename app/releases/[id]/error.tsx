"use client";

import { ErrorPage, type ErrorPageProps } from "@/components/app-shell/error-page";

export default function ReleaseError({ error, retry }: Pick<ErrorPageProps, "error" | "retry">) {
  return <ErrorPage error={error} retry={retry} title="This release could not be loaded" back={{ href: "/releases", label: "All releases" }} />;
}
