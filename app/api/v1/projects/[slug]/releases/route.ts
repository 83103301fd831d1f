// GET /api/v1/projects/{slug}/releases, POST /api/v1/projects/{slug}/releases — see the endpoint declarations in lib/api/endpoints.
import { createRelease, listReleases } from "@/lib/api/endpoints/releases";

export const dynamic = "force-dynamic";

export const GET = listReleases.handle;
export const POST = createRelease.handle;
