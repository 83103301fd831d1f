// GET /api/v1/releases/{id}/signoffs — see the endpoint declarations in lib/api/endpoints.
import { listSignoffs } from "@/lib/api/endpoints/signoffs";

export const dynamic = "force-dynamic";

export const GET = listSignoffs.handle;
