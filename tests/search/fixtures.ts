// A small multilingual network for the search contract: Spanish, French and English text with accents,
// every visibility case, and secrets planted where search must never look (details, outcome wanted,
// the name of the coalition behind an anonymised need).
import type { Viewer, ViewerMembership } from "~/features/auth/policy";
import {
  createNeed,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";

export const SECRET_DETAILS = "Contraseña del servidor: zafiroconfidencial";
export const SECRET_OUTCOME = "Resultado esperado: obsidianasecreta";
export const HIDDEN_COALITION_NAME = "Coalición Quetzalfantasma";

const day = (d: number) => new Date(Date.UTC(2026, 9, d, 12, 0, 0));

export async function createSearchFixtures() {
  const coalitionA = await createOrganisation({
    kind: "COALITION",
    name: HIDDEN_COALITION_NAME,
    countryCode: "MX",
  });
  const coalitionB = await createOrganisation({
    kind: "COALITION",
    name: "Plateforme des ONG du Sénégal",
    countryCode: "SN",
    languages: ["fr"],
  });
  const unverified = await createOrganisation({
    kind: "COALITION",
    name: "Colectivo nuevo",
    countryCode: "CO",
    vettingLevel: "unverified",
    vettedAt: null,
  });
  const expert = await createOrganisation({
    kind: "EXPERT",
    name: "Lex Civic Centre",
    vettingLevel: "trusted",
    countryCode: null,
  });
  const expert2 = await createOrganisation({
    kind: "EXPERT",
    name: "Red de Seguridad",
    vettingLevel: "verified",
    countryCode: null,
  });
  const secretariat = await createOrganisation({
    kind: "SECRETARIAT",
    name: "Secretariat",
    countryCode: null,
  });
  const userA = await createUser({}, { organisationId: coalitionA.id });
  const userB = await createUser({}, { organisationId: coalitionB.id });
  const userU = await createUser({}, { organisationId: unverified.id });
  const userE = await createUser({}, { organisationId: expert.id });
  const userE2 = await createUser({}, { organisationId: expert2.id });

  const a = { organisationId: coalitionA.id, createdById: userA.id };
  const n1 = await createNeed({
    ...a,
    title: "Registro legal de la organización",
    summary:
      "Necesitamos apoyo jurídico para el registro de nuestra organización ante la nueva ley de asociaciones civiles.",
    details: SECRET_DETAILS,
    outcomeWanted: SECRET_OUTCOME,
    categoryId: "legal",
    topicIds: ["legal.registration"],
    countryCode: "MX",
    languages: ["es"],
    contentLanguage: "es",
    urgency: "high",
    openedAt: day(1),
  });
  const n2 = await createNeed({
    ...a,
    title: "Seguridad digital para periodistas",
    summary: "Capacitación en seguridad digital y protección de cuentas para el equipo de comunicación.",
    details: SECRET_DETAILS,
    categoryId: "digital_security",
    topicIds: ["digital_security.devices_accounts", "digital_security.training"],
    countryCode: "MX",
    languages: ["es", "en"],
    contentLanguage: "es",
    urgency: "critical",
    openedAt: day(2),
  });
  const n3 = await createNeed({
    ...a,
    title: "Borrador sobre la organización interna",
    summary: "Todavía no está listo.",
    status: "draft",
    openedAt: null,
    submittedAt: null,
  });
  const n4 = await createNeed({
    ...a,
    title: "Protección de defensores en riesgo",
    summary: "Estrategia de protección para defensoras amenazadas en el norte del país.",
    details: SECRET_DETAILS,
    categoryId: "advocacy",
    topicIds: ["advocacy.hrd_protection"],
    countryCode: "MX",
    languages: ["es"],
    urgency: "critical",
    visibility: "secretariat",
    anonymised: true,
    openedAt: day(3),
  });
  const n5 = await createNeed({
    ...a,
    title: "Revisión de la ley de financiamiento extranjero",
    summary: "Análisis de la iniciativa que limita el financiamiento extranjero de las organizaciones.",
    categoryId: "legal",
    topicIds: ["legal.foreign_funding"],
    countryCode: "MX",
    languages: ["es"],
    urgency: "normal",
    status: "submitted",
    openedAt: null,
    submittedAt: day(4),
  });
  const n6 = await createNeed({
    organisationId: coalitionB.id,
    createdById: userB.id,
    title: "Défense juridique des organisations de la société civile",
    summary:
      "Notre coalition cherche un appui pour contester la loi sur le financement étranger des associations.",
    details: SECRET_DETAILS,
    categoryId: "legal",
    topicIds: ["legal.foreign_funding", "legal.strategic_litigation"],
    countryCode: "SN",
    languages: ["fr"],
    contentLanguage: "fr",
    urgency: "normal",
    openedAt: day(5),
  });
  const n7 = await createNeed({
    organisationId: coalitionB.id,
    createdById: userB.id,
    title: "Demande retirée sur l'organisation",
    summary: "Retirée.",
    status: "withdrawn",
  });
  const u1 = await createNeed({
    organisationId: unverified.id,
    createdById: userU.id,
    title: "Organización comunitaria de mujeres",
    summary: "Mujeres & jóvenes <líderes> buscan incidencia ante el Examen Periódico Universal.",
    categoryId: "advocacy",
    topicIds: ["advocacy.un_mechanisms"],
    countryCode: "CO",
    languages: ["es"],
    urgency: "low",
    openedAt: day(6),
  });

  const e = { organisationId: expert.id, createdById: userE.id };
  const o1 = await createOffer({
    ...e,
    title: "Legal review of NGO registration laws",
    description:
      "We review draft laws on the registration of civil-society organizations and on foreign funding.",
    contentLanguage: "en",
    categoryIds: ["legal"],
    topicIds: ["legal.registration", "legal.foreign_funding"],
    coverageRegions: ["latin_america_caribbean"],
    coverageCountries: [],
    languages: ["es", "en"],
    publishedAt: day(7),
  });
  const o2 = await createOffer({
    organisationId: expert2.id,
    createdById: userE2.id,
    // Written without accents on purpose: "formación" must still find it.
    title: "Formacion en seguridad digital",
    description: "Talleres de proteccion de cuentas y dispositivos para organizaciones de la sociedad civil.",
    contentLanguage: "es",
    categoryIds: ["digital_security"],
    topicIds: ["digital_security.devices_accounts", "digital_security.training"],
    coverageCountries: ["MX", "CO"],
    coverageRegions: [],
    languages: ["es"],
    status: "paused",
    publishedAt: day(8),
  });
  const o3 = await createOffer({
    ...e,
    title: "Borrador de oferta sobre organización",
    status: "draft",
    publishedAt: null,
  });
  const o4 = await createOffer({
    ...e,
    title: "Litigio estratégico regional",
    description: "Acompañamiento en litigio estratégico ante el sistema interamericano.",
    categoryIds: ["legal"],
    topicIds: ["legal.strategic_litigation"],
    coverageGlobal: true,
    coverageRegions: [],
    languages: ["es"],
    status: "retired",
    publishedAt: day(9),
  });
  // The secretariat approved expert's offer o1 for the secretariat-only need n4: the expert may see it.
  await createProposal({
    needId: n4.id,
    offerId: o1.id,
    expertOrganisationId: expert.id,
    status: "approved",
  });

  const member = (org: {
    id: string;
    kind: ViewerMembership["kind"];
    vettingLevel: ViewerMembership["vettingLevel"];
  }): ViewerMembership => ({
    organisationId: org.id,
    kind: org.kind,
    vettingLevel: org.vettingLevel,
    role: "member",
  });
  const viewers = {
    visitor: null as Viewer,
    coalitionA: { userId: userA.id, memberships: [member(coalitionA)], twoFactorVerified: true } as Viewer,
    unverified: { userId: userU.id, memberships: [member(unverified)], twoFactorVerified: true } as Viewer,
    expert: { userId: userE.id, memberships: [member(expert)], twoFactorVerified: true } as Viewer,
    expert2: { userId: userE2.id, memberships: [member(expert2)], twoFactorVerified: true } as Viewer,
    secretariat: { userId: "sec", memberships: [member(secretariat)], twoFactorVerified: true } as Viewer,
  };
  return {
    orgs: { coalitionA, coalitionB, unverified, expert, expert2, secretariat },
    needs: { n1, n2, n3, n4, n5, n6, n7, u1 },
    offers: { o1, o2, o3, o4 },
    viewers,
  };
}

export type SearchFixtures = Awaited<ReturnType<typeof createSearchFixtures>>;
