// POST /api/v1/deploys/{id}/cancel — see the endpoint declarations in lib/api/endpoints.
import { cancelDeploy } from "@/lib/api/endpoints/deploys";

export const dynamic = "force-dynamic";

export const POST = cancelDeploy.handle;
