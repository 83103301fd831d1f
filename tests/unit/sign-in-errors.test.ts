import { describe, expect, it } from "vitest";
import { signInErrorMessage, signInErrorMessages } from "@/lib/auth/errors";

describe("sign-in error messages", () => {
  it("maps next-auth's codes to fixed sentences", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe(signInErrorMessages.credentials);
    expect(signInErrorMessage("AccessDenied")).toBe(signInErrorMessages.denied);
    expect(signInErrorMessage("OAuthCallback")).toBe(signInErrorMessages.provider);
    expect(signInErrorMessage(undefined)).toBeNull();
  });

  it("never echoes what the URL carries (a thrown error's text)", () => {
    const leaked = "Invalid `prisma.signInAttempt.create()` invocation: Code: 54000";
    expect(signInErrorMessage(leaked)).toBe(signInErrorMessages.other);
    expect(signInErrorMessage(["CredentialsSignin", "x"])).toBe(signInErrorMessages.other);
  });
});
