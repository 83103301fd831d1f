// OFREP single flag evaluation (lib/flags/ofrep.ts).
import { declare } from "@/lib/http/route";
import { evaluateFlagRequest } from "@/lib/flags/ofrep";

export const dynamic = "force-dynamic";

export const POST = declare(
  async (request: Request, context: { params: Promise<{ key: string }> }) => evaluateFlagRequest(request, (await context.params).key ?? ""),
  { kind: "projectToken", scope: "flags:read" },
);
