// /needs/:id/experts through the production build: the coalition reads why each expert was proposed, in
// bands and in its language — topic fit (with the topics named), coverage, language, format, dates,
// response time — and nothing drawn from other organisations' data (the expert's track record, load,
// hours or capacity) and no number from the breakdown. The expert, on its own proposal, does see its
// track record.
import { beforeAll, describe, expect, it } from "vitest";
import { runMatchForNeeds } from "~/features/matching/services/matching.server";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import {
  createEngagement,
  createNeed,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";
import { createTestSession } from "../support/sessions";

let needId = "";
let proposalId = "";
const cookies = { coalition: {} as Record<string, string>, expert: "" };

beforeAll(async () => {
  const coalition = await createOrganisation({ kind: "COALITION", countryCode: "MX" });
  const expert = await createOrganisation({ kind: "EXPERT", vettingLevel: "trusted", name: "Centro Legal" });
  const expertUser = await createUser({}, { organisationId: expert.id });
  for (const locale of ["en", "es", "fr"]) {
    const u = await createUser({ locale }, { organisationId: coalition.id });
    cookies.coalition[locale] = (await createTestSession(u.id)).cookie;
  }
  cookies.expert = (await createTestSession(expertUser.id)).cookie;
  const offer = await createOffer({
    organisationId: expert.id,
    createdById: expertUser.id,
    topicIds: ["legal.registration", "legal.foreign_funding"],
    coverageCountries: ["MX"],
    coverageRegions: [],
    languages: ["es"],
    format: "in_person",
    responseTimeDays: 2,
  });
  // a track record with other coalitions: four closed engagements rated 5 by them
  const others = await createOrganisation({ kind: "COALITION", countryCode: "GT" });
  const othersUser = await createUser({}, { organisationId: others.id });
  for (let i = 0; i < 4; i++) {
    const past = await createNeed({
      organisationId: others.id,
      createdById: othersUser.id,
      status: "completed",
    });
    const p = await createProposal({
      needId: past.id,
      offerId: offer.id,
      expertOrganisationId: expert.id,
      status: "confirmed",
    });
    const e = await createEngagement({
      needId: past.id,
      offerId: offer.id,
      proposalId: p.id,
      expertOrganisationId: expert.id,
      coalitionOrganisationId: others.id,
      status: "closed",
      outcome: "achieved",
      closedAt: new Date(),
    });
    await db().engagementFeedback.create({
      data: {
        engagementId: e.id,
        organisationId: others.id,
        authorId: othersUser.id,
        rating: 5,
        comment: "Great",
      },
    });
  }
  const coalitionUser = await createUser({}, { organisationId: coalition.id });
  const need = await createNeed({
    organisationId: coalition.id,
    createdById: coalitionUser.id,
    topicIds: ["legal.registration", "legal.foreign_funding"],
    languages: ["es"],
    format: "in_person",
    urgency: "high",
  });
  needId = need.id;
  await runMatchForNeeds(db(), "need_changed", [need.id]);
  const proposal = await db().proposal.findFirstOrThrow({ where: { needId: need.id, offerId: offer.id } });
  proposalId = proposal.id;
  // approved by the secretariat, accepted by the expert: the coalition now sees it
  await db().proposal.update({
    where: { id: proposal.id },
    data: { status: "accepted", reviewedAt: new Date(), respondedAt: new Date() },
  });
});

describe("banded reasons for the coalition on /needs/:id/experts", () => {
  const expected = {
    en: ["Strong fit with the topics: CSO registration and legal status", "Works in person, as you asked"],
    es: ["Gran afinidad con los temas: Registro y personalidad jurídica de las OSC", "presencial"],
    fr: ["Très bonne adéquation avec les thèmes : Enregistrement et statut juridique des OSC", "présentiel"],
  } as const;
  const otherOrganisationsData = {
    en: ["Good track record", "Has capacity", "Has the hours"],
    es: ["Buenos resultados", "Tiene disponibilidad", "Tiene las horas"],
    fr: ["Bons résultats", "Disponible ce mois", "Dispose des heures"],
  } as const;

  it.each(["en", "es", "fr"] as const)(
    "in %s: topic fit named first, nothing from other organisations",
    async (lng) => {
      const res = await send(`/needs/${needId}/experts`, { cookie: cookies.coalition[lng] });
      expect(res.status).toBe(200);
      const body = res.body.replace(/&#x27;|&#39;/g, "'");
      for (const text of expected[lng]) expect(body).toContain(text);
      for (const text of otherOrganisationsData[lng]) expect(body).not.toContain(text);
      // the reasons are a labelled list, and the topic fit comes first in it
      const list = body.match(/<ul[^>]*aria-label="[^"]*Centro Legal[^"]*"[^>]*>([\s\S]*?)<\/ul>/);
      expect(list).not.toBeNull();
      expect(list![1]!.indexOf(expected[lng][0])).toBeGreaterThanOrEqual(0);
      expect(list![1]!.indexOf(expected[lng][0])).toBeLessThan(list![1]!.indexOf("</li>"));
      // no number of the breakdown reaches the page (its data nor the reasons)
      expect(list![1]).not.toMatch(/\d/);
      expect(body).not.toContain("fairnessPenalty");
      expect(body).not.toContain("expertLoadBefore");
    },
  );

  it("the expert, on its own proposal, sees its track record among the reasons", async () => {
    const res = await send(`/proposals/${proposalId}`, { cookie: cookies.expert });
    expect(res.status).toBe(200);
    expect(res.body).toContain("Good track record");
    expect(res.body).toContain("Strong fit with the topics: CSO registration and legal status");
  });
});
