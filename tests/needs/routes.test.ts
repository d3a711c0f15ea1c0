// Needs and triage through the production build: forms, lifecycle over HTTP, confidentiality per role.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import {
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

type World = Awaited<ReturnType<typeof setup>>;

async function setup() {
  const n = await createNetwork();
  await enableTotpFor(n.secretariatUser.id);
  const unverifiedOrg = await createOrganisation({ kind: "EXPERT", vettingLevel: "unverified" });
  const unverifiedUser = await createUser({}, { organisationId: unverifiedOrg.id });
  const esUser = await createUser({ locale: "es" }, { organisationId: n.coalition.id });
  return {
    ...n,
    cookies: {
      coalition: (await createTestSession(n.coalitionUser.id)).cookie,
      coalitionEs: (await createTestSession(esUser.id)).cookie,
      expert: (await createTestSession(n.expertUser.id)).cookie,
      secretariat: (await createTestSession(n.secretariatUser.id, { twoFactorVerified: true })).cookie,
      unverified: (await createTestSession(unverifiedUser.id)).cookie,
    },
  };
}

const validNeed = {
  title: "Review of the draft foreign-agents law",
  summary: "We need a legal analysis of a draft law restricting foreign funding.",
  details: "TOP-SECRET the names of the lawyers and our strategy",
  outcomeWanted: "TOP-SECRET a written opinion",
  contentLanguage: "es",
  categoryId: "legal",
  topicIds: ["legal.foreign_funding", "legal.registration"],
  countryCode: "MX",
  languages: ["es", "en"],
  urgency: "high",
  wantedBy: "2027-03-01",
  effortHours: "30",
  format: "remote",
  civicContext: "closing",
  visibility: "network",
  expertsWanted: "1",
};

let w: World;
beforeAll(async () => {
  w = await setup();
});

describe("posting and editing needs", () => {
  it("a coalition member posts a need and submits it; the form page renders every field, labelled", async () => {
    const page = await send("/needs/new", { cookie: w.cookies.coalition });
    expect(page.status).toBe(200);
    for (const label of [
      "Title",
      "Summary",
      "Details",
      "Outcome wanted",
      "Category",
      "Country",
      "Working languages",
      "Urgency",
      "Wanted by",
      "Estimated effort (hours)",
      "Format",
      "Civic-space context",
      "Visibility",
      "Experts wanted",
    ]) {
      expect(page.body, label).toMatch(new RegExp(`<label[^>]*>${label.replace(/[()]/g, "\\$&")}`));
    }
    expect(page.body).toContain("Confidential");
    expect(page.body).toContain("Mexico");

    const res = await send("/needs/new", {
      cookie: w.cookies.coalition,
      form: { ...validNeed, intent: "submit" },
    });
    expect(res.status).toBe(302);
    const id = res.location!.match(/\/needs\/([^?]+)/)![1];
    const need = await db().need.findUniqueOrThrow({ where: { id } });
    expect(need).toMatchObject({
      status: "submitted",
      organisationId: w.coalition.id,
      topicIds: validNeed.topicIds,
      languages: ["es", "en"],
      effortHours: 30,
      urgency: "high",
    });
    const shown = await send(res.location!, { cookie: w.cookies.coalition });
    expect(shown.body).toContain("Your need was submitted");
    expect(shown.body).toMatch(/<h1[^>]*lang="es"[^>]*>Review of the draft/);
  });

  it("answers bad input with field errors (422), in the user's language, never a 500", async () => {
    const missing = await send("/needs/new", {
      cookie: w.cookies.coalition,
      form: { ...validNeed, title: "", intent: "draft" },
    });
    expect(missing.status).toBe(422);
    expect(missing.body).toContain("This field is required.");
    expect(missing.body).toMatch(/aria-invalid="true"/);
    const wrongTopic = await send("/needs/new", {
      cookie: w.cookies.coalition,
      form: { ...validNeed, topicIds: ["digital_security.training"] },
    });
    expect(wrongTopic.status).toBe(422);
    expect(wrongTopic.body).toContain("Choose topics of the selected category only.");
    const junk = await send("/needs/new", {
      cookie: w.cookies.coalitionEs,
      form: { ...validNeed, effortHours: "lots", urgency: "extreme" },
    });
    expect(junk.status).toBe(422);
    expect(junk.body).toContain("Introduzca un número entero dentro del rango permitido.");
    const country = await send("/needs/new", {
      cookie: w.cookies.coalitionEs,
      form: { ...validNeed, countryCode: "ZZ" },
    });
    expect(country.status).toBe(422);
    expect(country.body).toContain("Elija un país de la lista.");
  });

  it("only coalition members may post; experts get 403, visitors go to sign in", async () => {
    expect((await send("/needs/new", { cookie: w.cookies.expert })).status).toBe(403);
    expect((await send("/needs/new", { cookie: w.cookies.expert, form: validNeed })).status).toBe(403);
    const visitor = await send("/needs/new");
    expect(visitor.status).toBe(302);
    expect(visitor.location).toContain("/login");
  });

  it("edits a draft, submits it, refuses a second submit with a 409 and changes nothing", async () => {
    const draft = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "draft",
    });
    const edit = await send(`/needs/${draft.id}/edit`, { cookie: w.cookies.coalition });
    expect(edit.status).toBe(200);
    const saved = await send(`/needs/${draft.id}/edit`, {
      cookie: w.cookies.coalition,
      form: { ...validNeed, title: "Edited title", intent: "save" },
    });
    expect(saved.status).toBe(302);
    expect((await db().need.findUniqueOrThrow({ where: { id: draft.id } })).title).toBe("Edited title");
    expect(
      (await send(`/needs/${draft.id}`, { cookie: w.cookies.coalition, form: { intent: "submit" } })).status,
    ).toBe(302);
    const before = await db().need.findUniqueOrThrow({ where: { id: draft.id } });
    const again = await send(`/needs/${draft.id}`, {
      cookie: w.cookies.coalition,
      form: { intent: "submit" },
    });
    expect(again.status).toBe(409);
    expect(again.body).toContain(
      "This action is not possible for a need in its current status. Nothing was changed.",
    );
    expect(await db().need.findUniqueOrThrow({ where: { id: draft.id } })).toEqual(before);
    // Another coalition's member cannot act on it, nor learn that it exists while it is a draft.
    const other = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "draft",
    });
    expect((await send(`/needs/${other.id}`, { cookie: w.cookies.expert })).status).toBe(404);
    expect(
      (await send(`/needs/${other.id}`, { cookie: w.cookies.expert, form: { intent: "withdraw" } })).status,
    ).toBe(404);
    expect((await send(`/needs/${other.id}/edit`, { cookie: w.cookies.expert })).status).toBe(404);
  });

  it("withdraws an open need", async () => {
    const need = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "open",
    });
    const res = await send(`/needs/${need.id}`, {
      cookie: w.cookies.coalition,
      form: { intent: "withdraw" },
    });
    expect(res.status).toBe(302);
    expect((await db().need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe("withdrawn");
  });
});

