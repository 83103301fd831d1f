// The approval block at the end of a release's checklist ("Release manager", "Date", "Version" in the
// default template), filled from the release itself. Pure: the release page and the Markdown export
// both use it.
import { formatDate } from "@/lib/format";
import { keyDateOf, type ReleaseDates } from "./outcome";

export interface ApprovalSource extends Partial<Omit<ReleaseDates, "plannedAt" | "releasedAt">> {
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
      // The release's own date: released, rolled back, cancelled… (keyDateOf), the planned date until then.
      const { label: what, date } = keyDateOf({ status: release.status ?? (release.releasedAt ? "RELEASED" : "DRAFT"), ...release });
      if (date) return { label, value: formatDate(date), source: what.toLowerCase() };
      return { label, value: null, source: null };
    }
    return { label, value: null, source: null };
  });
}
