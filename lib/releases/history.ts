// Release history: every release across projects, filtered by the URL's search parameters and paged
// with keyset cursors on (createdAt desc, id desc), the order of the Release_createdAt_id_idx index.
//
// A page costs a fixed number of queries whatever its size: the releases (with project and manager), their
// checklist progress (one grouped query) and which of them had a rollback run (one grouped query).
import "server-only";
import { releaseHeadSelect } from "@/lib/releases/outcome";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma, ReleaseStatus } from "@/lib/generated/prisma/client";
import { RELEASE_LIMITS } from "@/lib/releases/limits";
import { getChecklistProgress } from "@/lib/releases/queries";
import { releaseStatuses, releaseStatusLabels } from "@/lib/releases/rules";

export { historyHref } from "./history-url";

export const HISTORY_PAGE_SIZE = 25;
/**
 * Shorter searches are ignored (with a message): a "contains" search needs three characters to use the
 * trigram indexes, and anything shorter would read every release.
 */
export const MIN_SEARCH_LENGTH = 3;

const DAY = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------- cursors

type Direction = "older" | "newer";

const cursorPayloadSchema = z.object({
  /** createdAt of the row the page starts after (older) or before (newer). */
  at: z.iso.datetime(),
  id: z.string().min(1).max(64),
  dir: z.enum(["older", "newer"]),
});

type CursorPayload = z.infer<typeof cursorPayloadSchema>;

