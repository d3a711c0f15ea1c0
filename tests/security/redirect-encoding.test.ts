// Issue 15: a non-Latin-1 `redirectTo` (`/login?redirectTo=%2F%E6%97%A5`, or `POST /set-language`) used
// to end in a 500 (a Location header cannot carry it). safeRedirect percent-encodes it: never a 5xx.
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/features/auth/services/password.server";
import { send } from "../support/app";
import { createUser } from "../support/factories";
import { createTestSession } from "../support/sessions";

const encoded = "/%E6%97%A5";

describe("non-Latin-1 redirect targets", () => {
  it("/login?redirectTo=%2F%E6%97%A5: the page signed out, an encoded redirect signed in or after sign-in", async () => {
    const signedOut = await send("/login?redirectTo=%2F%E6%97%A5");
    expect(signedOut.status).toBe(200);
    const user = await createUser({ passwordHash: await hashPassword("a long and private passphrase") });
    const { cookie } = await createTestSession(user.id);
    const signedIn = await send("/login?redirectTo=%2F%E6%97%A5", { cookie });
    expect(signedIn.status).toBe(302);
    expect(signedIn.location).toBe(encoded);
    const data = await send("/login.data?redirectTo=%2F%E6%97%A5", { cookie });
    expect(data.status).toBeLessThan(500);
    const signIn = await send("/login", {
      form: { email: user.email, password: "a long and private passphrase", redirectTo: "/日" },
    });
    expect(signIn.status).toBe(302);
    expect(signIn.location).toBe(encoded);
  });

  it("POST /set-language with a non-Latin-1 redirectTo, signed out and signed in", async () => {
    const signedOut = await send("/set-language", { form: { lng: "fr", redirectTo: "/日" } });
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toBe(encoded);
    const user = await createUser();
    const { cookie } = await createTestSession(user.id);
    for (const redirectTo of ["/日", "/needs?q=café", "/%E6%97%A5"]) {
      const res = await send("/set-language", { cookie, form: { lng: "es", redirectTo } });
      expect(res.status, redirectTo).toBe(302);
      expect(res.location, redirectTo).toMatch(/^\/[\x21-\x7e]*$/);
    }
  });
});
