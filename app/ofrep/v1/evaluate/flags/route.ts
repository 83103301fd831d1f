// OFREP bulk evaluation: every flag of the token's project (lib/flags/ofrep.ts).
import { declare } from "@/lib/http/route";
import { evaluateAllFlagsRequest } from "@/lib/flags/ofrep";

export const dynamic = "force-dynamic";

export const POST = declare((request: Request) => evaluateAllFlagsRequest(request), { kind: "projectToken", scope: "flags:read" });
