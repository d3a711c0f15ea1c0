// Country services against the real database: the list of countries with activity (region filter), the
// country page filtered per viewer, the response map's gaps, the secretariat's rating with its history,
// and members' activities.
import { beforeAll, describe, expect, it } from "vitest";
import {
  createActivity,
  listCountries,
  loadCountryPage,
  responseGaps,
  setCountryRating,
} from "~/features/countries/services/countries.server";
import { countryRating } from "~/features/taxonomy/reference.server";
import { db } from "~/utils/db.server";
import {
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";
import { viewerFor } from "../coordination/support";

let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const n = await createNetwork();
  const unverified = await createOrganisation({ kind: "EXPERT", vettingLevel: "unverified", vettedAt: null });
  const unverifiedUser = await createUser({}, { organisationId: unverified.id });
  const kenyan = await createOrganisation({ kind: "COALITION", countryCode: "KE" });
  const kenyanUser = await createUser({}, { organisationId: kenyan.id });
  return {
    ...n,
    unverified,
    kenyan,
    kenyanUser,
    sec: await viewerFor(n.secretariatUser.id, { twoFactorVerified: true }),
    coal: await viewerFor(n.coalitionUser.id),
    exp: await viewerFor(n.expertUser.id),
    unv: await viewerFor(unverifiedUser.id),
    ken: await viewerFor(kenyanUser.id),
  };
}

beforeAll(async () => {
  w = await setup();
  const actor = { userId: w.coalitionUser.id };
  await createNeed({
    organisationId: w.coalition.id,
    createdById: w.coalitionUser.id,
    title: "Network need MX",
    categoryId: "legal",
  });
  await createNeed({
    organisationId: w.coalition.id,
    createdById: w.coalitionUser.id,
    title: "SECRET need MX",
    categoryId: "digital_security",
    visibility: "secretariat",
  });
  await createNeed({
    organisationId: w.coalition.id,
    createdById: w.coalitionUser.id,
    title: "DRAFT need MX",
    status: "draft",
    openedAt: null,
  });
  await createNeed({
    organisationId: w.kenyan.id,
    createdById: w.kenyanUser.id,
    title: "Kenya need",
    countryCode: "KE",
  });
  await createOffer({
    organisationId: w.expert.id,
    createdById: w.expertUser.id,
    title: "Legal offer LatAm",
  });
  await db().$transaction((tx) =>
    createActivity(tx, w.exp, { userId: w.expertUser.id }, "MX", {
      organisationId: w.expert.id,
      kind: "legal",
      summary: "Legal clinic",
      contentLanguage: "es",
      startsOn: "2026-09-01",
      visibility: "network",
    }),
  );
  await db().$transaction((tx) =>
    createActivity(tx, w.coal, actor, "MX", {
      organisationId: w.coalition.id,
      kind: "advocacy",
      summary: "SECRET-ACTIVITY advocacy plan",
      contentLanguage: "es",
      startsOn: "2026-09-01",
      visibility: "secretariat",
    }),
  );
  await db().$transaction((tx) =>
    createActivity(tx, w.coal, actor, "MX", {
      organisationId: w.coalition.id,
      kind: "funding",
      summary: "Ended funding",
      contentLanguage: "es",
      startsOn: "2025-01-01",
      endsOn: "2025-06-01",
      visibility: "network",
    }),
  );
});

describe("countries with activity", () => {
  it("lists countries where the viewer can see needs or activities, with counts, filtered by region", async () => {
    const all = await listCountries(w.exp);
    expect(all.rows.map((r) => r.code)).toEqual(["KE", "MX"]);
    expect(all.rows.find((r) => r.code === "MX")).toMatchObject({ needs: 1, activities: 1 });
    const owner = await listCountries(w.coal);
    expect(owner.rows.find((r) => r.code === "MX")).toMatchObject({ needs: 3, activities: 2 }); // own drafts and secret ones
    const sec = await listCountries(w.sec);
    expect(sec.rows.find((r) => r.code === "MX")).toMatchObject({ needs: 2, activities: 2 });
    const latam = await listCountries(w.exp, { region: "latin_america_caribbean" });
    expect(latam.rows.map((r) => r.code)).toEqual(["MX"]);
    expect((await listCountries(w.exp, { region: "bogus" })).region).toBeNull();
    expect((await listCountries(w.unv)).rows).toEqual([]);
    expect((await listCountries(null)).rows).toEqual([]);
  });
});

