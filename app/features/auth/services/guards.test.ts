import { describe, expect, it } from "vitest";
import { clearPendingCookie, pendingCookie, readPending } from "./pending-two-factor.server";
import { isSessionLive, readSessionToken, safeRedirect, sessionCookie, IDLE_MS } from "./session.server";
import { normaliseRecoveryCode, newRecoveryCode } from "./two-factor.server";

describe("safeRedirect", () => {
  it("keeps same-site paths and refuses everything else", () => {
    expect(safeRedirect("/needs?x=1")).toBe("/needs?x=1");
    for (const bad of [
      "//evil.example",
      "https://evil.example",
      "/\\evil",
      "/a\u0000b",
      "/a b",
      "",
      null,
      42,
      "javascript:alert(1)",
    ]) {
      expect(safeRedirect(bad)).toBe("/");
    }
  });

  it("percent-encodes what a Location header cannot carry, or refuses it (issue 15)", () => {
    expect(safeRedirect("/日")).toBe("/%E6%97%A5");
    expect(safeRedirect("/needs?q=café")).toBe("/needs?q=caf%C3%A9");
    expect(safeRedirect("/already%20encoded")).toBe("/already%20encoded");
    expect(safeRedirect("/\uD800")).toBe("/"); // a lone surrogate has no encoding
    expect(() => new Headers({ Location: safeRedirect("/日本語?x=ü") })).not.toThrow();
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/ and read back", () => {
    const c = sessionCookie("t".repeat(43), new Date("2030-01-01"));
    expect(c).toMatch(/^__session=t{43}; Path=\/; HttpOnly; SameSite=Lax; Expires=/);
    const req = new Request("http://x/", { headers: { cookie: `a=1; __session=${"t".repeat(43)}; b=2` } });
    expect(readSessionToken(req)).toBe("t".repeat(43));
    expect(
      readSessionToken(new Request("http://x/", { headers: { cookie: "__session=bad token" } })),
    ).toBeNull();
  });

  it("expires when idle or past its absolute expiry", () => {
    const now = new Date();
    expect(isSessionLive({ lastSeenAt: now, expiresAt: new Date(now.getTime() + 1000) }, now)).toBe(true);
    expect(
      isSessionLive(
        { lastSeenAt: new Date(now.getTime() - IDLE_MS), expiresAt: new Date(now.getTime() + 1000) },
        now,
      ),
    ).toBe(false);
    expect(isSessionLive({ lastSeenAt: now, expiresAt: now }, now)).toBe(false);
  });
});

describe("pending second-factor cookie", () => {
  it("round-trips, and refuses tampering and expiry", () => {
    const now = Date.now();
    const cookie = pendingCookie("user123", now).split(";")[0];
    const req = (c: string) => new Request("http://x/", { headers: { cookie: c } });
    expect(readPending(req(cookie), now)).toBe("user123");
    expect(readPending(req(cookie.replace("user123", "user124")), now)).toBeNull();
    expect(readPending(req(cookie), now + 11 * 60_000)).toBeNull();
    expect(clearPendingCookie()).toContain("Max-Age=0");
  });
});

describe("recovery codes", () => {
  it("are 10 unambiguous characters, accepted in any case and with or without the dash", () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    expect(normaliseRecoveryCode(code.toLowerCase().replace("-", " "))).toBe(code.replace("-", ""));
  });
});
