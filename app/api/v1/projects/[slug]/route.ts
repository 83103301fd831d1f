// GET /api/v1/projects/{slug} — see the endpoint declarations in lib/api/endpoints.
import { getProject } from "@/lib/api/endpoints/projects";

export const dynamic = "force-dynamic";

export const GET = getProject.handle;
