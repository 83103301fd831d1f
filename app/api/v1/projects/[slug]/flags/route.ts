// GET /api/v1/projects/{slug}/flags — see the endpoint declarations in lib/api/endpoints.
import { listFlags } from "@/lib/api/endpoints/flags";

export const dynamic = "force-dynamic";

export const GET = listFlags.handle;
