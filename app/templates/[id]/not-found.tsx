import { ProblemPage } from "@/components/app-shell/problem-page";

export default function TemplateNotFound() {
  return (
    <ProblemPage eyebrow="404" title="Template not found" back={{ href: "/templates", label: "All templates" }}>
      <p>The link may be out of date, or the template was deleted.</p>
    </ProblemPage>
  );
}
