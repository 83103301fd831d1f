// POST /api/v1/items/{id}/note — see the endpoint declarations in lib/api/endpoints.
import { noteItem } from "@/lib/api/endpoints/items";

export const dynamic = "force-dynamic";

export const POST = noteItem.handle;
