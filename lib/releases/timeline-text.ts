// One plain sentence per audit event on a release's timeline ("Rae Manager ticked “All tests passing”"),
// with the text people typed (reasons, notes, comments) as separate details. Everything is returned as
// strings and rendered as text, never as HTML. Pure: used by the release page (a client component) and
// unit-tested.
import { inlineMarkdownToText } from "@/lib/markdown/inline";
import type { ReleaseStatus } from "@/lib/generated/prisma/enums";
import { formatDate } from "@/lib/format";
import { releaseStatusLabels, releaseStatuses } from "./rules";

export interface TimelineEventInput {
  type: string;
  payload: unknown;
  actor: { id: string; name: string } | null;
}

export type TimelineTone = "neutral" | "info" | "success" | "warning" | "danger";

export interface TimelineDetail {
  label: string;
  text: string;
  /** An http(s) link (evidence): rendered as a link when it is one. */
  url?: boolean;
}

export interface DescribedTimelineEvent {
  sentence: string;
  details: TimelineDetail[];
  tone: TimelineTone;
}

type Payload = Record<string, unknown>;

function payloadOf(event: TimelineEventInput): Payload {
  return event.payload && typeof event.payload === "object" && !Array.isArray(event.payload) ? (event.payload as Payload) : {};
}

