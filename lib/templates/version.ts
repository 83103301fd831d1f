// The version a checklist was written for ("0.5.0" in `git tag -a v0.5.0`), so that an import can write
// ${VERSION} in its commands instead and each release fills in its own. Pure: the import preview uses it.

/** MAJOR.MINOR.PATCH, not part of a longer dotted number (an IP address, 1.2.3.4). */
const VERSION_PATTERN = /(?<![\d.])\d+\.\d+\.\d+(?!\d|\.\d)/g;
export const VERSION_VARIABLE = "${VERSION}";

export interface VersionOffer {
  /** The example version, e.g. "0.5.0". */
  version: string;
  /** How many commands contain it. */
  commands: number;
  /** The first command line containing it, and that line after the replacement. */
  before: string;
  after: string;
}

/**
 * The checklist's example version: the MAJOR.MINOR.PATCH it mentions most (titles, notes and commands; the
 * first one on a tie). Offered only when a command contains it.
 */
export function findVersionOffer(texts: readonly string[], commands: readonly string[]): VersionOffer | null {
  const counts = new Map<string, number>();
  for (const text of [...texts, ...commands]) {
    for (const [version] of text.matchAll(VERSION_PATTERN)) counts.set(version, (counts.get(version) ?? 0) + 1);
  }
  let version: string | null = null;
  for (const [candidate, count] of counts) if (version === null || count > counts.get(version)!) version = candidate;
  if (version === null) return null;
  const using = commands.filter((command) => mentions(command, version));
  const line = using[0]?.split("\n").find((l) => mentions(l, version))?.trim();
  if (line === undefined) return null;
  const before = line.length > 120 ? `${line.slice(0, 119)}…` : line;
  return { version, commands: using.length, before, after: replaceVersion(before, version) };
}

/** Every standalone occurrence of `version` → ${VERSION} ("v0.5.0" → "v${VERSION}", "0.5.0.1" untouched). */
export function replaceVersion(text: string, version: string): string {
  return text.replace(VERSION_PATTERN, (match) => (match === version ? VERSION_VARIABLE : match));
}

function mentions(text: string, version: string): boolean {
  for (const [match] of text.matchAll(VERSION_PATTERN)) if (match === version) return true;
  return false;
}
