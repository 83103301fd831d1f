// GET /api/v1/projects, POST /api/v1/projects — see the endpoint declarations in lib/api/endpoints.
import { createProject, listProjects } from "@/lib/api/endpoints/projects";

export const dynamic = "force-dynamic";

export const GET = listProjects.handle;
export const POST = createProject.handle;
