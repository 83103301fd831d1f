// GET /api/v1/deploys/{id} — see the endpoint declarations in lib/api/endpoints.
import { getDeploy } from "@/lib/api/endpoints/deploys";

export const dynamic = "force-dynamic";

export const GET = getDeploy.handle;
