// Dashboard figures against values computed by hand on a small fixture network (see the comments).
import { beforeAll, describe, expect, it } from "vitest";
import {
  expertLoad,
  flowFigures,
  gapByRegion,
  gapMap,
  outcomeFigures,
} from "~/features/insight/services/insight.server";
import { db } from "~/utils/db.server";
import {
  createEngagement,
  createNeed,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";

const NOW = new Date("2026-11-21T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

beforeAll(async () => {
  const mx = await createOrganisation({ kind: "COALITION", countryCode: "MX", name: "Coalición MX" });
  const ke = await createOrganisation({ kind: "COALITION", countryCode: "KE", name: "Kenya Coalition" });
  const e1 = await createOrganisation({ kind: "EXPERT", name: "Alpha Legal" });
  const e2 = await createOrganisation({ kind: "EXPERT", name: "Beta Digital" });
  const e3 = await createOrganisation({ kind: "EXPERT", name: "Gamma Global" });
  await createOrganisation({ kind: "EXPERT", name: "Unvetted", vettingLevel: "unverified" }); // not in the load table
  const u = await createUser({}, { organisationId: mx.id });
  const uk = await createUser({}, { organisationId: ke.id });
  const ue = await createUser({}, { organisationId: e1.id });
  // O1: legal, Mexico directly, 2 slots. O2: digital security, Latin America, 1 slot. O3: legal, global, paused.
  const o1 = await createOffer({
    organisationId: e1.id,
    createdById: ue.id,
    categoryIds: ["legal"],
    coverageCountries: ["MX"],
    coverageRegions: [],
    maxConcurrent: 2,
  });
  const o2 = await createOffer({
    organisationId: e2.id,
    createdById: ue.id,
    categoryIds: ["digital_security"],
    coverageRegions: ["latin_america_caribbean"],
    maxConcurrent: 1,
  });
  const o3 = await createOffer({
    organisationId: e3.id,
    createdById: ue.id,
    categoryIds: ["legal"],
    coverageGlobal: true,
    coverageRegions: [],
    status: "paused",
    maxConcurrent: 3,
  });

  const need = (d: Parameters<typeof createNeed>[0]) => createNeed(d);
  const mxNeed = { organisationId: mx.id, createdById: u.id, countryCode: "MX" };
  const n1 = await need({ ...mxNeed, categoryId: "legal", status: "open", openedAt: ago(10) });
  const n2 = await need({ ...mxNeed, categoryId: "legal", status: "matching", openedAt: ago(20) });
  const n3 = await need({
    ...mxNeed,
    categoryId: "digital_security",
    status: "engaged",
    openedAt: ago(40),
    engagedAt: ago(30),
  });
  const n4 = await need({
    organisationId: ke.id,
    createdById: uk.id,
    countryCode: "KE",
    categoryId: "legal",
    status: "open",
    openedAt: ago(5),
  });
  const n5 = await need({
    organisationId: ke.id,
    createdById: uk.id,
    countryCode: "KE",
    categoryId: "advocacy",
    status: "completed",
    openedAt: ago(100),
    engagedAt: ago(90),
  });
  const n6 = await need({
    ...mxNeed,
    categoryId: "legal",
    status: "closed_unmet",
    openedAt: ago(60),
    engagedAt: ago(50),
  });
  await need({ ...mxNeed, categoryId: "legal", status: "open", openedAt: ago(400) }); // n7: open, but opened before the period
  await need({
    ...mxNeed,
    countryCode: "GT",
    categoryId: "legal",
    status: "draft",
    openedAt: null,
    submittedAt: null,
  }); // n8: counts nowhere
  void n1;
  void n4;

  await createProposal({
    needId: n2.id,
    offerId: o1.id,
    expertOrganisationId: e1.id,
    status: "proposed",
    createdAt: ago(18),
  }); // 2 days
  await createProposal({
    needId: n2.id,
    offerId: o3.id,
    expertOrganisationId: e3.id,
    status: "approved",
    createdAt: ago(15),
  });
  const p3 = await createProposal({
    needId: n3.id,
    offerId: o2.id,
    expertOrganisationId: e2.id,
    status: "confirmed",
    createdAt: ago(36),
  }); // 4 days
  const p5 = await createProposal({
    needId: n5.id,
    offerId: o1.id,
    expertOrganisationId: e1.id,
    status: "confirmed",
    createdAt: ago(99),
  }); // 1 day
  const p6 = await createProposal({
    needId: n6.id,
    offerId: o1.id,
    expertOrganisationId: e1.id,
    status: "confirmed",
    createdAt: ago(54),
  }); // 6 days

  await createEngagement({
    needId: n3.id,
    offerId: o2.id,
    proposalId: p3.id,
    expertOrganisationId: e2.id,
    coalitionOrganisationId: mx.id,
    status: "active",
  });
  const e5 = await createEngagement({
    needId: n5.id,
    offerId: o1.id,
    proposalId: p5.id,
    expertOrganisationId: e1.id,
    coalitionOrganisationId: ke.id,
    status: "closed",
    outcome: "achieved",
    closedAt: ago(50),
  });
  await createEngagement({
    needId: n6.id,
    offerId: o1.id,
    proposalId: p6.id,
    expertOrganisationId: e1.id,
    coalitionOrganisationId: mx.id,
    status: "closed",
    outcome: "not_achieved",
    closedAt: ago(20),
  });
  // Coalition rating 4 counts; the expert's own rating of the coalition (2) does not.
  await db().engagementFeedback.create({
    data: { engagementId: e5.id, organisationId: ke.id, authorId: uk.id, rating: 4 },
  });
  await db().engagementFeedback.create({
    data: { engagementId: e5.id, organisationId: e1.id, authorId: ue.id, rating: 2 },
  });
});

describe("insight figures", () => {
  it("gap map: open needs, covering offers and active engagements per country and category", async () => {
    const cells = await gapMap(db(), {});
    expect(cells).toEqual([
      // n1, n2, n7; O1 covers Mexico directly (O3 is paused, O2 is another category).
      {
        countryCode: "MX",
        region: "latin_america_caribbean",
        categoryId: "legal",
        openNeeds: 3,
        coveringOffers: 1,
        activeEngagements: 0,
        peerOffers: 0,
        peerEngagements: 0,
      },
      // n4: nobody covers Kenya for legal help — the gap.
      {
        countryCode: "KE",
        region: "sub_saharan_africa",
        categoryId: "legal",
        openNeeds: 1,
        coveringOffers: 0,
        activeEngagements: 0,
        peerOffers: 0,
        peerEngagements: 0,
      },
      // n3 engaged; O2 covers Mexico through its region.
      {
        countryCode: "MX",
        region: "latin_america_caribbean",
        categoryId: "digital_security",
        openNeeds: 0,
        coveringOffers: 1,
        activeEngagements: 1,
        peerOffers: 0,
        peerEngagements: 0,
      },
    ]);
    expect(gapByRegion(cells)).toEqual([
      {
        region: "sub_saharan_africa",
        categoryId: "legal",
        openNeeds: 1,
        uncoveredNeeds: 1,
        activeEngagements: 0,
        countries: 1,
      },
      {
        region: "latin_america_caribbean",
        categoryId: "digital_security",
        openNeeds: 0,
        uncoveredNeeds: 0,
        activeEngagements: 1,
        countries: 1,
      },
      {
        region: "latin_america_caribbean",
        categoryId: "legal",
        openNeeds: 3,
        uncoveredNeeds: 0,
        activeEngagements: 0,
        countries: 1,
      },
    ]);
    expect(await gapMap(db(), { region: "sub_saharan_africa" })).toEqual([cells[1]]);
  });

  it("flow: time to first proposal, time to engagement and fulfilment rate by category, with a total", async () => {
    const rows = await flowFigures(db(), { period: "365", by: "category" }, NOW);
    expect(rows).toEqual([
      // n5: first proposal after 1 day, engaged after 10, completed.
      {
        key: "advocacy",
        needsOpened: 1,
        withProposal: 1,
        medianDaysToFirstProposal: 1,
        p90DaysToFirstProposal: 1,
        engaged: 1,
        medianDaysToEngagement: 10,
        completed: 1,
        closedUnmet: 0,
        fulfilmentRate: 1,
      },
      // n3: 4 days, engaged after 10, still running.
      {
        key: "digital_security",
        needsOpened: 1,
        withProposal: 1,
        medianDaysToFirstProposal: 4,
        p90DaysToFirstProposal: 4,
        engaged: 1,
        medianDaysToEngagement: 10,
        completed: 0,
        closedUnmet: 0,
        fulfilmentRate: null,
      },
      // n1 (none), n2 (2 days), n4 (none), n6 (6 days): median 4, p90 = 2 + 0.9 × 4 = 5.6; n6 engaged after 10 and closed unmet.
      {
        key: "legal",
        needsOpened: 4,
        withProposal: 2,
        medianDaysToFirstProposal: 4,
        p90DaysToFirstProposal: 5.6,
        engaged: 1,
        medianDaysToEngagement: 10,
        completed: 0,
        closedUnmet: 1,
        fulfilmentRate: 0,
      },
      // [1, 2, 4, 6]: median 3, p90 = 4 + 0.7 × 2 = 5.4; fulfilment 1 / (1 + 1).
      {
        key: "*",
        needsOpened: 6,
        withProposal: 4,
        medianDaysToFirstProposal: 3,
        p90DaysToFirstProposal: 5.4,
        engaged: 3,
        medianDaysToEngagement: 10,
        completed: 1,
        closedUnmet: 1,
        fulfilmentRate: 0.5,
      },
    ]);
    const byRegion = await flowFigures(db(), { period: "365", by: "region" }, NOW);
    expect(byRegion.map((r) => [r.key, r.needsOpened, r.withProposal])).toEqual([
      ["latin_america_caribbean", 4, 3],
      ["sub_saharan_africa", 2, 1],
      ["*", 6, 4],
    ]);
    // The last 30 days: n1, n2 and n4 were opened; only n2 has a proposal.
    const recent = await flowFigures(db(), { period: "30", by: "month" }, NOW);
    expect(recent.at(-1)).toMatchObject({
      key: "*",
      needsOpened: 3,
      withProposal: 1,
      medianDaysToFirstProposal: 2,
    });
    expect(
      (await flowFigures(db(), { period: "all", by: "category", region: "sub_saharan_africa" }, NOW)).at(-1),
    ).toMatchObject({ needsOpened: 2, completed: 1 });
  });

  it("expert load: verified experts by active engagements and live proposals, and the distribution", async () => {
    const { table, distribution } = await expertLoad(db(), {});
    expect(table.map(({ organisationId: _id, ...r }) => r)).toEqual([
      {
        name: "Beta Digital",
        activeOffers: 1,
        slots: 1,
        activeEngagements: 1,
        liveProposals: 0,
        utilisation: 1,
      },
      {
        name: "Alpha Legal",
        activeOffers: 1,
        slots: 2,
        activeEngagements: 0,
        liveProposals: 1,
        utilisation: 0,
      },
      {
        name: "Gamma Global",
        activeOffers: 0,
        slots: 0,
        activeEngagements: 0,
        liveProposals: 1,
        utilisation: null,
      },
    ]);
    expect(distribution).toEqual({ "0": 2, "1": 1, "2": 0, "3-5": 0, "6+": 0 });
  });

  it("outcomes: engagements closed in the period, by outcome, with the coalitions' average rating", async () => {
    expect(await outcomeFigures(db(), { period: "365", by: "category" }, NOW)).toEqual([
      {
        key: "advocacy",
        closed: 1,
        achieved: 1,
        partlyAchieved: 0,
        notAchieved: 0,
        cancelled: 0,
        averageRating: 4,
      },
      {
        key: "legal",
        closed: 1,
        achieved: 0,
        partlyAchieved: 0,
        notAchieved: 1,
        cancelled: 0,
        averageRating: null,
      },
      { key: "*", closed: 2, achieved: 1, partlyAchieved: 0, notAchieved: 1, cancelled: 0, averageRating: 4 },
    ]);
    // Only n6's engagement closed in the last 30 days.
    expect(await outcomeFigures(db(), { period: "30", by: "month" }, NOW)).toEqual([
      {
        key: "2026-11",
        closed: 1,
        achieved: 0,
        partlyAchieved: 0,
        notAchieved: 1,
        cancelled: 0,
        averageRating: null,
      },
      {
        key: "*",
        closed: 1,
        achieved: 0,
        partlyAchieved: 0,
        notAchieved: 1,
        cancelled: 0,
        averageRating: null,
      },
    ]);
  });
});

describe("opening vs closing space as a dimension (issue 23)", () => {
  it("groups the flow and the outcomes by the needs' civic-space context", async () => {
    // Mexico's needs are about closing space, Kenya's about opening space (set here, after the other panels).
    await db().need.updateMany({ where: { countryCode: "MX" }, data: { civicContext: "closing" } });
    await db().need.updateMany({ where: { countryCode: "KE" }, data: { civicContext: "opening" } });
    const flow = await flowFigures(db(), { period: "365", by: "context" }, NOW);
    expect(flow.map((r) => [r.key, r.needsOpened, r.withProposal])).toEqual([
      ["closing", 4, 3],
      ["opening", 2, 1],
      ["*", 6, 4],
    ]);
    const outcomes = await outcomeFigures(db(), { period: "365", by: "context" }, NOW);
    const total = outcomes.at(-1)!;
    expect(total.key).toBe("*");
    expect(outcomes.slice(0, -1).reduce((s, r) => s + r.closed, 0)).toBe(total.closed);
    expect(outcomes.slice(0, -1).every((r) => ["closing", "opening"].includes(r.key))).toBe(true);
  });
});