describe("need pages: what each viewer may see", () => {
  it("shows the summary to verified members, details only to the secretariat (audited) and the owner", async () => {
    const need = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "open",
      details: "TOP-SECRET-DETAILS",
      outcomeWanted: "TOP-SECRET-OUTCOME",
    });
    const expert = await send(`/needs/${need.id}`, { cookie: w.cookies.expert });
    expect(expert.status).toBe(200);
    expect(expert.body).toContain(need.summary);
    expect(expert.body).not.toContain("TOP-SECRET");
    expect(expert.body).toContain(w.coalition.name);

    const auditBefore = await db().auditEvent.count({
      where: { entityId: need.id, action: "need.details_viewed" },
    });
    const owner = await send(`/needs/${need.id}`, { cookie: w.cookies.coalition });
    expect(owner.body).toContain("TOP-SECRET-DETAILS");
    expect(await db().auditEvent.count({ where: { entityId: need.id, action: "need.details_viewed" } })).toBe(
      auditBefore,
    );

    const secretariat = await send(`/needs/${need.id}`, { cookie: w.cookies.secretariat });
    expect(secretariat.body).toContain("TOP-SECRET-DETAILS");
    const events = await db().auditEvent.findMany({
      where: { entityId: need.id, action: "need.details_viewed" },
    });
    expect(events).toHaveLength(auditBefore + 1);
    expect(events.at(-1)?.actorId).toBe(w.secretariatUser.id);

    expect((await send(`/needs/${need.id}`, { cookie: w.cookies.unverified })).status).toBe(404);
    expect((await send(`/needs/${need.id}`)).status).toBe(302);
  });

  it("anonymised needs show 'a coalition in <country>'; secretariat-only needs open to an expert through an approved proposal", async () => {
    const need = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "matching",
      visibility: "secretariat",
      anonymised: true,
    });
    expect((await send(`/needs/${need.id}`, { cookie: w.cookies.expert })).status).toBe(404);
    const offer = await createOffer({ organisationId: w.expert.id, createdById: w.expertUser.id });
    await createProposal({
      needId: need.id,
      offerId: offer.id,
      expertOrganisationId: w.expert.id,
      status: "approved",
    });
    const page = await send(`/needs/${need.id}`, { cookie: w.cookies.expert });
    expect(page.status).toBe(200);
    expect(page.body).toContain("A coalition in Mexico");
    expect(page.body).not.toContain(w.coalition.name);
    expect(page.body).not.toContain(w.coalition.id);
    expect(page.body).not.toContain("Confidential: names");
  });
});