function encodeCursor(row: { createdAt: Date; id: string }, dir: Direction): string {
  const payload: CursorPayload = { at: row.createdAt.toISOString(), id: row.id, dir };
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/** The cursor's position and direction, or null for anything that is not a cursor this module made. */
function decodeCursor(cursor: string): CursorPayload | null {
  if (cursor.length > 500 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const parsed = cursorPayloadSchema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- filters

type RawParam = string | string[] | undefined;
export type HistorySearchParams = URLSearchParams | Record<string, RawParam>;

/** The first value of a repeated parameter; blank means absent. */
function single(value: unknown): unknown {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first.trim() === "" ? undefined : first;
}

/** `status=RELEASED,FAILED` and `status=RELEASED&status=FAILED` alike; case-insensitive. */
function statusValues(value: unknown): unknown {
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === "string" ? v.split(",") : [v]));
  const cleaned = values.map((v) => (typeof v === "string" ? v.trim().toUpperCase() : v)).filter((v) => v !== "");
  return cleaned.length > 0 ? cleaned : undefined;
}

// Slugs are URL path segments: letters, digits, dots, dashes and underscores.
const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const releaseStatusSchema = z.enum(releaseStatuses);
const dateSchema = z.preprocess(single, z.iso.date().optional());

export const historyFiltersSchema = z
  .object({
    q: z.preprocess(single, z.string().trim().max(RELEASE_LIMITS.searchChars).optional()).transform((q) => q || undefined).optional(),
    status: z.preprocess(
      statusValues,
      z
        .array(releaseStatusSchema)
        .min(1)
        .optional()
        // Deduplicated, in lifecycle order, so equal filters give equal URLs.
        .transform((list) => (list ? releaseStatuses.filter((s) => list.includes(s)) : undefined)),
    ).optional(),
    project: z.preprocess(single, z.string().regex(SLUG_PATTERN).optional()),
    from: dateSchema,
    to: dateSchema,
    cursor: z.preprocess(single, z.string().refine((c) => decodeCursor(c) !== null).optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "The start date is after the end date" });

export type HistoryFilters = z.output<typeof historyFiltersSchema>;

export interface ParsedHistoryFilters {
  filters: HistoryFilters;
  /** One sentence per ignored value, for the page to show. */
  messages: string[];
}

const shown = (value: unknown) => {
  const text = String(single(value) ?? "");
  return `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;
};

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
// No-break spaces: "1 Jan 2026" never wraps inside a sentence.
const formatDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`)).replaceAll(" ", "\u00a0");

function toRecord(searchParams: HistorySearchParams): Record<string, RawParam> {
  if (!(searchParams instanceof URLSearchParams)) return searchParams;
  const record: Record<string, string[]> = {};
  for (const [key, value] of searchParams) (record[key] ??= []).push(value);
  return record;
}

/**
 * The filters in a /releases URL. Never throws: each invalid value is dropped (the rest still apply) and
 * reported as a sentence in `messages`.
 */
export function parseHistoryFilters(searchParams: HistorySearchParams): ParsedHistoryFilters {
  const raw = toRecord(searchParams);
  const shape = historyFiltersSchema.shape;
  const filters: HistoryFilters = {};
  const messages: string[] = [];

  const q = shape.q.safeParse(raw.q);
  if (!q.success) messages.push(`The search was longer than ${RELEASE_LIMITS.searchChars} characters, so it was ignored.`);
  else if (q.data && q.data.length < MIN_SEARCH_LENGTH) messages.push(`Search for at least ${MIN_SEARCH_LENGTH} characters; ${shown(q.data)} was ignored.`);
  else filters.q = q.data;

  // Statuses one by one, so that one unknown value does not drop the others.
  const rawStatuses = raw.status === undefined ? [] : [raw.status].flat().flatMap((v) => v.split(",")).map((v) => v.trim());
  if (rawStatuses.some(Boolean)) {
    const known: ReleaseStatus[] = [];
    for (const value of rawStatuses.filter(Boolean)) {
      const status = releaseStatusSchema.safeParse(value.toUpperCase());
      if (status.success) known.push(status.data);
      else messages.push(`${shown(value)} is not a release status, so it was ignored.`);
    }
    const status = shape.status.safeParse(known);
    if (status.success && status.data) filters.status = status.data;
  }

  const project = shape.project.safeParse(raw.project);
  if (project.success) filters.project = project.data;
  else messages.push(`${shown(raw.project)} is not a project, so the project filter was ignored.`);

  for (const [key, label] of [
    ["from", "start"],
    ["to", "end"],
  ] as const) {
    const date = shape[key].safeParse(raw[key]);
    if (date.success) filters[key] = date.data;
    else messages.push(`The ${label} date ${shown(raw[key])} is not a date like 2026-01-31, so it was ignored.`);
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    messages.push(
      `The start date (${formatDay(filters.from)}) is after the end date (${formatDay(filters.to)}), so the date range was ignored.`,
    );
    delete filters.from;
    delete filters.to;
  }

  const cursor = shape.cursor.safeParse(raw.cursor);
  if (cursor.success) filters.cursor = cursor.data;
  else messages.push("The page link was not valid, so the newest releases are shown.");

  // Drop keys whose value is undefined, so `filters` compares and serialises cleanly.
  for (const key of Object.keys(filters) as (keyof HistoryFilters)[]) if (filters[key] === undefined) delete filters[key];
  return { filters, messages };
}

/** Whether any filter (not counting the page cursor) is set. */
export function hasActiveFilters(filters: HistoryFilters): boolean {
  return Boolean(filters.q || filters.status?.length || filters.project || filters.from || filters.to);
}

/** The filters in words, e.g. ["search “auth”", "status Released or Failed", "created 1 Jan 2026 – 31 Jan 2026"]. */
export function describeFilters(filters: HistoryFilters, projectName?: string): string[] {
  const parts: string[] = [];
  if (filters.q) parts.push(`search “${filters.q}”`);
  if (filters.status?.length) {
    const labels = filters.status.map((s) => releaseStatusLabels[s]);
    const list = labels.length > 1 ? `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}` : labels[0];
    parts.push(`status ${list}`);
  }
  if (filters.project) parts.push(`project ${projectName ?? filters.project}`);
  if (filters.from && filters.to) parts.push(`created ${formatDay(filters.from)} – ${formatDay(filters.to)}`);
  else if (filters.from) parts.push(`created on or after ${formatDay(filters.from)}`);
  else if (filters.to) parts.push(`created on or before ${formatDay(filters.to)}`);
  return parts;
}

// ---------------------------------------------------------------- the query

/** Statuses that mean the release is being or has been rolled back. */
const rollbackStatuses: readonly ReleaseStatus[] = ["ROLLING_BACK", "ROLLED_BACK"];

/** Who and what a search names besides a release's own version and title: projects and people (small tables). */
interface SearchMatches {
  projectIds: string[];
  userIds: string[];
}

/** `contains` for Prisma, which sends it as ILIKE '%' || q || '%' unescaped: "%" would match everything. */
function containsText(q: string) {
  return { contains: q.replace(/[\\%_]/g, (c) => `\\${c}`), mode: "insensitive" as const };
}

async function searchMatches(q: string): Promise<SearchMatches> {
  const [projects, users] = await Promise.all([
    db.project.findMany({ where: { OR: [{ name: containsText(q) }, { slug: containsText(q) }] }, select: { id: true } }),
    db.user.findMany({ where: { name: containsText(q) }, select: { id: true } }),
  ]);
  return { projectIds: projects.map((p) => p.id), userIds: users.map((u) => u.id) };
}

function whereFor(filters: HistoryFilters, cursor: CursorPayload | null, matches: SearchMatches | null): Prisma.ReleaseWhereInput {
  const and: Prisma.ReleaseWhereInput[] = [];
  if (filters.status?.length) and.push({ status: { in: filters.status } });
  if (filters.project) and.push({ project: { slug: filters.project } });
  if (filters.q) {
    // Each alternative has its own index (trigram on version and title, foreign keys for the rest), so
    // PostgreSQL ORs bitmap scans instead of reading every release.
    const or: Prisma.ReleaseWhereInput[] = [{ version: containsText(filters.q) }, { title: containsText(filters.q) }];
    if (matches?.projectIds.length) or.push({ projectId: { in: matches.projectIds } });
    if (matches?.userIds.length) or.push({ releaseManagerId: { in: matches.userIds } }, { createdById: { in: matches.userIds } });
    and.push({ OR: or });
  }
  // Dates are UTC days: `from` from its first millisecond, `to` up to the end of its last.
  if (filters.from) and.push({ createdAt: { gte: new Date(`${filters.from}T00:00:00.000Z`) } });
  if (filters.to) and.push({ createdAt: { lt: new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + DAY) } });
  if (cursor) {
    const at = new Date(cursor.at);
    // (createdAt, id) < (at, id) for older, > for newer. The plain createdAt bound repeats the first half so
    // PostgreSQL can start the index scan at the cursor instead of filtering every newer row.
    if (cursor.dir === "older") {
      and.push({ createdAt: { lte: at } }, { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: cursor.id } }] });
    } else {
      and.push({ createdAt: { gte: at } }, { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: cursor.id } }] });
    }
  }
  return and.length > 0 ? { AND: and } : {};
}

