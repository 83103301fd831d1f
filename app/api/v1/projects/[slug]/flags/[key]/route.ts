// GET /api/v1/projects/{slug}/flags/{key}, PUT /api/v1/projects/{slug}/flags/{key} — see the endpoint declarations in lib/api/endpoints.
import { getFlag, setFlag } from "@/lib/api/endpoints/flags";

export const dynamic = "force-dynamic";

export const GET = getFlag.handle;
export const PUT = setFlag.handle;
