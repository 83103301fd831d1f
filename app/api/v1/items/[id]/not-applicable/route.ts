// POST /api/v1/items/{id}/not-applicable — see the endpoint declarations in lib/api/endpoints.
import { markItemNotApplicable } from "@/lib/api/endpoints/items";

export const dynamic = "force-dynamic";

export const POST = markItemNotApplicable.handle;
