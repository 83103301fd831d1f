// GET /api/events?release=<id> | ?project=<id> | (nothing: all releases) — Server-Sent Events.
import { db } from "@/lib/db";
import { getWebEnv } from "@/lib/env";
import { stillSignedIn } from "@/lib/auth/still-signed-in";
import { openLiveStream } from "@/lib/events/stream";
import { jsonError, protectedRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = protectedRoute("release.view", async (request, { user }) => {
  const url = new URL(request.url);
  const releaseId = url.searchParams.get("release");
  const projectId = url.searchParams.get("project");
  if (releaseId && (releaseId.length > 64 || !(await db.release.findUnique({ where: { id: releaseId }, select: { id: true } })))) {
    return jsonError(404, "That release does not exist.");
  }
  if (projectId && (projectId.length > 64 || !(await db.project.findUnique({ where: { id: projectId }, select: { id: true } })))) {
    return jsonError(404, "That project does not exist.");
  }
  const opened = await openLiveStream(request, user.id, releaseId ? { releaseId } : projectId ? { projectId } : { all: true }, {
    maxPerUser: getWebEnv().PREFLIGHT_SSE_MAX_PER_USER,
    // The stream outlives this request's session check: it ends when its user is disabled, demoted, signed
    // out everywhere (password change) or the session runs out.
    stillAllowed: () => stillSignedIn(db, user, "release.view"),
  });
  return opened.ok ? opened.response : jsonError(opened.status, opened.message);
});
