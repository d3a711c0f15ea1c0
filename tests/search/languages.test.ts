// Search across English, Spanish and French (issue 18, ADR 0012): the examples a new user tried, on the
// boards and on the SearchIndex, with documents written in one language and queries in another.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/features/auth/policy";
import { loadNeedsBoard, parseNeedBoardParams } from "~/features/needs/services/needs-board.server";
import { loadOffersBoard, parseOfferBoardParams } from "~/features/offers/services/offers-board.server";
import { getSearchIndex } from "~/features/search/index.server";
import { syncSearchEntity } from "~/features/search/services/indexing.server";
import { LEXICON_VERSION, PgSearchIndex } from "~/features/search/services/pg-search-index.server";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";
import { createNeed, createNetwork, createOffer } from "../support/factories";

afterAll(() => closeSqlPools());

let viewer: Viewer;
const needs: Record<string, string> = {};
const offers: Record<string, string> = {};

beforeAll(async () => {
  const n = await createNetwork();
  const need = async (
    key: string,
    data: Parameters<typeof createNeed>[0] extends infer T ? Partial<T> : never,
  ) => {
    const row = await createNeed({
      organisationId: n.coalition.id,
      createdById: n.coalitionUser.id,
      ...data,
    });
    needs[key] = row.id;
  };
  const offer = async (key: string, data: Record<string, unknown>) => {
    const row = await createOffer({ organisationId: n.expert.id, createdById: n.expertUser.id, ...data });
    offers[key] = row.id;
  };
  await need("spyEs", {
    title: "Programas espía en los teléfonos de las defensoras",
    summary: "Sospechamos infecciones con programas espía después de una campaña de hostigamiento.",
    contentLanguage: "es",
    categoryId: "digital_security",
    topicIds: ["digital_security.devices_accounts"],
  });
  await need("securityFr", {
    title: "Sécurité numérique pour une radio communautaire",
    summary: "La radio veut protéger ses comptes et ses appareils.",
    contentLanguage: "fr",
    languages: ["fr"],
    categoryId: "digital_security",
    topicIds: ["digital_security.devices_accounts"],
  });
  await need("securityEn", {
    title: "Securing the accounts of a women's network",
    summary: "An audit of devices and passwords before the elections.",
    contentLanguage: "en",
    languages: ["en"],
    categoryId: "digital_security",
    topicIds: ["digital_security.assessment"],
  });
  await need("associationsEs", {
    title: "Reforma a la ley de asociaciones",
    summary: "El congreso discute cambios que obligarían a las asociaciones a registrarse de nuevo.",
    contentLanguage: "es",
    categoryId: "legal",
    topicIds: ["legal.legislative_drafting"],
  });
  await need("associationEs", {
    title: "Estatutos de una asociación vecinal",
    summary: "Una asociación de barrio necesita revisar sus estatutos.",
    contentLanguage: "es",
    categoryId: "legal",
    topicIds: ["legal.tax_philanthropy"],
  });
  await need("associationEn", {
    title: "Freedom of association under the new NGO law",
    summary: "The law lets the ministry dissolve organisations without a court order.",
    contentLanguage: "en",
    languages: ["en"],
    categoryId: "legal",
    topicIds: ["legal.foreign_funding"],
  });
  await need("civicEs", {
    title: "Campaña de comunicación",
    summary: "Queremos explicar al público qué es el espacio cívico y por qué se cierra.",
    contentLanguage: "es",
    categoryId: "advocacy",
    topicIds: ["advocacy.campaign_media"],
  });
  await offer("helpdeskEn", {
    title: "Digital security helpdesk",
    description: "Round-the-clock help for organisations whose accounts or devices are attacked.",
    contentLanguage: "en",
    categoryIds: ["digital_security"],
    topicIds: ["digital_security.incident_forensics"],
  });
  await offer("trainingEs", {
    title: "Acompañamiento en seguridad digital",
    description: "Talleres y diagnósticos para equipos de organizaciones sociales.",
    contentLanguage: "es",
    categoryIds: ["digital_security"],
    topicIds: ["digital_security.training"],
  });
  await offer("legalEn", {
    title: "Legal analysis of draft laws",
    description: "Comparative analysis of international standards.",
    contentLanguage: "en",
    categoryIds: ["legal"],
    topicIds: ["legal.legislative_drafting"],
  });
  for (const id of Object.values(needs)) await syncSearchEntity(db(), getSearchIndex(), "need", id);
  for (const id of Object.values(offers)) await syncSearchEntity(db(), getSearchIndex(), "offer", id);
  viewer = {
    userId: n.expertUser.id,
    twoFactorVerified: false,
    memberships: [{ organisationId: n.expert.id, kind: "EXPERT", vettingLevel: "trusted", role: "member" }],
  };
});

