// "We can help" and "Ask this expert" (issue 17) against a real database: a volunteered or requested
// proposal carries the matcher's own breakdown and joins the secretariat's review queue; every refusal
// leaves the database exactly as it was.
import { beforeEach, describe, expect, it } from "vitest";
import { scoreNeedOfferPair } from "~/features/matching/services/matching.server";
import { explain } from "~/features/matching/core";
import {
  ReachOutRefusedError,
  requestOffer,
  volunteerOffer,
  type ReachActor,
} from "~/features/outreach/services/reach-out.server";
import { loadReviewQueue } from "~/features/review/services/queries.server";
import { db, type Tx } from "~/utils/db.server";
import {
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
  resetMarketplace,
} from "../support/factories";
import { viewerOf } from "../review/helpers";

const tx = <T>(fn: (tx: Tx) => Promise<T>) => db().$transaction(fn);

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ReachOutRefusedError)
      return { code: error.code, all: error.refusals, status: error.status };
    throw error;
  }
  throw new Error("expected a refusal");
}

/** Everything a refused attempt could have touched. */
async function snapshot() {
  const [proposals, needs, audits, outbox] = await Promise.all([
    db().proposal.findMany({ orderBy: { id: "asc" } }),
    db().need.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, updatedAt: true } }),
    db().auditEvent.count(),
    db().outboxEvent.count(),
  ]);
  return { proposals, needs, audits, outbox };
}

async function world() {
  await resetMarketplace();
  const net = await createNetwork();
  const need = await createNeed({ organisationId: net.coalition.id, createdById: net.coalitionUser.id });
  const offer = await createOffer({ organisationId: net.expert.id, createdById: net.expertUser.id });
  const verifiedExpert = await createOrganisation({
    kind: "EXPERT",
    vettingLevel: "verified",
    coverageGlobal: true,
  });
  const verifiedUser = await createUser({}, { organisationId: verifiedExpert.id, role: "member" });
  const verifiedOffer = await createOffer({
    organisationId: verifiedExpert.id,
    createdById: verifiedUser.id,
    coverageGlobal: true,
    coverageRegions: [],
  });
  const expert: ReachActor = {
    viewer: viewerOf(net.expertUser.id, [{ id: net.expert.id, kind: "EXPERT", vettingLevel: "trusted" }]),
  };
  const verified: ReachActor = {
    viewer: viewerOf(verifiedUser.id, [{ id: verifiedExpert.id, kind: "EXPERT", vettingLevel: "verified" }]),
  };
  const coalition: ReachActor = {
    viewer: viewerOf(net.coalitionUser.id, [{ id: net.coalition.id, kind: "COALITION" }]),
  };
  return { net, need, offer, verifiedExpert, verifiedUser, verifiedOffer, expert, verified, coalition };
}

