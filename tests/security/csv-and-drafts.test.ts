// Issue 15 (low): CSV formula injection in the secretariat's exports, and a draft's title shown to the
// secretariat on /needs/:id/experts. Both through the production build, as a browser would ask.
import { beforeAll, describe, expect, it } from "vitest";
import { exportTables } from "~/features/insight/services/tables.server";
import { send } from "../support/app";
import { createNeed, createNetwork, createOffer, createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

const HOSTILE = '=HYPERLINK("http://x","y")';
let net: Awaited<ReturnType<typeof createNetwork>>;
let secretariatCookie = "";
let coalitionCookie = "";

beforeAll(async () => {
  net = await createNetwork();
  const hostile = await createOrganisation({ kind: "EXPERT", vettingLevel: "verified", name: HOSTILE });
  const hostileUser = await createUser({}, { organisationId: hostile.id, role: "admin" });
  await createOffer({ organisationId: hostile.id, createdById: hostileUser.id, coverageGlobal: true });
  await createNeed({ organisationId: net.coalition.id, createdById: net.coalitionUser.id, status: "open" });
  await enableTotpFor(net.secretariatUser.id);
  secretariatCookie = (await createTestSession(net.secretariatUser.id, { twoFactorVerified: true })).cookie;
  coalitionCookie = (await createTestSession(net.coalitionUser.id)).cookie;
});

describe("CSV exports neutralise formulas", () => {
  it("no cell of any export starts with a formula character; the hostile name lands quoted as text", async () => {
    for (const table of exportTables) {
      const res = await send(`/secretariat/insight/export/${table}.csv?period=all`, {
        cookie: secretariatCookie,
      });
      expect(res.status, table).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/csv");
      // Every cell (quoted or not) at the start of a line or after a comma.
      expect(res.body.replace(/^\uFEFF/, ""), table).not.toMatch(/(^|,|\n)"?[=+@\t\r]/);
      expect(res.body, table).not.toContain(`"=HYPERLINK`);
    }
    const load = await send("/secretariat/insight/export/load.csv?period=all", { cookie: secretariatCookie });
    expect(load.body).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
});

describe("a draft on /needs/:id/experts", () => {
  it("answers 404 to the secretariat without the draft's title; the owner still sees it", async () => {
    const draft = await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      status: "draft",
      title: "DRAFT-TITLE-unpublished plan",
    });
    const needPage = await send(`/needs/${draft.id}`, { cookie: secretariatCookie });
    expect(needPage.status).toBe(404);
    const experts = await send(`/needs/${draft.id}/experts`, { cookie: secretariatCookie });
    expect(experts.status).toBe(404);
    expect(experts.body).not.toContain("DRAFT-TITLE");
    const dataRoute = await send(`/needs/${draft.id}/experts.data`, { cookie: secretariatCookie });
    expect(dataRoute.body).not.toContain("DRAFT-TITLE");
    const owner = await send(`/needs/${draft.id}/experts`, { cookie: coalitionCookie });
    expect(owner.status).toBe(200);
    expect(owner.body).toContain("DRAFT-TITLE");
    // A published need stays open to the secretariat.
    const open = await createNeed({
      organisationId: net.coalition.id,
      createdById: net.coalitionUser.id,
      status: "open",
      title: "OPEN-TITLE published need",
    });
    const published = await send(`/needs/${open.id}/experts`, { cookie: secretariatCookie });
    expect(published.status).toBe(200);
    expect(published.body).toContain("OPEN-TITLE");
  });
});
