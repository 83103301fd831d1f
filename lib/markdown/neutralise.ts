// Exported Markdown is rendered by whatever opens the file (a Git host, an editor preview, a wiki). An
// image there is fetched on view, so `![](https://tracker.example/pixel)` typed into a note becomes a
// tracking image. Exports turn images into plain links: same text, same address, nothing fetched.

/** `![alt](url)` and `![alt][ref]` → `[alt](url)` / `[alt][ref]`; `<img …>` is escaped so it shows as text. */
export function neutraliseImages(text: string): string {
  return text.replace(/(?<!\\)!\[/g, "[").replace(/(?<!\\)<(img\b)/gi, "\\<$1");
}
