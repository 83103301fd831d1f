/** "Mobile App Release (iOS)" → "mobile-app-release-ios.md": ASCII only, so it is safe in a Content-Disposition header. */
export function templateFileName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return `${slug || "template"}.md`;
}
