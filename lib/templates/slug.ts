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

/** "RELEASE_CHECKLIST.md" → "Release checklist", "mobile-release.markdown" → "Mobile release": a title for a file without one. */
export function titleFromFileName(fileName: string): string {
  const words = (fileName.split(/[\\/]/).pop() ?? "").replace(/\.[^.]*$/, "").replace(/[_\s-]+/g, " ").trim();
  const cased = /[a-z]/.test(words) ? words : words.toLowerCase();
  return cased.charAt(0).toUpperCase() + cased.slice(1);
}