describe("triage over HTTP", () => {
  it("the queue is the secretariat's only; it lists submitted needs most urgent first", async () => {
    const low = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "submitted",
      urgency: "low",
      title: "LOW-URGENCY-NEED",
    });
    const critical = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "submitted",
      urgency: "critical",
      title: "CRITICAL-NEED",
    });
    const page = await send("/secretariat/triage", { cookie: w.cookies.secretariat });
    expect(page.status).toBe(200);
    expect(page.body.indexOf(critical.title)).toBeLessThan(page.body.indexOf(low.title));
    expect((await send("/secretariat/triage", { cookie: w.cookies.coalition })).status).toBe(403);
    // A secretariat member whose session has not passed two-factor authentication is sent to do so.
    const no2fa = await send("/secretariat/triage", {
      cookie: (await createTestSession(w.secretariatUser.id)).cookie,
    });
    expect(no2fa.status).toBe(302);
    expect(no2fa.location).toContain("/login/two-factor");
  });

  it("ask for information → the coalition sees the question, answers and resubmits → open", async () => {
    const need = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "submitted",
      openedAt: null,
    });
    const page = await send(`/needs/${need.id}`, { cookie: w.cookies.secretariat });
    expect(page.body).toContain("Triage decision");
    expect(
      (await send(`/needs/${need.id}`, { cookie: w.cookies.coalition, form: { intent: "open" } })).status,
    ).toBe(403);
    const empty = await send(`/needs/${need.id}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "ask_info", question: "" },
    });
    expect(empty.status).toBe(422);
    const asked = await send(`/needs/${need.id}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "ask_info", question: "Which article worries you most?" },
    });
    expect(asked.status).toBe(302);
    const seen = await send(`/needs/${need.id}`, { cookie: w.cookies.coalition });
    expect(seen.body).toContain("Which article worries you most?");
    expect(seen.body).toContain("Answer and resubmit");
    const answered = await send(`/needs/${need.id}`, {
      cookie: w.cookies.coalition,
      form: { intent: "answer", answer: "Article 12." },
    });
    expect(answered.status).toBe(302);
    expect((await db().need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe("submitted");
    expect(
      (await send(`/needs/${need.id}`, { cookie: w.cookies.secretariat, form: { intent: "open" } })).status,
    ).toBe(302);
    expect((await db().need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe("open");
    const twice = await send(`/needs/${need.id}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "open" },
    });
    expect(twice.status).toBe(409);
  });

  it("decline needs a reason; the coalition then sees it with the referral", async () => {
    const need = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "submitted",
    });
    const noReason = await send(`/needs/${need.id}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "decline", reason: " " },
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body).toContain("This field is required.");
    expect((await db().need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe("submitted");
    await send(`/needs/${need.id}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "decline", reason: "Outside our scope", referral: "Ask the bar association" },
    });
    const page = await send(`/needs/${need.id}`, { cookie: w.cookies.coalitionEs });
    expect(page.body).toContain("Motivo del rechazo");
    expect(page.body).toContain("Outside our scope");
    expect(page.body).toContain("Ask the bar association");
  });

  it("an unknown intent is a 400", async () => {
    const need = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "submitted",
    });
    expect(
      (await send(`/needs/${need.id}`, { cookie: w.cookies.coalition, form: { intent: "explode" } })).status,
    ).toBe(400);
  });
});

describe("needs board over HTTP", () => {
  it("is addressable by URL, localised, and lists only visible needs", async () => {
    const mine = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "open",
      title: "BOARD-LEGAL-NEED",
      categoryId: "legal",
      contentLanguage: "es",
    });
    await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "open",
      title: "BOARD-ADVOCACY-NEED",
      categoryId: "advocacy",
      topicIds: [],
    });
    await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      status: "open",
      visibility: "secretariat",
      title: "BOARD-HIDDEN-NEED",
    });
    const res = await send("/needs?category=legal&sort=urgency", { cookie: w.cookies.expert });
    expect(res.status).toBe(200);
    expect(res.body).toContain("BOARD-LEGAL-NEED");
    expect(res.body).not.toContain("BOARD-ADVOCACY-NEED");
    expect(res.body).not.toContain("BOARD-HIDDEN-NEED");
    expect(res.body).toMatch(new RegExp(`<a(?=[^>]*href="/needs/${mine.id}")(?=[^>]*lang="es")`));
    expect(res.body).toMatch(/<option value="legal" selected="">Legal \(\d+\)<\/option>/);
    expect(res.body).not.toContain("Confidential: names");
    const es = await send("/needs", { cookie: w.cookies.coalitionEs });
    expect(es.body).toContain("Necesidades");
    expect(es.body).toContain("Aplicar filtros");
    expect((await send("/needs")).status).toBe(302);
    const own = await send("/needs/mine", { cookie: w.cookies.coalition });
    expect(own.body).toContain("My needs");
    expect(own.body).toContain("BOARD-HIDDEN-NEED");
  });
});
