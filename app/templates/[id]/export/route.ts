import { db } from "@/lib/db";
import { jsonError, protectedRoute } from "@/lib/http/route";
import { checklistToMarkdown } from "@/lib/templates/markdown-export";
import { getTemplateSnapshot } from "@/lib/templates/snapshot";
import { templateFileName } from "@/lib/templates/slug";

/** The template as Markdown in the importer's shape, downloaded as "<slug>.md". */
export const GET = protectedRoute<{ id?: string }>("release.view", async (_request, { params }) => {
  const id = params.id;
  const snapshot = id && id.length <= 64 ? await getTemplateSnapshot(db, id) : null;
  if (!snapshot) return jsonError(404, "That template does not exist (any more).");
  return new Response(checklistToMarkdown(snapshot), {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${templateFileName(snapshot.templateName)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
