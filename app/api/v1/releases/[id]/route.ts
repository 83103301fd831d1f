// GET /api/v1/releases/{id} — see the endpoint declarations in lib/api/endpoints.
import { getRelease } from "@/lib/api/endpoints/releases";

export const dynamic = "force-dynamic";

export const GET = getRelease.handle;
