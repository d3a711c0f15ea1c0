// Offers through the production build: publishing, lifecycle over HTTP, board and capacity, access per role.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import {
  createEngagement,
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";
import { createTestSession } from "../support/sessions";

const validOffer = {
  title: "Digital-security audits for coalitions",
  description: "Organisational security assessments, remote or on site.",
  contentLanguage: "fr",
  categoryIds: ["digital_security"],
  topicIds: ["digital_security.assessment", "digital_security.training"],
  coverageRegions: ["latin_america_caribbean", "sub_saharan_africa"],
  coverageCountries: ["FR"],
  languages: ["fr", "es"],
  hoursPerMonth: "24",
  maxConcurrent: "3",
  availableFrom: "2026-12-01",
  availableTo: "2027-06-30",
  format: "remote",
  responseTimeDays: "5",
  terms: "cost_shared",
};

let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const n = await createNetwork();
  const unverifiedOrg = await createOrganisation({ kind: "EXPERT", vettingLevel: "unverified" });
  const unverifiedUser = await createUser({}, { organisationId: unverifiedOrg.id });
  const frUser = await createUser({ locale: "fr" }, { organisationId: n.coalition.id });
  return {
    ...n,
    cookies: {
      coalition: (await createTestSession(n.coalitionUser.id)).cookie,
      coalitionFr: (await createTestSession(frUser.id)).cookie,
      expert: (await createTestSession(n.expertUser.id)).cookie,
      unverified: (await createTestSession(unverifiedUser.id)).cookie,
    },
  };
}

beforeAll(async () => {
  w = await setup();
});

