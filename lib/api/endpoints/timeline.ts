import "server-only";
import { z } from "zod";
import { defineEndpoint } from "../endpoint";
import { releaseExists, timelinePage } from "../queries";
import { idParam, pageOf, pageQuery, timelineEventSchema } from "../schemas";
import { notFound } from "./common";

export const getTimeline = defineEndpoint({
  method: "GET",
  path: "/api/v1/releases/{id}/timeline",
  operationId: "getTimeline",
  tag: "Timeline",
  summary: "A release's timeline",
  description: "Its audit events, newest first: who did what, when, and with which API token.",
  permission: "release.view",
  params: z.object({ id: idParam }),
  notFound: "release",
  query: pageQuery,
  response: { status: 200, description: "A page of events", schema: pageOf(timelineEventSchema, "TimelinePage") },
  problems: ["not_found", "invalid"],
  async handler({ params, query }) {
    if (!(await releaseExists(params.id))) notFound("release");
    return timelinePage(params.id, query);
  },
});