describe("a country's page", () => {
  it("shows each section only as far as the viewer may see", async () => {
    const exp = await loadCountryPage(w.exp, "mx");
    expect(exp.needs.items.map((n) => n.title)).toEqual(["Network need MX"]);
    expect(exp.activities.items.map((a) => a.summary)).toEqual(["Legal clinic"]);
    expect(exp.offers.items.map((o) => o.title)).toEqual(["Legal offer LatAm"]);
    expect(exp.experts.map((e) => e.id)).toEqual([w.expert.id]);
    expect(exp.history.every((h) => h.setByName === null)).toBe(true);

    const own = await loadCountryPage(w.coal, "MX");
    expect(own.needs.items.map((n) => n.title).sort()).toEqual([
      "DRAFT need MX",
      "Network need MX",
      "SECRET need MX",
    ]);
    expect(own.activities.items.map((a) => a.summary).sort()).toEqual([
      "Legal clinic",
      "SECRET-ACTIVITY advocacy plan",
    ]);

    const sec = await loadCountryPage(w.sec, "MX");
    expect(sec.needs.items.map((n) => n.title).sort()).toEqual(["Network need MX", "SECRET need MX"]);
    expect(sec.activities.items.map((a) => a.summary).sort()).toEqual([
      "Legal clinic",
      "SECRET-ACTIVITY advocacy plan",
    ]);

    const unv = await loadCountryPage(w.unv, "MX");
    expect(unv.needs.items).toEqual([]);
    expect(unv.activities.items).toEqual([]);
    expect(unv.offers.items).toEqual([]);

    await expect(loadCountryPage(w.exp, "ZZ")).rejects.toMatchObject({ init: { status: 404 } });
    await expect(loadCountryPage(w.exp, "../x")).rejects.toMatchObject({ init: { status: 404 } });
  });

  it("engagements under way are shown to their parties and the secretariat", async () => {
    const need = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      title: "Engaged need",
      status: "engaged",
    });
    const offer = await createOffer({ organisationId: w.expert.id, createdById: w.expertUser.id });
    const p = await createProposal({
      needId: need.id,
      offerId: offer.id,
      expertOrganisationId: w.expert.id,
      status: "confirmed",
    });
    await db().engagement.create({
      data: {
        needId: need.id,
        offerId: offer.id,
        proposalId: p.id,
        expertOrganisationId: w.expert.id,
        coalitionOrganisationId: w.coalition.id,
      },
    });
    expect((await loadCountryPage(w.exp, "MX")).engagements.map((e) => e.need.title)).toEqual([
      "Engaged need",
    ]);
    expect((await loadCountryPage(w.sec, "MX")).engagements).toHaveLength(1);
    expect((await loadCountryPage(w.ken, "MX")).engagements).toHaveLength(0);
  });

  it("the response map shows who does what and where nobody does anything", async () => {
    const page = await loadCountryPage(w.exp, "MX");
    const gaps = responseGaps(page, ["legal", "digital_security", "advocacy"]);
    expect(gaps.find((g) => g.id === "legal")).toMatchObject({
      activities: 1,
      openNeeds: 1,
      offers: 2,
      gap: "none",
    });
    // The expert cannot see the advocacy activity (secretariat visibility): no activity there, for them.
    expect(gaps.find((g) => g.id === "advocacy")).toMatchObject({ activities: 0, gap: "no_activity" });
    const sec = await loadCountryPage(w.sec, "MX");
    const secGaps = responseGaps(sec, ["legal", "digital_security", "advocacy"]);
    // A digital-security need with neither activity nor offer: an unmet need.
    expect(secGaps.find((g) => g.id === "digital_security")).toMatchObject({
      openNeeds: 1,
      activities: 0,
      offers: 0,
      gap: "unmet_needs",
    });
    expect(secGaps.find((g) => g.id === "advocacy")?.gap).toBe("none");
    // Issue 20: engagements under way count as activity (the legal engagement of the test above), for
    // every member who may see its need, not only its parties.
    expect(gaps.find((g) => g.id === "legal")?.engagements).toBe(1);
    const other = responseGaps(await loadCountryPage(w.ken, "MX"), ["legal"]);
    expect(other[0].engagements).toBe(1);
    expect(
      responseGaps(
        { kindCounts: {}, needCounts: { legal: 2 }, offerCounts: {}, engagementCounts: { legal: 1 } },
        ["legal"],
      )[0].gap,
    ).toBe("none");
    expect(
      responseGaps({ kindCounts: {}, needCounts: { legal: 2 }, offerCounts: {} }, ["legal"])[0].gap,
    ).toBe("unmet_needs");
  });
});

