// GET /api/v1/releases/{id}/timeline — see the endpoint declarations in lib/api/endpoints.
import { getTimeline } from "@/lib/api/endpoints/timeline";

export const dynamic = "force-dynamic";

export const GET = getTimeline.handle;
