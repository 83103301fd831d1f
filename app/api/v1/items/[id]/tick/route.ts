// POST /api/v1/items/{id}/tick — see the endpoint declarations in lib/api/endpoints.
import { tickItem } from "@/lib/api/endpoints/items";

export const dynamic = "force-dynamic";

export const POST = tickItem.handle;