function text(payload: Payload, key: string): string | null {
  const value = payload[key];
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

function status(value: unknown): ReleaseStatus | null {
  return typeof value === "string" && (releaseStatuses as readonly string[]).includes(value) ? (value as ReleaseStatus) : null;
}

const quote = (title: string) => `“${title}”`;
const itemTitle = (payload: Payload) => quote(inlineMarkdownToText(text(payload, "title") ?? "an item"));

/** What a person did when they moved the release to `to` themselves. */
const statusVerbs: Partial<Record<ReleaseStatus, string>> = {
  PREPARING: "started preparing the release",
  READY: "marked the release ready",
  DEPLOYING: "started the release",
  MONITORING: "marked the release deployed",
  RELEASED: "closed the release",
  FAILED: "marked the release failed",
  ROLLING_BACK: "started a rollback",
  ROLLED_BACK: "marked the release rolled back",
  CANCELLED: "cancelled the release",
};

function describeDate(value: unknown): string {
  if (typeof value !== "string" && !(value instanceof Date)) return "none";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "none" : formatDate(date);
}

function humanType(type: string): string {
  return type.replace(/[._]+/g, " ").trim() || "an event";
}

export interface DescribeOptions {
  /** Names of people by id, for events that store an id (a new release manager). */
  people?: ReadonlyMap<string, string>;
}

export function describeTimelineEvent(event: TimelineEventInput, options: DescribeOptions = {}): DescribedTimelineEvent {
  const actor = event.actor?.name ?? "Preflight";
  const payload = payloadOf(event);
  const person = (id: unknown) => (typeof id === "string" ? (options.people?.get(id) ?? "another person") : "nobody");
  const details: TimelineDetail[] = [];
  const detail = (label: string, key: string, url = false) => {
    const value = text(payload, key);
    if (value !== null) details.push(url ? { label, text: value, url } : { label, text: value });
  };

  switch (event.type) {
    case "release.created": {
      const version = text(payload, "version");
      const template = text(payload, "template");
      return {
        sentence: `${actor} created the release${version ? ` ${version}` : ""}${template ? ` from ${quote(template)}` : ""}`,
        details,
        tone: "info",
      };
    }
    case "release.incident_note_saved":
      return { sentence: `${actor} wrote the incident note`, details, tone: "neutral" };
    case "release.closed":
      // The incident note as it stood when closing locked it.
      detail("Incident note", "incidentNote");
      return { sentence: `${actor} closed the release`, details, tone: "neutral" };
    case "release.manager_assigned":
      if (event.actor && payload.releaseManagerId === event.actor.id) return { sentence: `${actor} is the release manager`, details, tone: "neutral" };
      return { sentence: `${actor} made ${person(payload.releaseManagerId)} the release manager`, details, tone: "neutral" };
    case "release.edited": {
      const changes = payload.changes && typeof payload.changes === "object" ? (payload.changes as Record<string, { from?: unknown; to?: unknown }>) : {};
      const what: string[] = [];
      if (changes.title) {
        what.push("the title");
        details.push({ label: "Title", text: `${quote(String(changes.title.from ?? ""))} → ${quote(String(changes.title.to ?? ""))}` });
      }
      if (changes.plannedAt) {
        what.push("the planned date");
        details.push({ label: "Planned date", text: `${describeDate(changes.plannedAt.from)} → ${describeDate(changes.plannedAt.to)}` });
      }
      if (changes.releaseManagerId) {
        what.push("the release manager");
        details.push({ label: "Release manager", text: `${person(changes.releaseManagerId.from)} → ${person(changes.releaseManagerId.to)}` });
      }
      const list = what.length <= 1 ? (what[0] ?? "the release") : `${what.slice(0, -1).join(", ")} and ${what.at(-1)}`;
      return { sentence: `${actor} changed ${list}`, details, tone: "neutral" };
    }
    case "release.status_changed": {
      const from = status(payload.from);
      const to = status(payload.to);
      const fromLabel = from ? releaseStatusLabels[from].toLowerCase() : "its previous status";
      const toLabel = to ? releaseStatusLabels[to].toLowerCase() : "a new status";
      const cause = text(payload, "cause");
      detail("Reason", "reason");
      detail("Note", "note");
      const tone: TimelineTone = to === "FAILED" || to === "CANCELLED" ? "danger" : to === "ROLLING_BACK" || to === "ROLLED_BACK" ? "warning" : to === "RELEASED" ? "success" : "info";
      if (cause) {
        // Going back (ready → preparing after an untick or a revoked sign-off) is a warning; a run moving the
        // release on is not "back" (never "from ready back to deploying").
        if (from === "READY" && to === "PREPARING") return { sentence: `The release went from ${fromLabel} back to ${toLabel}: ${cause}`, details, tone: "warning" };
        const sentence = event.actor ? `${actor} moved the release to ${toLabel}: ${cause}` : `The release moved from ${fromLabel} to ${toLabel}: ${cause}`;
        return { sentence, details, tone };
      }
      const verb = from === "READY" && to === "PREPARING" ? "reopened the release" : to === "RELEASED" && from !== "MONITORING" ? null : to ? statusVerbs[to] : null;
      return { sentence: verb ? `${actor} ${verb}` : `${actor} moved the release from ${fromLabel} to ${toLabel}`, details, tone };
    }
    case "item.ticked": {
      detail("Note", "note");
      detail("Evidence", "evidenceUrl", true);
      const step = text(payload, "step");
      // Ticked by a pipeline step (no person): the deploy (or rollback) is the actor, the run the evidence.
      if (!event.actor && step && (payload.by === "deploy" || payload.by === "rollback")) {
        return { sentence: `${payload.by === "deploy" ? "Deploy" : "Rollback"} ticked ${itemTitle(payload)} · step ‘${step}’ succeeded`, details, tone: "success" };
      }
      return { sentence: `${actor} ticked ${itemTitle(payload)}`, details, tone: "success" };
    }
    case "item.deploy_failed": {
      detail("Note", "note");
      detail("Run", "evidenceUrl", true);
      const step = text(payload, "step") ?? "its step";
      return { sentence: `${payload.by === "rollback" ? "Rollback" : "Deploy"} step ‘${step}’ failed: ${itemTitle(payload)} stays open`, details, tone: "danger" };
    }
    case "deploy.step_approved":
      detail("Comment", "comment");
      return { sentence: `${actor} approved ${quote(text(payload, "step") ?? "a deploy step")}`, details, tone: "success" };
    case "item.unticked":
      detail("Reason", "reason");
      return { sentence: `${actor} unticked ${itemTitle(payload)}`, details, tone: "warning" };
    case "item.annotated": {
      detail(payload.incidentNote === true ? "Incident note" : "Note", "note");
      detail("Evidence", "evidenceUrl", true);
      const cleared = details.length === 0;
      if (payload.incidentNote === true) {
        return { sentence: `${actor} ${cleared ? "cleared" : "edited"} the incident note on ${itemTitle(payload)}`, details, tone: "neutral" };
      }
      return { sentence: `${actor} ${cleared ? "cleared the note on" : "updated the note on"} ${itemTitle(payload)}`, details, tone: "neutral" };
    }
    case "item.marked_not_applicable":
      detail("Reason", "reason");
      return { sentence: `${actor} marked ${itemTitle(payload)} not applicable`, details, tone: "neutral" };
    case "signoff.given":
      detail("Comment", "comment");
      return { sentence: `${actor} signed off ${quote(text(payload, "requirement") ?? "a requirement")}`, details, tone: "success" };
    case "signoff.revoked":
      detail("Reason", "reason");
      return { sentence: `${actor} revoked the sign-off ${quote(text(payload, "requirement") ?? "a requirement")}`, details, tone: "warning" };
    case "signoff.stale": {
      const reason = text(payload, "reason");
      return {
        sentence: `The sign-off ${quote(text(payload, "requirement") ?? "a requirement")} became stale${reason ? `: ${reason}` : ""}`,
        details,
        tone: "warning",
      };
    }
    case "signoff.restored": {
      const reason = text(payload, "reason");
      return {
        sentence: `The sign-off ${quote(text(payload, "requirement") ?? "a requirement")} holds again${reason ? `: ${reason}` : ""}`,
        details,
        tone: "success",
      };
    }
    default:
      detail("Reason", "reason");
      detail("Note", "note");
      return { sentence: `${actor}: ${humanType(event.type)}`, details, tone: "neutral" };
  }
}
