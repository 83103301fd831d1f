// GET /releases/:id/export — the filled checklist as a Markdown file, "<project>-<version>.md".
import { jsonError, protectedRoute } from "@/lib/http/route";
import { releaseExportFileName, releaseToMarkdown } from "@/lib/releases/export-markdown";
import { getReleaseApprovals, getReleaseDetail } from "@/lib/releases/queries";

export const dynamic = "force-dynamic";

export const GET = protectedRoute<{ id?: string }>("release.view", async (_request, { params }) => {
  const id = params.id;
  const release = id && id.length <= 64 ? await getReleaseDetail(id) : null;
  if (!release) return jsonError(404, "That release does not exist (any more).");
  return new Response(releaseToMarkdown({ ...release, approvals: await getReleaseApprovals(release.id) }), {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${releaseExportFileName(release)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
