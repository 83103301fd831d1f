import { ProblemPage } from "@/components/app-shell/problem-page";

export default function ReleaseNotFound() {
  return (
    <ProblemPage eyebrow="404" title="Release not found" back={{ href: "/releases", label: "All releases" }}>
      <p>The link may be out of date, or the release was removed.</p>
    </ProblemPage>
  );
}
