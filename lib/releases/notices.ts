// One-time notices for the release page, handed over from the page that caused them (the create form's
// "0.3.0 is not newer than the last released version, 0.4.0."). Kept in sessionStorage rather than the
// URL, so a link cannot make the page show someone else's text. Browser-only.

const keyFor = (releaseId: string) => `preflight:release-notices:${releaseId}`;

export function leaveReleaseNotices(releaseId: string, notices: readonly string[]): void {
  if (notices.length === 0) return;
  try {
    window.sessionStorage.setItem(keyFor(releaseId), JSON.stringify(notices));
  } catch {
    // Storage unavailable (private mode, quota): the notice is lost, the release is still created.
  }
}

/** The notices left for this release, removed as they are read. */
export function takeReleaseNotices(releaseId: string): string[] {
  try {
    const raw = window.sessionStorage.getItem(keyFor(releaseId));
    if (raw === null) return [];
    window.sessionStorage.removeItem(keyFor(releaseId));
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === "string") : [];
  } catch {
    return [];
  }
}