describe("We can help", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeEach(async () => {
    w = await world();
  });

  it("creates a volunteered proposal scored and explained by the matcher, into the review queue", async () => {
    const now = new Date();
    const expected = await tx((t) => scoreNeedOfferPair(t, w.need.id, w.offer.id, { now }));
    const made = await tx((t) =>
      volunteerOffer(t, w.expert, { needId: w.need.id, offerId: w.offer.id }, now),
    );
    const p = await db().proposal.findUniqueOrThrow({ where: { id: made.id } });
    expect(p.status).toBe("proposed");
    expect(p.source).toBe("volunteered");
    expect(p.proposedById).toBe(w.net.expertUser.id);
    expect(p.expertOrganisationId).toBe(w.net.expert.id);
    expect(p.reviewedAt).toBeNull();
    expect(p.score).toBeCloseTo(expected!.breakdown.score, 6);
    expect(JSON.parse(JSON.stringify(p.breakdown))).toEqual(JSON.parse(JSON.stringify(expected!.breakdown)));
    expect(explain(expected!.breakdown).map((r) => r.code)).toContain("covers_region");
    expect((await db().need.findUniqueOrThrow({ where: { id: w.need.id } })).status).toBe("matching");
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "proposal.volunteered" } });
    expect(event).toMatchObject({
      entityId: p.id,
      actorId: w.net.expertUser.id,
      organisationId: w.net.expert.id,
    });
    const queue = await loadReviewQueue(db(), { page: 1 });
    const candidate = queue.groups.flatMap((g) => g.candidates).find((c) => c.id === p.id);
    expect(candidate?.source).toBe("volunteered");
  });

  it("refuses when the need requires trusted experts and the organisation is only verified", async () => {
    await db().country.update({ where: { code: "NI" }, data: { civicSpaceRating: "repressed" } });
    const need = await createNeed({
      organisationId: w.net.coalition.id,
      createdById: w.net.coalitionUser.id,
      countryCode: "NI",
    });
    const before = await snapshot();
    const r = await refusal(
      tx((t) => volunteerOffer(t, w.verified, { needId: need.id, offerId: w.verifiedOffer.id })),
    );
    expect(r).toMatchObject({ code: "trustedRequired", status: 409 });
    expect(await snapshot()).toEqual(before);
    await db().country.update({ where: { code: "NI" }, data: { civicSpaceRating: "narrowed" } });
  });

  it("refuses an organisation the coalition excluded", async () => {
    await db().exclusion.create({
      data: {
        coalitionOrganisationId: w.net.coalition.id,
        excludedOrganisationId: w.net.expert.id,
        reason: "x",
      },
    });
    const before = await snapshot();
    const r = await refusal(
      tx((t) => volunteerOffer(t, w.expert, { needId: w.need.id, offerId: w.offer.id })),
    );
    expect(r.code).toBe("excluded");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a full offer", async () => {
    const full = await createOffer({
      organisationId: w.net.expert.id,
      createdById: w.net.expertUser.id,
      maxConcurrent: 1,
    });
    const other = await createNeed({
      organisationId: w.net.coalition.id,
      createdById: w.net.coalitionUser.id,
    });
    await createProposal({
      needId: other.id,
      offerId: full.id,
      expertOrganisationId: w.net.expert.id,
      status: "approved",
      reviewedAt: new Date(),
    });
    const before = await snapshot();
    const r = await refusal(tx((t) => volunteerOffer(t, w.expert, { needId: w.need.id, offerId: full.id })));
    expect(r.code).toBe("offerFull");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses when a live proposal for the pair exists, and a pair declined before", async () => {
    await createProposal({ needId: w.need.id, offerId: w.offer.id, expertOrganisationId: w.net.expert.id });
    let before = await snapshot();
    let r = await refusal(tx((t) => volunteerOffer(t, w.expert, { needId: w.need.id, offerId: w.offer.id })));
    expect(r.code).toBe("liveProposal");
    expect(await snapshot()).toEqual(before);

    await db().proposal.updateMany({ where: { needId: w.need.id }, data: { status: "declined_by_expert" } });
    before = await snapshot();
    r = await refusal(tx((t) => volunteerOffer(t, w.expert, { needId: w.need.id, offerId: w.offer.id })));
    expect(r.code).toBe("declinedPair");
    expect(await snapshot()).toEqual(before);
  });

  it("says why an offer does not fit, refuses another organisation's offer, and hides needs the expert may not see", async () => {
    const digital = await createOffer({
      organisationId: w.net.expert.id,
      createdById: w.net.expertUser.id,
      categoryIds: ["digital_security"],
      languages: ["fr"],
      coverageRegions: ["europe_central_asia"],
    });
    const hidden = await createNeed({
      organisationId: w.net.coalition.id,
      createdById: w.net.coalitionUser.id,
      visibility: "secretariat",
    });
    const before = await snapshot();
    const r = await refusal(
      tx((t) => volunteerOffer(t, w.expert, { needId: w.need.id, offerId: digital.id })),
    );
    expect(r.all).toEqual(expect.arrayContaining(["category", "language", "coverage"]));
    expect(r.code).toBe("category");
    // someone else's offer
    const other = await refusal(
      tx((t) => volunteerOffer(t, w.expert, { needId: w.need.id, offerId: w.verifiedOffer.id })),
    );
    expect(other).toMatchObject({ code: "forbidden", status: 403 });
    // a need for the secretariat's eyes only: it does not exist for the expert
    const nf = await refusal(
      tx((t) => volunteerOffer(t, w.expert, { needId: hidden.id, offerId: w.offer.id })),
    );
    expect(nf).toMatchObject({ code: "notFound", status: 404 });
    expect(await snapshot()).toEqual(before);
  });

  it("revives a pair the matcher released for another need", async () => {
    const old = await createProposal({
      needId: w.need.id,
      offerId: w.offer.id,
      expertOrganisationId: w.net.expert.id,
      status: "withdrawn",
      closedReason: "reassigned",
    });
    const made = await tx((t) => volunteerOffer(t, w.expert, { needId: w.need.id, offerId: w.offer.id }));
    expect(made.id).toBe(old.id);
    const p = await db().proposal.findUniqueOrThrow({ where: { id: old.id } });
    expect(p).toMatchObject({ status: "proposed", source: "volunteered", closedReason: null });
  });
});

