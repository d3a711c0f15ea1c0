// Test factories: one function per model, sensible defaults, every field overridable. They write to the
// per-file test database through the same Prisma client the app uses.
import { randomBytes } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";

let counter = 0;
const seq = () => `${++counter}-${randomBytes(3).toString("hex")}`;

export async function createOrganisation(data: Partial<Prisma.OrganisationUncheckedCreateInput> = {}) {
  const kind = data.kind ?? "COALITION";
  return db().organisation.create({
    data: {
      kind,
      name: data.name ?? `${kind.toLowerCase()} org ${seq()}`,
      countryCode: kind === "COALITION" ? "MX" : null,
      languages: ["es", "en"],
      vettingLevel: "verified",
      vettedAt: new Date(),
      ...data,
    },
  });
}

export async function createUser(
  data: Partial<Prisma.UserUncheckedCreateInput> = {},
  membership?: { organisationId: string; role?: "member" | "admin" },
) {
  const user = await db().user.create({
    data: {
      email: data.email ?? `user-${seq()}@example.org`,
      name: data.name ?? `User ${seq()}`,
      emailVerifiedAt: new Date(),
      ...data,
    },
  });
  if (membership) {
    await db().membership.create({
      data: { userId: user.id, organisationId: membership.organisationId, role: membership.role ?? "member" },
    });
  }
  return user;
}

export async function createNeed(
  data: Partial<Prisma.NeedUncheckedCreateInput> & { organisationId: string; createdById: string },
) {
  return db().need.create({
    data: {
      title: `Need ${seq()}`,
      summary: "Help with the new registration law for civil-society organisations.",
      details: "Confidential: names of the lawyers involved and the coalition's strategy.",
      categoryId: "legal",
      topicIds: ["legal.registration"],
      countryCode: "MX",
      languages: ["es"],
      contentLanguage: "es",
      status: "open",
      openedAt: new Date(),
      submittedAt: new Date(),
      ...data,
    },
  });
}

export async function createOffer(
  data: Partial<Prisma.OfferUncheckedCreateInput> & { organisationId: string; createdById: string },
) {
  return db().offer.create({
    data: {
      title: `Offer ${seq()}`,
      description: "Legal review of draft laws affecting civil society.",
      categoryIds: ["legal"],
      topicIds: ["legal.registration", "legal.legislative_drafting"],
      coverageRegions: ["latin_america_caribbean"],
      languages: ["es", "en"],
      hoursPerMonth: 20,
      maxConcurrent: 2,
      availableFrom: new Date("2026-01-01"),
      status: "active",
      publishedAt: new Date(),
      ...data,
    },
  });
}

export async function createProposal(
  data: Partial<Prisma.ProposalUncheckedCreateInput> & {
    needId: string;
    offerId: string;
    expertOrganisationId: string;
  },
) {
  return db().proposal.create({ data: { score: 70, breakdown: {}, ...data } });
}

export async function createEngagement(
  data: Partial<Prisma.EngagementUncheckedCreateInput> & {
    needId: string;
    offerId: string;
    proposalId: string;
    expertOrganisationId: string;
    coalitionOrganisationId: string;
  },
) {
  return db().engagement.create({ data });
}

/** A small network: a secretariat, a coalition and an expert organisation with one user each. */
export async function createNetwork() {
  const secretariat = await createOrganisation({
    kind: "SECRETARIAT",
    name: `Secretariat ${seq()}`,
    countryCode: null,
  });
  const coalition = await createOrganisation({ kind: "COALITION", countryCode: "MX" });
  const expert = await createOrganisation({
    kind: "EXPERT",
    vettingLevel: "trusted",
    coverageRegions: ["latin_america_caribbean"],
  });
  const secretariatUser = await createUser({}, { organisationId: secretariat.id, role: "admin" });
  const coalitionUser = await createUser({}, { organisationId: coalition.id, role: "admin" });
  const expertUser = await createUser({}, { organisationId: expert.id, role: "admin" });
  return { secretariat, coalition, expert, secretariatUser, coalitionUser, expertUser };
}

/**
 * Removes marketplace rows (needs, offers and everything hanging off them) so a test starts from an empty
 * market in this file's database. Organisations, users and the audit log stay.
 */
export async function resetMarketplace() {
  await db().$transaction([
    db().engagementFeedback.deleteMany(),
    db().engagementUpdate.deleteMany(),
    db().engagement.deleteMany(),
    db().proposal.deleteMany(),
    db().matchRun.deleteMany(),
    db().triageMessage.deleteMany(),
    db().exclusion.deleteMany(),
    db().need.deleteMany(),
    db().offer.deleteMany(),
    db().outboxEvent.deleteMany(),
  ]);
}
