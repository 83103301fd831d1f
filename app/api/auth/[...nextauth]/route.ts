// next-auth's own endpoints (sign-in, sign-out, session, CSRF, OAuth callbacks): public by nature.
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { publicRoute } from "@/lib/http/route";

// The options are built on the first request: they read the runtime environment, which `next build` lacks.
const handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> => NextAuth(getAuthOptions())(request, context);

export const GET = publicRoute(handler);
export const POST = publicRoute(handler);