describe("Ask this expert", () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeEach(async () => {
    w = await world();
  });

  it("creates a requested proposal whose coalition reasons carry nothing of the expert's own data", async () => {
    const made = await tx((t) => requestOffer(t, w.coalition, { needId: w.need.id, offerId: w.offer.id }));
    const p = await db().proposal.findUniqueOrThrow({ where: { id: made.id } });
    expect(p).toMatchObject({
      status: "proposed",
      source: "requested",
      proposedById: w.net.coalitionUser.id,
    });
    const codes = explain(p.breakdown as never, undefined, "coalition").map((r) => r.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes).not.toContain("has_capacity");
    expect(codes).not.toContain("proven_outcomes");
    expect(await db().auditEvent.count({ where: { action: "proposal.requested", entityId: p.id } })).toBe(1);
  });

  it("refuses another coalition's need, an excluded organisation, and a need that is not open", async () => {
    const otherCoalition = await createOrganisation({ kind: "COALITION", countryCode: "GT" });
    const otherUser = await createUser({}, { organisationId: otherCoalition.id });
    const stranger: ReachActor = {
      viewer: viewerOf(otherUser.id, [{ id: otherCoalition.id, kind: "COALITION" }]),
    };
    const before = await snapshot();
    expect(
      await refusal(tx((t) => requestOffer(t, stranger, { needId: w.need.id, offerId: w.offer.id }))),
    ).toMatchObject({ code: "forbidden", status: 403 });

    await db().exclusion.create({
      data: { coalitionOrganisationId: w.net.coalition.id, excludedOrganisationId: w.net.expert.id },
    });
    const excludedBefore = await snapshot();
    expect(
      (await refusal(tx((t) => requestOffer(t, w.coalition, { needId: w.need.id, offerId: w.offer.id }))))
        .code,
    ).toBe("excluded");
    expect(await snapshot()).toEqual(excludedBefore);
    expect(excludedBefore.proposals).toEqual(before.proposals);

    const draft = await createNeed({
      organisationId: w.net.coalition.id,
      createdById: w.net.coalitionUser.id,
      status: "draft",
    });
    expect(
      (
        await refusal(
          tx((t) => requestOffer(t, w.coalition, { needId: draft.id, offerId: w.verifiedOffer.id })),
        )
      ).code,
    ).toBe("needNotOpen");
  });

  it("refuses an offer the coalition may not see", async () => {
    const drafted = await createOffer({
      organisationId: w.net.expert.id,
      createdById: w.net.expertUser.id,
      status: "draft",
    });
    expect(
      await refusal(tx((t) => requestOffer(t, w.coalition, { needId: w.need.id, offerId: drafted.id }))),
    ).toMatchObject({ code: "notFound", status: 404 });
  });
});
