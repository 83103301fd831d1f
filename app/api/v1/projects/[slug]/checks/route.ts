// POST /api/v1/projects/{slug}/checks — see the endpoint declarations in lib/api/endpoints.
import { reportCheck } from "@/lib/api/endpoints/checks";

export const dynamic = "force-dynamic";

export const POST = reportCheck.handle;
