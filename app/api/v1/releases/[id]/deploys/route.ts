// GET /api/v1/releases/{id}/deploys, POST /api/v1/releases/{id}/deploys — see the endpoint declarations in lib/api/endpoints.
import { listDeploys, startDeploy } from "@/lib/api/endpoints/deploys";

export const dynamic = "force-dynamic";

export const GET = listDeploys.handle;
export const POST = startDeploy.handle;
