// /secretariat/taxonomy through the production build, forms without JavaScript: only a 2FA-verified
// secretariat member may change the taxonomy; a term without its three labels is refused with a 400 and
// a translated message; a refused change leaves the database as it was; an accepted one redirects with
// its notice, and the new term is offered by the need form at once.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNetwork } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

let net: Awaited<ReturnType<typeof createNetwork>>;
const cookies = { secretariat: "", secretariatNo2fa: "", coalition: "", expert: "" };

beforeAll(async () => {
  net = await createNetwork();
  await enableTotpFor(net.secretariatUser.id);
  cookies.secretariat = (await createTestSession(net.secretariatUser.id, { twoFactorVerified: true })).cookie;
  cookies.secretariatNo2fa = (await createTestSession(net.secretariatUser.id)).cookie;
  cookies.coalition = (await createTestSession(net.coalitionUser.id)).cookie;
  cookies.expert = (await createTestSession(net.expertUser.id)).cookie;
});

const snapshot = async () => ({
  categories: await db().category.findMany({ orderBy: { id: "asc" } }),
  topics: await db().topic.findMany({ orderBy: { id: "asc" } }),
  audits: await db().auditEvent.count(),
});

const add = { intent: "addCategory", key: "media", en: "Media", es: "Medios", fr: "Médias" };

describe("taxonomy editing, through the app", () => {
  it("refuses everyone but the 2FA-verified secretariat: nothing changes", async () => {
    const before = await snapshot();
    for (const cookie of [cookies.coalition, cookies.expert]) {
      const r = await send("/secretariat/taxonomy", { cookie, form: add });
      expect(r.status).toBe(403);
    }
    const no2fa = await send("/secretariat/taxonomy", { cookie: cookies.secretariatNo2fa, form: add });
    expect(no2fa.status).toBeGreaterThanOrEqual(300);
    expect(no2fa.status).toBeLessThan(500);
    const visitor = await send("/secretariat/taxonomy", { form: add });
    expect([302, 303, 401, 403]).toContain(visitor.status);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a term without its three labels, and a key in use, with a message: nothing changes", async () => {
    const before = await snapshot();
    const missing = await send("/secretariat/taxonomy", {
      cookie: cookies.secretariat,
      form: { ...add, fr: "" },
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain("This is required.");
    const taken = await send("/secretariat/taxonomy", {
      cookie: cookies.secretariat,
      form: { ...add, key: "legal" },
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toContain("A term with this key exists already.");
    expect(await snapshot()).toEqual(before);
  });

  it("adds a category: redirect with the notice, audited, offered by the need form at once", async () => {
    const r = await send("/secretariat/taxonomy", { cookie: cookies.secretariat, form: add });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/secretariat/taxonomy?done=add_category");
    const page = await send("/secretariat/taxonomy?done=add_category", { cookie: cookies.secretariat });
    expect(page.body).toContain("Category added.");
    expect(
      await db().auditEvent.count({ where: { action: "taxonomy.category_added", entityId: "media" } }),
    ).toBe(1);
    const form = await send("/needs/new", { cookie: cookies.coalition });
    expect(form.status).toBe(200);
    expect(form.body).toContain('value="media"');
  });
});
