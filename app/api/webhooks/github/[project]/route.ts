// POST /api/webhooks/github/<project> — GitHub's webhook deliveries for one project. Public: GitHub signs
// each delivery with the project's webhook secret (X-Hub-Signature-256), checked in
// lib/integrations/github/deliveries.ts; errors are problem details (RFC 9457).
import { readBoundedBody } from "@/lib/api/endpoint";
import { ApiProblem, problemResponse } from "@/lib/api/problem";
import { publicRoute } from "@/lib/http/route";
import { MAX_GITHUB_BODY_BYTES, receiveGithubDelivery } from "@/lib/integrations/github/deliveries";

export const dynamic = "force-dynamic";

export const POST = publicRoute(async (request: Request, context: { params: Promise<{ project?: string }> }) => {
  const { project } = await context.params;
  const instance = new URL(request.url).pathname;
  try {
    const body = await readBoundedBody(request, MAX_GITHUB_BODY_BYTES);
    const answer = await receiveGithubDelivery({
      projectSlug: project ?? "",
      contentType: request.headers.get("content-type"),
      event: request.headers.get("x-github-event"),
      deliveryId: request.headers.get("x-github-delivery"),
      signature: request.headers.get("x-hub-signature-256"),
      body,
    });
    if (!answer.ok) return problemResponse(new ApiProblem(answer.kind, answer.detail), instance);
    return Response.json({ delivery: answer.deliveryId, outcome: answer.outcome }, { status: answer.status, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ApiProblem) return problemResponse(error, instance);
    throw error;
  }
});
