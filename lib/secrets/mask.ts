// Masking secret values in text that people can read (step logs, step errors). Pure.
// Logs are stored line by line, so a multi-line secret (a PEM key) never appears whole in one line: each of
// its lines is a needle too, unless it is too short to be secret on its own (a blank line, "}").
const MIN_FRAGMENT = 4;

export type Masker = (text: string) => string;

export function createMasker(values: Iterable<string>): Masker {
  const needles = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    needles.add(value);
    if (/[\r\n]/.test(value)) {
      for (const line of value.split(/\r?\n|\r/)) if (line.trim().length >= MIN_FRAGMENT) needles.add(line);
    }
  }
  // Longest first, so that a secret containing another is masked whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => ordered.reduce((masked, needle) => (masked.includes(needle) ? masked.split(needle).join("***") : masked), text);
}
