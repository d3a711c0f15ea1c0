// "We can help" and "Ask this expert" through the production build, forms without JavaScript (POST +
// redirect): the pages say why an offer or a need does not fit, a fitting choice lands in the
// secretariat's review queue marked by its source, and a refused submission is a 4xx with a translated
// message and the database unchanged.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNeed, createNetwork, createOffer, createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

let net: Awaited<ReturnType<typeof createNetwork>>;
const cookies = { secretariat: "", coalition: "", expert: "", expertEs: "", peer: "" };
let need: { id: string };
let offer: { id: string };
let digitalOffer: { id: string };
let otherExpertOffer: { id: string };
let otherExpert: { id: string };

beforeAll(async () => {
  net = await createNetwork();
  need = await createNeed({
    organisationId: net.coalition.id,
    createdById: net.coalitionUser.id,
    title: "Registration law review",
  });
  offer = await createOffer({
    organisationId: net.expert.id,
    createdById: net.expertUser.id,
    title: "Legal review of draft laws",
  });
  digitalOffer = await createOffer({
    organisationId: net.expert.id,
    createdById: net.expertUser.id,
    title: "Device security clinic",
    categoryIds: ["digital_security"],
    topicIds: [],
  });
  otherExpert = await createOrganisation({ kind: "EXPERT", vettingLevel: "verified", coverageGlobal: true });
  const otherUser = await createUser({}, { organisationId: otherExpert.id, role: "admin" });
  otherExpertOffer = await createOffer({
    organisationId: otherExpert.id,
    createdById: otherUser.id,
    title: "Global legal helpdesk",
    coverageGlobal: true,
  });
  const esUser = await createUser({ locale: "es" }, { organisationId: net.expert.id });
  await enableTotpFor(net.secretariatUser.id);
  cookies.secretariat = (await createTestSession(net.secretariatUser.id, { twoFactorVerified: true })).cookie;
  cookies.coalition = (await createTestSession(net.coalitionUser.id)).cookie;
  cookies.expert = (await createTestSession(net.expertUser.id)).cookie;
  cookies.expertEs = (await createTestSession(esUser.id)).cookie;
});

const snapshot = async () => ({
  proposals: await db().proposal.findMany({ orderBy: { id: "asc" } }),
  audits: await db().auditEvent.count(),
  need: await db().need.findUniqueOrThrow({ where: { id: need.id } }),
});

describe("We can help, through the app", () => {
  it("shows which offers fit and why not, volunteers one, and refuses the same pair again", async () => {
    const detail = await send(`/needs/${need.id}`, { cookie: cookies.expert });
    expect(detail.body).toContain(`/needs/${need.id}/help`);

    const page = await send(`/needs/${need.id}/help`, { cookie: cookies.expert });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Legal review of draft laws");
    expect(page.body).toContain("This fits.");
    expect(page.body).toContain("Works across"); // banded reason, no numbers
    expect(page.body).toContain("The offer does not cover the need&#x27;s category.");
    expect(page.body).not.toContain("Confidential: names of the lawyers");

    const es = await send(`/needs/${need.id}/help`, { cookie: cookies.expertEs });
    expect(es.body).toContain("La oferta no cubre la categoría de la necesidad.");

    // Nothing chosen: 400 with the field's message, nothing written.
    let before = await snapshot();
    const none = await send(`/needs/${need.id}/help`, {
      cookie: cookies.expert,
      form: { intent: "volunteer" },
    });
    expect(none.status).toBe(400);
    expect(none.body).toContain("Choose one.");
    // A non-fitting offer forced through the form: 409 with the reason.
    const unfit = await send(`/needs/${need.id}/help`, {
      cookie: cookies.expert,
      form: { intent: "volunteer", offerId: digitalOffer.id },
    });
    expect(unfit.status).toBe(409);
    expect(unfit.body).toContain("The offer does not cover the need&#x27;s category.");
    // Another organisation's offer: 403.
    const foreign = await send(`/needs/${need.id}/help`, {
      cookie: cookies.expert,
      form: { intent: "volunteer", offerId: otherExpertOffer.id },
    });
    expect(foreign.status).toBe(403);
    expect(await snapshot()).toEqual(before);

    const ok = await send(`/needs/${need.id}/help`, {
      cookie: cookies.expert,
      form: { intent: "volunteer", offerId: offer.id },
    });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe(`/needs/${need.id}/help?done=volunteered`);
    const p = await db().proposal.findUniqueOrThrow({
      where: { needId_offerId: { needId: need.id, offerId: offer.id } },
    });
    expect(p).toMatchObject({ status: "proposed", source: "volunteered" });

    before = await snapshot();
    const again = await send(`/needs/${need.id}/help`, {
      cookie: cookies.expert,
      form: { intent: "volunteer", offerId: offer.id },
    });
    expect(again.status).toBe(409);
    expect(again.body).toContain("This offer is already proposed for this need.");
    expect(await snapshot()).toEqual(before);

    // The secretariat's queue shows it, marked as volunteered, with its numbers.
    const queue = await send("/secretariat/review", { cookie: cookies.secretariat });
    expect(queue.body).toContain("Registration law review");
    expect(queue.body).toContain("volunteered by the expert");
  });

  it("is not for the need's own coalition", async () => {
    expect((await send(`/needs/${need.id}/help`, { cookie: cookies.coalition })).status).toBe(403);
  });
});

describe("Ask this expert, through the app", () => {
  it("asks for an offer for an open need, shows coalition reasons, and refuses an excluded organisation", async () => {
    const detail = await send(`/offers/${otherExpertOffer.id}`, { cookie: cookies.coalition });
    expect(detail.body).toContain(`/offers/${otherExpertOffer.id}/ask`);

    const page = await send(`/offers/${otherExpertOffer.id}/ask`, { cookie: cookies.coalition });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Registration law review");
    expect(page.body).toContain("This fits.");

    const ok = await send(`/offers/${otherExpertOffer.id}/ask`, {
      cookie: cookies.coalition,
      form: { intent: "request", needId: need.id },
    });
    expect(ok.status).toBe(302);
    const p = await db().proposal.findUniqueOrThrow({
      where: { needId_offerId: { needId: need.id, offerId: otherExpertOffer.id } },
    });
    expect(p).toMatchObject({ status: "proposed", source: "requested", proposedById: net.coalitionUser.id });
    const after = await send(`/offers/${otherExpertOffer.id}/ask?done=requested`, {
      cookie: cookies.coalition,
    });
    expect(after.body).toContain("Your request is in the secretariat");
    expect(after.body).toContain("Works across"); // a banded reason (its region covers the need)
    // No numbers and nothing of the expert's own data reach the coalition.
    expect(after.body).not.toContain("Fairness");
    expect(after.body).not.toContain("Has capacity this month");

    // An organisation the coalition excluded: refused, nothing written.
    const excluded = await createOffer({
      organisationId: net.expert.id,
      createdById: net.expertUser.id,
      title: "Strategic litigation support",
    });
    await db().exclusion.create({
      data: { coalitionOrganisationId: net.coalition.id, excludedOrganisationId: net.expert.id },
    });
    const before = await snapshot();
    const refused = await send(`/offers/${excluded.id}/ask`, {
      cookie: cookies.coalition,
      form: { intent: "request", needId: need.id },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain("Your coalition excluded this organisation.");
    expect(await snapshot()).toEqual(before);
  });

  it("is not for the offer's own organisation", async () => {
    expect((await send(`/offers/${offer.id}/ask`, { cookie: cookies.expert })).status).toBe(403);
  });
});
