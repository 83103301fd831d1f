"use client";

import { ErrorPage, type ErrorPageProps } from "@/components/app-shell/error-page";

export default function RootError({ error, retry }: Pick<ErrorPageProps, "error" | "retry">) {
  return <ErrorPage error={error} retry={retry} />;
}
