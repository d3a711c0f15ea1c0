// The language switcher: a cookie for visitors; for a signed-in member, their saved language too (it wins
// over the cookie), audited. Only same-site redirects.
import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createUser } from "../support/factories";
import { createTestSession } from "../support/sessions";

describe("/set-language", () => {
  it("changes a signed-in member's saved language, and pages follow it", async () => {
    const user = await createUser({ locale: "en" });
    const s = await createTestSession(user.id);
    const res = await send("/set-language", {
      cookie: s.cookie,
      form: { lng: "es", redirectTo: "/settings" },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe("es");
    expect(
      await db().auditEvent.count({ where: { action: "user.profile_updated", entityId: user.id } }),
    ).toBe(1);
    const page = await send("/settings", { cookie: s.cookie });
    expect(page.body).toContain('lang="es"');
  });

  it("sets only a cookie for visitors, refuses unknown languages, and never redirects off-site", async () => {
    const res = await send("/set-language", { form: { lng: "fr", redirectTo: "//evil.example/x" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.getSetCookie().join()).toContain("lng=fr");
    expect((await send("/set-language", { form: { lng: "de" } })).status).toBe(400);
  });
});
