import type { Metadata } from "next";
import { ProblemPage } from "@/components/app-shell/problem-page";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <ProblemPage eyebrow="404" title="We couldn’t find that page" back={{ href: "/", label: "Back to home" }}>
      <p>The link may be out of date, or the release, template or page may have been removed.</p>
    </ProblemPage>
  );
}
