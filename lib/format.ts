// Formatting for people. Dates are shown in UTC with the zone named, so a page reads the same for everyone on a release call.
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

export function formatDateTime(date: Date): string {
  return `${dateTimeFormat.format(date)} UTC`;
}

/** "A note has at most 2,000 characters": the message for a text over its limit. */
export function atMostChars(what: string, max: number): string {
  return `${what} has at most ${max.toLocaleString("en-GB")} characters`;
}
