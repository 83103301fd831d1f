import { ProblemPage } from "@/components/app-shell/problem-page";

export default function RunNotFound() {
  return (
    <ProblemPage eyebrow="404" title="Deploy run not found" back={{ href: "/releases", label: "All releases" }}>
      <p>The link may be out of date, or the run belongs to another release.</p>
    </ProblemPage>
  );
}