const needIds = async (q: string) =>
  (
    await loadNeedsBoard(viewer, parseNeedBoardParams(new URL(`http://x/needs?q=${encodeURIComponent(q)}`)))
  ).items
    .map((i) => i.id)
    .sort();
const offerIds = async (q: string) =>
  (
    await loadOffersBoard(
      viewer,
      parseOfferBoardParams(new URL(`http://x/offers?q=${encodeURIComponent(q)}`)),
    )
  ).items
    .map((i) => i.id)
    .sort();
const of = (map: Record<string, string>, ...keys: string[]) => keys.map((k) => map[k]!).sort();

describe("search across languages (the issue's examples)", () => {
  it('"sécurité numérique" finds the digital-security offers written in English and Spanish', async () => {
    expect(await offerIds("sécurité numérique")).toEqual(of(offers, "helpdeskEn", "trainingEs"));
    expect(await offerIds("securite numerique")).toEqual(of(offers, "helpdeskEn", "trainingEs"));
  });

  it('"digital security" and "spyware" find needs written in Spanish and French', async () => {
    expect(await needIds("digital security")).toEqual(of(needs, "spyEs", "securityFr", "securityEn"));
    expect(await needIds("spyware")).toEqual(of(needs, "spyEs"));
    // As before: the Spanish word finds the Spanish need.
    expect(await needIds("espía")).toEqual(of(needs, "spyEs"));
    expect(await needIds("logiciels espions")).toEqual(of(needs, "spyEs"));
  });

  it('"asociaciones" finds what "asociación" finds: plural and singular, in every language', async () => {
    const plural = await needIds("asociaciones");
    const singular = await needIds("asociación");
    expect(plural).toEqual(of(needs, "associationsEs", "associationEs", "associationEn"));
    expect(singular).toEqual(plural);
    expect(await needIds("associations")).toEqual(plural);
    expect(await needIds("association")).toEqual(plural);
  });

  it("stems words in the document's language: plural and singular match", async () => {
    expect(await needIds("defensora")).toEqual(of(needs, "spyEs"));
    expect(await needIds("estatuto")).toEqual(of(needs, "associationEs"));
    expect(await needIds("ministries")).toEqual(of(needs, "associationEn"));
    expect(await needIds("radios communautaires")).toEqual(of(needs, "securityFr"));
  });

  it("finds concepts of the lexicon and taxonomy labels in the other languages", async () => {
    expect(await needIds("espace civique")).toEqual(of(needs, "civicEs"));
    expect(await needIds("civic space")).toEqual(of(needs, "civicEs"));
    expect(await needIds("ONG")).toEqual(of(needs, "associationEn"));
    // Topic labels: "Campaign and media strategy" / "Estrategia de campañas y medios".
    expect(await needIds("media strategy")).toEqual(of(needs, "civicEs"));
    expect(await needIds("juridique")).toEqual(of(needs, "associationsEs", "associationEs", "associationEn"));
  });

  it("keeps accents and typos working", async () => {
    expect(await needIds("asociacion")).toContain(needs.associationEs);
    expect(await needIds("sécurite numerique")).toEqual(of(needs, "spyEs", "securityFr", "securityEn"));
    expect(await needIds("espia")).toEqual(of(needs, "spyEs"));
    expect(await needIds("seguridad digitl")).toEqual(of(needs, "spyEs", "securityFr", "securityEn"));
  });

  it("marks the words found through their stems on the board's cards", async () => {
    const cards = async (q: string) =>
      new Map(
        (
          await loadNeedsBoard(
            viewer,
            parseNeedBoardParams(new URL(`http://x/needs?q=${encodeURIComponent(q)}`)),
          )
        ).items.map((i) => [i.id, i.highlight]),
      );
    // Spanish plural → singular with its accent (stemmed with accents: asoci).
    const plural = await cards("asociaciones");
    expect(plural.get(needs.associationEs!)?.titleHtml).toContain("una <mark>asociación</mark> vecinal");
    expect(plural.get(needs.associationEs!)?.snippet).toContain("Una <mark>asociación</mark>");
    // A word outside the lexicon: singular → plural.
    expect((await cards("defensora")).get(needs.spyEs!)?.titleHtml).toBe(
      "Programas espía en los teléfonos de las <mark>defensoras</mark>",
    );
    // Typed without accents, in French: stemmed from the unaccented text (secur, numer).
    const french = await cards("securite numerique");
    expect(french.get(needs.securityFr!)?.titleHtml).toBe(
      "<mark>Sécurité</mark> <mark>numérique</mark> pour une radio communautaire",
    );
    // English plural → singular.
    const ministries = await cards("ministries");
    expect(ministries.get(needs.associationEn!)?.snippet).toContain("the <mark>ministry</mark> dissolve");
    // The words as written are still marked as before.
    expect((await cards("estatutos")).get(needs.associationEs!)?.titleHtml).toBe(
      "<mark>Estatutos</mark> de una asociación vecinal",
    );
  });

  it("does not find unrelated documents", async () => {
    expect(await needIds("radio")).toEqual(of(needs, "securityFr"));
    expect(await offerIds("helpdesk")).toEqual(of(offers, "helpdeskEn"));
    expect(await offerIds("zzzqqq")).toEqual([]);
  });
});