describe("rating and activities", () => {
  it("the secretariat sets rating, trend and note: Country updated, dated history, audit, new needs' defaults follow", async () => {
    await db().$transaction((tx) =>
      setCountryRating(tx, { userId: w.secretariatUser.id }, "MX", {
        rating: "repressed",
        trend: "worsening",
        note: "Raids on NGO offices.",
      }),
    );
    await db().$transaction((tx) =>
      setCountryRating(tx, { userId: w.secretariatUser.id }, "MX", {
        rating: "obstructed",
        trend: "stable",
        note: "",
      }),
    );
    const country = await db().country.findUniqueOrThrow({ where: { code: "MX" } });
    expect(country).toMatchObject({
      civicSpaceRating: "obstructed",
      ratingTrend: "stable",
      situationNote: null,
      ratingUpdatedById: w.secretariatUser.id,
    });
    const page = await loadCountryPage(w.sec, "MX");
    expect(page.history.map((h) => [h.rating, h.trend, h.note, h.setByName])).toEqual([
      ["obstructed", "stable", null, w.secretariatUser.name],
      ["repressed", "worsening", "Raids on NGO offices.", w.secretariatUser.name],
    ]);
    expect((await loadCountryPage(w.exp, "MX")).history[0].setByName).toBeNull();
    expect(await db().auditEvent.count({ where: { action: "country.rating_set", entityId: "MX" } })).toBe(2);
    expect(await countryRating("MX")).toBe("obstructed");
    await expect(
      db().$transaction((tx) =>
        setCountryRating(tx, { userId: w.secretariatUser.id }, "ZZ", { rating: "open", trend: "stable" }),
      ),
    ).rejects.toMatchObject({ init: { status: 404 } });
  });

  it("members record activities for their own verified organisation only", async () => {
    const input = {
      organisationId: w.coalition.id,
      kind: "research" as const,
      summary: "Mapping",
      contentLanguage: "es" as const,
      startsOn: "2026-10-01",
      visibility: "network" as const,
    };
    await expect(
      db().$transaction((tx) => createActivity(tx, w.exp, { userId: w.expertUser.id }, "MX", input)),
    ).rejects.toMatchObject({
      init: { status: 403 },
    });
    await expect(
      db().$transaction((tx) =>
        createActivity(tx, w.unv, { userId: w.expertUser.id }, "MX", {
          ...input,
          organisationId: w.unverified.id,
        }),
      ),
    ).rejects.toMatchObject({ init: { status: 403 } });
    await expect(
      db().$transaction((tx) => createActivity(tx, w.coal, { userId: w.coalitionUser.id }, "ZZ", input)),
    ).rejects.toMatchObject({
      init: { status: 404 },
    });
    const a = await db().$transaction((tx) =>
      createActivity(tx, w.coal, { userId: w.coalitionUser.id }, "MX", input),
    );
    expect(
      await db().auditEvent.count({ where: { action: "country_activity.created", entityId: a.id } }),
    ).toBe(1);
  });
});
