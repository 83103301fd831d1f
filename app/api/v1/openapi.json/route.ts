// GET /api/v1/openapi.json — the REST API's OpenAPI 3.1 document (lib/api/openapi.ts). Public: it describes
// the API, and every endpoint it lists needs a token.
import { openApiDocument } from "@/lib/api/openapi";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = publicRoute(async () => Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }));
