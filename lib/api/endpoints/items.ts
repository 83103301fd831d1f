// Ticking, unticking, annotating and marking items N/A: each runs the checklist's own action (updateItem),
// so the release's rules, sign-off staleness and status changes are the UI's. `rowVersion` is optional:
// sent, a change to an item someone changed since is refused with 409; left out, the item's current version is used.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { updateItemAction } from "@/lib/releases/actions";
import { annotateChangeSchema, notApplicableChangeSchema, tickChangeSchema, untickChangeSchema } from "@/lib/releases/schemas";
import { runAction } from "../actions";
import { defineEndpoint } from "../endpoint";
import { getItem } from "../queries";
import { idParam, itemSchema } from "../schemas";
import { notFound, userOf } from "./common";

const rowVersion = z
  .number({ error: "rowVersion is a whole number" })
  .int("rowVersion is a whole number")
  .min(1, "rowVersion is at least 1")
  .optional()
  .meta({ description: "The item's rowVersion as you read it; a change to an item changed since is refused (409)" });

function itemEndpoint(kind: "tick" | "untick" | "annotate" | "not_applicable", change: z.ZodObject, meta: { path: string; operationId: string; summary: string; description: string }) {
  const body = change.omit({ kind: true }).extend({ rowVersion });
  return defineEndpoint({
    method: "POST",
    path: `/api/v1/items/{id}/${meta.path}`,
    operationId: meta.operationId,
    tag: "Checklist items",
    summary: meta.summary,
    description: meta.description,
    permission: "item.tick",
    params: z.object({ id: idParam }),
    notFound: "checklist item",
    body,
    response: { status: 200, description: "The item after the change", schema: itemSchema },
    problems: ["not_found", "malformed", "too_large", "unsupported_media_type", "invalid", "conflict"],
    async handler({ params, body: input, actor }) {
      const { rowVersion: sent, ...fields } = input as { rowVersion?: number } & Record<string, unknown>;
      const current = sent ?? (await db.releaseItem.findUnique({ where: { id: params.id }, select: { rowVersion: true } }))?.rowVersion;
      if (current === undefined) notFound("checklist item");
      const renamed = Object.fromEntries(Object.keys(fields).map((field) => [`change.${field}`, field]));
      await runAction(updateItemAction, { itemId: params.id, rowVersion: current, change: { kind, ...fields } }, userOf(actor), renamed);
      return (await getItem(params.id)) ?? notFound("checklist item");
    },
  });
}

export const tickItem = itemEndpoint("tick", tickChangeSchema, {
  path: "tick",
  operationId: "tickItem",
  summary: "Tick an item",
  description: "Optionally with a note and an evidence link (e.g. the CI run).",
});

export const untickItem = itemEndpoint("untick", untickChangeSchema, {
  path: "untick",
  operationId: "untickItem",
  summary: "Untick an item",
  description: "With the reason. Sign-offs that attest the item become stale.",
});

export const noteItem = itemEndpoint("annotate", annotateChangeSchema, {
  path: "note",
  operationId: "noteItem",
  summary: "Set an item's note and evidence link",
  description: "Replaces both; an empty string clears one.",
});

export const markItemNotApplicable = itemEndpoint("not_applicable", notApplicableChangeSchema, {
  path: "not-applicable",
  operationId: "markItemNotApplicable",
  summary: "Mark an item not applicable",
  description: "Optional items and release-day items only, with the reason.",
});
