import { ProblemPage } from "@/components/app-shell/problem-page";

export default function ProjectNotFound() {
  return (
    <ProblemPage eyebrow="404" title="Project not found" back={{ href: "/", label: "All projects" }}>
      <p>The link may be out of date, or the project was renamed.</p>
    </ProblemPage>
  );
}
