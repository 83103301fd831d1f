// POST /api/v1/items/{id}/untick — see the endpoint declarations in lib/api/endpoints.
import { untickItem } from "@/lib/api/endpoints/items";

export const dynamic = "force-dynamic";

export const POST = untickItem.handle;
