// The approval block at the end of a release's checklist ("Release manager", "Date", "Version" in the
// default template), filled from the release itself. Pure: the release page and the Markdown export
// both use it.
import { formatDate } from "@/lib/format";

export interface ApprovalSource {
  version: string;
  plannedAt: Date | null;
  releasedAt: Date | null;
  releaseManager: { name: string };
}

export interface FilledApprovalField {
  label: string;
  /** What the release says for this field, or null when it is left for a person to fill in. */
  value: string | null;
  /** Where the value comes from, for a hint next to it ("planned date" until the release ships). */
  source: string | null;
}

/** Fills the labels Preflight knows (manager, date, version); any other label stays blank. */
export function fillApprovalFields(fields: readonly string[], release: ApprovalSource): FilledApprovalField[] {
  return fields.map((label) => {
    const key = label.trim().toLowerCase();
    if (/\bmanager\b/.test(key)) return { label, value: release.releaseManager.name, source: "release manager" };
    if (/\bversion\b/.test(key)) return { label, value: release.version, source: "version" };
    if (/\bdate\b/.test(key)) {
      if (release.releasedAt) return { label, value: formatDate(release.releasedAt), source: "released" };
      if (release.plannedAt) return { label, value: formatDate(release.plannedAt), source: "planned" };
      return { label, value: null, source: null };
    }
    return { label, value: null, source: null };
  });
}
