// GET /api/v1/deploys/{id}/steps/{stepId}/logs — see the endpoint declarations in lib/api/endpoints.
import { getDeployLogs } from "@/lib/api/endpoints/deploys";

export const dynamic = "force-dynamic";

export const GET = getDeployLogs.handle;
