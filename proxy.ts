// Sends signed-out visitors to the sign-in page. This is a convenience for pages only: every server
// action and route handler checks the session and role itself (lib/actions, lib/http).
import { withAuth } from "next-auth/middleware";

export const proxy = withAuth({ pages: { signIn: "/login" } });

export const config = {
  // Everything except the sign-in page, next-auth's endpoints, the health check and static files.
  matcher: ["/((?!login|api/auth|api/health|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|ico|woff2)$).*)"],
};