describe("concepts named by their lexeme (ADR 0012)", () => {
  // Every document above was indexed with this code's lexicon; a full reindex records that in
  // SearchIndexState, and queries then name a concept by its '~c<group>' lexeme instead of its phrases.
  const QUERIES = [
    "sécurité numérique",
    "securite numerique",
    "digital security",
    "spyware",
    "logiciels espions",
    "asociaciones",
    "association",
    "defensora",
    "espace civique",
    "civic space",
    "ONG",
    "media strategy",
    "sécurite numerique",
    "seguridad digitl",
    "freedom of association",
    "human rights defenders",
    "foreign agents law",
  ];
  const recorded = (value: string) =>
    db().searchIndexState.upsert({
      where: { key: "lexicon" },
      create: { key: "lexicon", value },
      update: { value },
    });
  /** The tsquery a text reaches the boards as (by default through the app's index). */
  const tsqueryOf = async (text: string, index = getSearchIndex()) => {
    const match = await index.textMatch({ text, entityType: "need" }, { kind: "all" });
    return match.kind === "tsquery" ? match.tsquery : "";
  };
  const answers = async () =>
    Promise.all(QUERIES.map(async (q) => ({ q, needs: await needIds(q), offers: await offerIds(q) })));

  afterAll(() => db().searchIndexState.deleteMany({ where: { key: "lexicon" } }));

  it("finds the same documents through the lexemes as through every phrase, and marks the same words", async () => {
    await db().searchIndexState.deleteMany({ where: { key: "lexicon" } });
    expect(await tsqueryOf("digital security")).not.toContain("~c");
    const byPhrases = await answers();
    expect(byPhrases.find((a) => a.q === "digital security")?.needs).toEqual(
      of(needs, "spyEs", "securityFr", "securityEn"),
    );

    await recorded(LEXICON_VERSION);
    // One lexeme for the concept instead of its phrases in three languages.
    const compact = await tsqueryOf("digital security");
    expect(compact).toContain("'~c");
    const phrases = await tsqueryOf("digital security", new PgSearchIndex(db(), { concepts: false }));
    expect(compact.length).toBeLessThan(phrases.length / 2);
    expect(await answers()).toEqual(byPhrases);
    // Marks still come from the phrases: the concept's words are marked in the other languages.
    const cards = await loadNeedsBoard(
      viewer,
      parseNeedBoardParams(new URL(`http://x/needs?q=${encodeURIComponent("digital security")}`)),
    );
    expect(cards.items.find((i) => i.id === needs.securityFr)?.highlight?.titleHtml).toBe(
      "<mark>Sécurité</mark> <mark>numérique</mark> pour une radio communautaire",
    );
  });

  it("names every phrase again while the index was rebuilt with another lexicon", async () => {
    await recorded("an older lexicon");
    expect(await tsqueryOf("digital security")).not.toContain("~c");
    expect(await needIds("spyware")).toEqual(of(needs, "spyEs"));
  });
});
