// CSRF rejection and security headers, through the production build.
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/features/auth/services/password.server";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNetwork, createUser } from "../support/factories";
import { createTestSession } from "../support/sessions";

describe("CSRF", () => {
  it("refuses a POST without Origin or Referer, and one from another site, with 403 and no change", async () => {
    const user = await createUser({ passwordHash: await hashPassword("a long and private passphrase") });
    const s = await createTestSession(user.id);
    const none = await send("/settings?index", {
      cookie: s.cookie,
      origin: null,
      form: { intent: "profile", name: "Changed", locale: "es" },
    });
    expect(none.status).toBe(403);
    expect(none.body).toContain("came from another site");
    // A foreign Origin is refused by React Router's own origin check (400) before our middleware (403).
    const refused = (status: number) => status === 400 || status === 403;
    const foreign = await send("/settings?index", {
      cookie: s.cookie,
      origin: "https://evil.example",
      form: { intent: "profile", name: "Changed", locale: "es" },
    });
    expect(refused(foreign.status)).toBe(true);
    const login = await send("/login", {
      origin: "https://evil.example",
      form: { email: user.email, password: "a long and private passphrase" },
    });
    expect(refused(login.status)).toBe(true);
    expect(login.headers.getSetCookie()).toEqual([]);
    const noOriginLogin = await send("/login", {
      origin: null,
      form: { email: user.email, password: "a long and private passphrase" },
    });
    expect(noOriginLogin.status).toBe(403);
    expect(noOriginLogin.headers.getSetCookie()).toEqual([]);
    const foreignReferer = await send("/logout", {
      cookie: s.cookie,
      origin: null,
      headers: { Referer: "https://evil.example/page" },
      form: {},
    });
    expect(foreignReferer.status).toBe(403);
    const logout = await send("/logout", { cookie: s.cookie, origin: "https://evil.example", form: {} });
    expect(refused(logout.status)).toBe(true);
    expect(await db().session.count({ where: { id: s.id } })).toBe(1);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(user.name);
    const same = await send("/settings?index", {
      cookie: s.cookie,
      form: { intent: "profile", name: "Changed", locale: "es" },
    });
    expect(same.status).toBe(302);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Changed");
  });

  it("trusts fetch metadata when a browser sends Origin: null", async () => {
    const sameSite = await send("/set-language", {
      origin: null,
      headers: { "Sec-Fetch-Site": "same-origin" },
      form: { lng: "fr", redirectTo: "/" },
    });
    expect(sameSite.status).toBe(302);
    const crossSite = await send("/set-language", {
      origin: null,
      headers: { "Sec-Fetch-Site": "cross-site" },
      form: { lng: "fr", redirectTo: "/" },
    });
    expect(crossSite.status).toBe(403);
  });

  it("accepts a same-origin Referer when Origin is missing", async () => {
    const res = await send("/forgot-password", {
      origin: null,
      headers: { Referer: "http://localhost:3000/forgot-password" },
      form: { email: "x@example.org" },
    });
    expect(res.status).toBe(302);
  });
});

describe("security headers", () => {
  it("sends a strict CSP, no-store and the hardening headers on pages, redirects and errors", async () => {
    const n = await createNetwork();
    const s = await createTestSession(n.coalitionUser.id);
    for (const [path, cookie] of [
      ["/login", undefined],
      ["/settings", s.cookie],
      ["/settings", undefined],
      ["/organisations/does-not-exist", s.cookie],
    ] as const) {
      const res = await send(path, { cookie });
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("referrer-policy"), path).toBe("same-origin");
      if (res.status < 300 || res.status >= 400) {
        const csp = res.headers.get("content-security-policy") ?? "";
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("form-action 'self'");
        expect(csp).not.toMatch(/https?:\/\//);
        expect(res.headers.get("cache-control")).toContain("no-store");
      }
    }
    const page = await send("/login");
    expect(page.body).not.toMatch(/(src|href)="https?:\/\//);
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const user = await createUser({ passwordHash: await hashPassword("a long and private passphrase") });
    const res = await send("/login", {
      form: { email: user.email, password: "a long and private passphrase" },
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
  });
});
