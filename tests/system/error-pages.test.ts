// A page that cannot be shown (an unknown address, a need that does not exist or is not visible) answers
// its status inside the site's frame: the header with the main navigation and the footer, in the reader's
// language, so nobody lands on a dead end without a way back, a language switch or a way to sign out.
import { describe, expect, it } from "vitest";
import { send } from "../support/app";
import { createUser } from "../support/factories";
import { createTestSession } from "../support/sessions";

const header = /<header[^>]*>[\s\S]*<nav aria-label="[^"]+"/;

describe("error pages keep the site's frame", () => {
  it("an unknown address: 404 with the header, the member's name and the message in their language", async () => {
    const user = await createUser({ locale: "es", name: "Lucía Fernández" });
    const s = await createTestSession(user.id);
    const res = await send("/no-such-page/at-all", { cookie: s.cookie });
    expect(res.status).toBe(404);
    expect(res.body).toContain('lang="es"');
    expect(res.body).toMatch(header);
    expect(res.body).toContain("Lucía Fernández");
    expect(res.body).toContain("No encontramos esa página.");
    expect(res.body).toMatch(/<footer/);
  });

  it("a need that does not exist: 404 inside the frame", async () => {
    const user = await createUser({ locale: "fr" });
    const s = await createTestSession(user.id);
    const res = await send("/needs/no-such-need", { cookie: s.cookie });
    expect(res.status).toBe(404);
    expect(res.body).toContain('lang="fr"');
    expect(res.body).toMatch(header);
  });

  it("a visitor at an unknown address: 404 with the header (sign-in) and no session needed", async () => {
    const res = await send("/nowhere");
    expect(res.status).toBe(404);
    expect(res.body).toMatch(header);
    expect(res.body).toContain('href="/login');
  });
});