export interface ListReleaseHistoryOptions {
  /** Page size, 1 to 100. */
  take?: number;
  /** The clock for in-progress durations (tests pass one). */
  now?: Date;
}

/**
 * One page of release history, newest first. `nextCursor` leads to older releases (null on the last page);
 * `prevCursor` leads back to newer ones (absent on the first page). A fixed number of queries whatever `take`.
 */
export async function listReleaseHistory(filters: HistoryFilters, options: ListReleaseHistoryOptions = {}) {
  const take = Math.min(Math.max(Math.trunc(options.take ?? HISTORY_PAGE_SIZE), 1), 100);
  const now = options.now ?? new Date();
  const cursor = filters.cursor ? decodeCursor(filters.cursor) : null;
  const newer = cursor?.dir === "newer";

  // Going back to newer releases reads the index the other way and turns the page round afterwards.
  const order = newer ? "asc" : "desc";
  const matches = filters.q ? await searchMatches(filters.q) : null;
  const fetched = await db.release.findMany({
    where: whereFor(filters, cursor, matches),
    orderBy: [{ createdAt: order }, { id: order }],
    take: take + 1,
    select: {
      ...releaseHeadSelect,
      project: { select: { id: true, slug: true, name: true } },
      releaseManager: { select: { id: true, name: true } },
    },
  });
  const more = fetched.length > take;
  const page = more ? fetched.slice(0, take) : fetched;
  if (newer) page.reverse();

  const ids = page.map((r) => r.id);
  const [progress, rollbackRuns] =
    ids.length === 0
      ? [new Map<string, { done: number; total: number }>(), []]
      : await Promise.all([
          getChecklistProgress(ids),
          db.deployRun.groupBy({ by: ["releaseId"], where: { releaseId: { in: ids }, kind: "ROLLBACK" } }),
        ]);
  const hadRollbackRun = new Set(rollbackRuns.map((r) => r.releaseId));

  const rows = page.map(({ releasedAt, rollingBackAt, rolledBackAt, cancelledAt, ...release }) => {
    const finishedAt =
      release.status === "RELEASED" ? releasedAt : release.status === "ROLLED_BACK" ? rolledBackAt : release.status === "CANCELLED" ? cancelledAt : null;
    return {
      ...release,
      releasedAt,
      /** When the release reached its final status (released, rolled back or cancelled); null while in progress. */
      finishedAt,
      /** Created → finished, or created → now while in progress. */
      durationMs: (finishedAt ?? now).getTime() - release.createdAt.getTime(),
      inProgress: finishedAt === null,
      rolledBack: hadRollbackRun.has(release.id) || rollingBackAt !== null || rollbackStatuses.includes(release.status),
      progress: progress.get(release.id) ?? { done: 0, total: 0 },
    };
  });

  const first = page[0];
  const last = page.at(-1);
  const hasOlder = newer ? true : more;
  const hasNewer = newer ? more : cursor !== null;
  return {
    rows,
    nextCursor: hasOlder && last ? encodeCursor(last, "older") : null,
    prevCursor: hasNewer && first ? encodeCursor(first, "newer") : undefined,
  };
}

export type ReleaseHistoryPage = Awaited<ReturnType<typeof listReleaseHistory>>;
export type ReleaseHistoryRow = ReleaseHistoryPage["rows"][number];

/** Projects for the filter's drop-down, by name; archived ones too (their history stays searchable), marked so. */
export async function listProjectsForFilter() {
  const projects = await db.project.findMany({ orderBy: [{ name: "asc" }, { slug: "asc" }], select: { slug: true, name: true, archivedAt: true } });
  return projects.map(({ slug, name, archivedAt }) => ({ slug, name: archivedAt ? `${name} (archived)` : name }));
}

export type FilterProject = Awaited<ReturnType<typeof listProjectsForFilter>>[number];

/**
 * What /releases shows for a URL's search parameters: the filters that can be used (a project that does not
 * exist is dropped, with a message), the messages about those that cannot, the projects to filter by, and
 * the page of releases.
 */
export async function readHistory(searchParams: HistorySearchParams) {
  const parsed = parseHistoryFilters(searchParams);
  const { filters } = parsed;
  const messages = [...parsed.messages];
  const projects = await listProjectsForFilter();
  const project = filters.project ? projects.find((p) => p.slug === filters.project) : undefined;
  if (filters.project && !project) {
    messages.push(`There is no project “${filters.project}”, so the project filter was ignored.`);
    delete filters.project;
  }
  return { filters, messages, projects, project, page: await listReleaseHistory(filters) };
}
