import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Change password" };
export const dynamic = "force-dynamic";

export default async function ChangePasswordPage() {
  const user = await requireUser({ allowPasswordChange: true });
  return (
    <div className="mx-auto flex max-w-md flex-col gap-6 pt-8">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Change password</h1>
        <p className="text-sm text-muted">
          {user.mustChangePassword
            ? "An admin reset your password. Choose a new one to continue."
            : "After the change you are signed out everywhere, this browser included, and sign in with the new password."}
        </p>
      </div>
      <ChangePasswordForm email={user.email} />
    </div>
  );
}