describe("offers over HTTP", () => {
  it("an expert publishes an offer with every field; it is active and on the board", async () => {
    const form = await send("/offers/new", { cookie: w.cookies.expert });
    expect(form.status).toBe(200);
    for (const label of [
      "Title",
      "Description",
      "Hours per month",
      "Maximum concurrent engagements",
      "Available from",
      "Typical response time",
      "Terms",
      "Working languages",
      "Countries",
    ]) {
      expect(form.body, label).toMatch(new RegExp(`<label[^>]*>${label}`));
    }
    const res = await send("/offers/new", {
      cookie: w.cookies.expert,
      form: { ...validOffer, intent: "activate" },
    });
    expect(res.status).toBe(302);
    const id = res.location!.match(/\/offers\/([^?]+)/)![1];
    const offer = await db().offer.findUniqueOrThrow({ where: { id } });
    expect(offer).toMatchObject({
      status: "active",
      organisationId: w.expert.id,
      hoursPerMonth: 24,
      maxConcurrent: 3,
      responseTimeDays: 5,
      terms: "cost_shared",
      coverageRegions: ["latin_america_caribbean", "sub_saharan_africa"],
      coverageCountries: ["FR"],
    });
    expect(offer.availableTo?.toISOString().slice(0, 10)).toBe("2027-06-30");
    const board = await send("/offers?category=digital_security&country=KE", { cookie: w.cookies.coalition });
    expect(board.status).toBe(200);
    expect(board.body).toContain(validOffer.title);
    expect(board.body).toMatch(/3 of 3 engagement slots left · 24 of 24 hours left this month/);
  });

  it("validates: coverage, categories, dates (422 with messages)", async () => {
    const res = await send("/offers/new", {
      cookie: w.cookies.expert,
      form: {
        ...validOffer,
        coverageRegions: [],
        coverageCountries: [],
        categoryIds: [],
        availableTo: "2026-01-01",
      },
    });
    expect(res.status).toBe(422);
    expect(res.body).toContain("Choose at least one category.");
    expect(res.body).toContain("Choose countries or regions, or global coverage.");
    const dates = await send("/offers/new", {
      cookie: w.cookies.expert,
      form: { ...validOffer, availableTo: "2026-01-01" },
    });
    expect(dates.status).toBe(422);
    expect(dates.body).toContain("The end of availability must come after its start.");
    // A coalition publishes peer offers through the same form.
    expect((await send("/offers/new", { cookie: w.cookies.coalition })).status).toBe(200);
  });

  it("pauses, resumes and retires; a refused transition is a 409 and changes nothing", async () => {
    const offer = await createOffer({
      organisationId: w.expert.id,
      createdById: w.expertUser.id,
      status: "active",
    });
    expect(
      (await send(`/offers/${offer.id}`, { cookie: w.cookies.expert, form: { intent: "pause" } })).status,
    ).toBe(302);
    expect((await db().offer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe("paused");
    const refused = await send(`/offers/${offer.id}`, {
      cookie: w.cookies.expert,
      form: { intent: "pause" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain("This action is not possible for an offer in its current status.");
    expect(
      (await send(`/offers/${offer.id}`, { cookie: w.cookies.expert, form: { intent: "resume" } })).status,
    ).toBe(302);
    expect(
      (await send(`/offers/${offer.id}`, { cookie: w.cookies.expert, form: { intent: "retire" } })).status,
    ).toBe(302);
    expect((await db().offer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe("retired");
    expect((await send(`/offers/${offer.id}/edit`, { cookie: w.cookies.expert })).status).toBe(409);
    // Others may look at an active offer but not act on it.
    const other = await createOffer({
      organisationId: w.expert.id,
      createdById: w.expertUser.id,
      status: "active",
    });
    expect(
      (await send(`/offers/${other.id}`, { cookie: w.cookies.coalition, form: { intent: "pause" } })).status,
    ).toBe(403);
    expect((await send(`/offers/${other.id}/edit`, { cookie: w.cookies.coalition })).status).toBe(403);
    expect(
      (await send(`/offers/${other.id}`, { cookie: w.cookies.expert, form: { intent: "explode" } })).status,
    ).toBe(400);
  });

  it("shows remaining capacity from live engagements, localised", async () => {
    const offer = await createOffer({
      organisationId: w.expert.id,
      createdById: w.expertUser.id,
      status: "active",
      hoursPerMonth: 10,
      maxConcurrent: 2,
      contentLanguage: "fr",
      title: "CAPACITY-OFFER",
    });
    const need = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "engaged",
    });
    const p = await createProposal({
      needId: need.id,
      offerId: offer.id,
      expertOrganisationId: w.expert.id,
      status: "confirmed",
    });
    const e = await createEngagement({
      needId: need.id,
      offerId: offer.id,
      proposalId: p.id,
      expertOrganisationId: w.expert.id,
      coalitionOrganisationId: w.coalition.id,
    });
    await db().engagementUpdate.create({
      data: {
        engagementId: e.id,
        authorId: w.expertUser.id,
        organisationId: w.expert.id,
        body: "x",
        hours: 2.5,
      },
    });
    const page = await send(`/offers/${offer.id}`, { cookie: w.cookies.coalitionFr });
    expect(page.status).toBe(200);
    expect(page.body).toContain("1 place libre sur 2 ; 7,5 heures restantes sur 10 ce mois-ci.");
    expect(page.body).toMatch(/<h1[^>]*lang="fr"[^>]*>CAPACITY-OFFER/);
  });

  it("drafts stay private: 404 to others, listed under My offers", async () => {
    const draft = await createOffer({
      organisationId: w.expert.id,
      createdById: w.expertUser.id,
      status: "draft",
      title: "DRAFT-OFFER",
    });
    expect((await send(`/offers/${draft.id}`, { cookie: w.cookies.coalition })).status).toBe(404);
    expect((await send(`/offers/${draft.id}`, { cookie: w.cookies.unverified })).status).toBe(404);
    expect((await send("/offers", { cookie: w.cookies.expert })).body).not.toContain("DRAFT-OFFER");
    const mine = await send("/offers/mine", { cookie: w.cookies.expert });
    expect(mine.body).toContain("DRAFT-OFFER");
    expect((await send("/offers", { cookie: w.cookies.unverified })).body).not.toContain("CAPACITY-OFFER");
    expect((await send("/offers")).status).toBe(302);
  });

  it("edits an offer", async () => {
    const offer = await createOffer({
      organisationId: w.expert.id,
      createdById: w.expertUser.id,
      status: "active",
    });
    expect((await send(`/offers/${offer.id}/edit`, { cookie: w.cookies.expert })).status).toBe(200);
    const res = await send(`/offers/${offer.id}/edit`, {
      cookie: w.cookies.expert,
      form: { ...validOffer, title: "Edited offer", intent: "save" },
    });
    expect(res.status).toBe(302);
    expect((await db().offer.findUniqueOrThrow({ where: { id: offer.id } })).title).toBe("Edited offer");
    expect(await db().outboxEvent.count({ where: { name: "matching.offer", dedupeKey: offer.id } })).toBe(1);
  });
});
