// next-auth's own endpoints (sign-in, sign-out, session, CSRF, OAuth callbacks): public by nature.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { publicRoute } from "@/lib/http/route";

const handler = NextAuth(authOptions);

export const GET = publicRoute(handler);
export const POST = publicRoute(handler);
