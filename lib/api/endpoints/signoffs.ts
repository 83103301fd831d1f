import "server-only";
import { z } from "zod";
import { defineEndpoint } from "../endpoint";
import { getReleaseSignoffs } from "../queries";
import { idParam, listOf, signoffRequirementSchema } from "../schemas";
import { notFound } from "./common";

export const listSignoffs = defineEndpoint({
  method: "GET",
  path: "/api/v1/releases/{id}/signoffs",
  operationId: "listSignoffs",
  tag: "Sign-offs",
  summary: "List a release's sign-offs",
  description: "Each requirement of the release with its current sign-off: signed, stale (an attested item was unticked since) or missing.",
  permission: "release.view",
  params: z.object({ id: idParam }),
  notFound: "release",
  response: { status: 200, description: "The release's sign-off requirements", schema: listOf(signoffRequirementSchema, "SignoffList") },
  problems: ["not_found"],
  async handler({ params }) {
    const data = await getReleaseSignoffs(params.id);
    return data ? { data } : notFound("release");
  },
});
