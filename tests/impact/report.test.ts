// The impact report against the real database: figures computed by hand on a small network, and the
// public version's suppression — Guatemala, with 3 engagements, shows "<5" on the public page and in its
// CSV (never 3), its thin figures are withheld, a second count is withheld where one small one would
// otherwise be worked out from the total — while the secretariat's version shows everything.
import { beforeAll, describe, expect, it } from "vitest";
import { loader as publicCsv } from "~/features/impact/routes/public-export";
import { loader as publicPage } from "~/features/impact/routes/public";
import {
  impactReport,
  parseImpactParams,
  publicCountColumns,
  publicReport,
  type ImpactFilters,
} from "~/features/impact/services/impact.server";
import { db } from "~/utils/db.server";
import {
  createEngagement,
  createNeed,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";

const FROM = "2026-01-01";
const TO = "2026-06-30";
const inPeriod = (day: number) => new Date(Date.UTC(2026, 2, day, 12)); // March 2026
const beforePeriod = new Date(Date.UTC(2025, 10, 1, 12));

let expertUserId: string;
let expertId: string;
let peerId: string;
let offerId: string;
let peerOfferId: string;

async function engagement(
  countryCode: string,
  options: {
    peer?: boolean;
    outcome?: "achieved" | "partly_achieved" | "not_achieved" | "cancelled";
    hours?: number;
    ratings?: [number, number];
    topicIds?: string[];
    startedAt?: Date;
    categoryId?: string;
  } = {},
) {
  const coalition = await createOrganisation({ kind: "COALITION", countryCode });
  const user = await createUser({}, { organisationId: coalition.id });
  const startedAt = options.startedAt ?? inPeriod(10);
  const openedAt = new Date(startedAt.getTime() - 4 * 86_400_000);
  const need = await createNeed({
    organisationId: coalition.id,
    createdById: user.id,
    countryCode,
    categoryId: options.categoryId ?? "legal",
    topicIds: options.topicIds ?? ["legal.registration"],
    status: !options.outcome
      ? "engaged"
      : ["achieved", "partly_achieved"].includes(options.outcome)
        ? "completed"
        : "closed_unmet",
    openedAt,
    engagedAt: startedAt,
    closedAt: options.outcome ? inPeriod(20) : null,
  });
  const helper = options.peer ? peerId : expertId;
  const proposal = await createProposal({
    needId: need.id,
    offerId: options.peer ? peerOfferId : offerId,
    expertOrganisationId: helper,
    status: "confirmed",
  });
  const e = await createEngagement({
    needId: need.id,
    offerId: options.peer ? peerOfferId : offerId,
    proposalId: proposal.id,
    expertOrganisationId: helper,
    coalitionOrganisationId: coalition.id,
    startedAt,
    status: options.outcome ? "closed" : "active",
    outcome: options.outcome ?? null,
    closedAt: options.outcome ? inPeriod(20) : null,
  });
  if (options.hours)
    await db().engagementUpdate.create({
      data: {
        engagementId: e.id,
        authorId: expertUserId,
        organisationId: helper,
        body: "Progress",
        hours: options.hours,
        createdAt: inPeriod(15),
      },
    });
  if (options.ratings) {
    await db().engagementFeedback.create({
      data: {
        engagementId: e.id,
        organisationId: coalition.id,
        authorId: user.id,
        rating: options.ratings[0],
      },
    });
    await db().engagementFeedback.create({
      data: {
        engagementId: e.id,
        organisationId: helper,
        authorId: expertUserId,
        rating: options.ratings[1],
      },
    });
  }
  return e;
}

const filters = (by: ImpactFilters["by"], extra = ""): ImpactFilters =>
  parseImpactParams(new URL(`http://x/impact?from=${FROM}&to=${TO}&by=${by}${extra}`));

beforeAll(async () => {
  const expert = await createOrganisation({ kind: "EXPERT", vettingLevel: "verified" });
  const peer = await createOrganisation({ kind: "COALITION", countryCode: "CO" });
  expertId = expert.id;
  peerId = peer.id;
  expertUserId = (await createUser({}, { organisationId: expert.id })).id;
  offerId = (await createOffer({ organisationId: expert.id, createdById: expertUserId })).id;
  peerOfferId = (await createOffer({ organisationId: peer.id, createdById: expertUserId })).id;

  // Mexico: 7 engagements in the period (6 achieved with 10 hours each and ratings 5/4, 1 still active).
  for (let i = 0; i < 6; i++) await engagement("MX", { outcome: "achieved", hours: 10, ratings: [5, 4] });
  await engagement("MX");
  // Guatemala: 3 engagements, all achieved, rated (an at-risk coalition: must not be singled out).
  for (let i = 0; i < 3; i++) await engagement("GT", { outcome: "achieved", hours: 8, ratings: [3, 5] });
  // Honduras: 8 engagements, one given by a peer coalition, one cancelled; two topics on one need.
  for (let i = 0; i < 6; i++) await engagement("HN");
  await engagement("HN", { peer: true, topicIds: ["legal.registration", "legal.foreign_funding"] });
  await engagement("HN", { outcome: "cancelled" });
  // Kenya: 6 engagements; and one started before the period (not counted).
  for (let i = 0; i < 6; i++) await engagement("KE", { categoryId: "digital_security", topicIds: [] });
  await engagement("KE", { startedAt: beforePeriod });
});

describe("the period", () => {
  it("falls back to the last 365 days for a day that does not exist, and orders the bounds", () => {
    const now = new Date("2026-12-07T10:00:00Z");
    const parse = (q: string) => parseImpactParams(new URL(`http://x/impact?${q}`), now);
    expect(parse("from=2026-02-31&to=2026-13-01&by=nope")).toMatchObject({
      from: "2025-12-07",
      to: "2026-12-07",
      by: "region",
    });
    expect(parse("from=2026-06-30&to=2026-01-01")).toMatchObject({ from: "2026-01-01", to: "2026-06-30" });
    expect(parse("from=1900-01-01&to=2026-01-01").from).toBe("2025-01-01");
  });
});

describe("the secretariat's report", () => {
  it("counts every figure by country, with the total", async () => {
    const { groups, total } = await impactReport(db(), filters("country"));
    const by = Object.fromEntries(groups.map((g) => [g.key, g]));
    expect(groups.map((g) => g.key)).toEqual(["HN", "MX", "KE", "GT"]);
    expect(by.GT).toMatchObject({
      needsMet: 3,
      engagementsStarted: 3,
      engagementsClosed: 3,
      achieved: 3,
      hours: 24,
      engagementsWithHours: 3,
      coalitionRating: 3,
      coalitionRatings: 3,
      expertRating: 5,
      medianDaysToEngagement: 4,
    });
    expect(by.MX).toMatchObject({ needsMet: 6, engagementsStarted: 7, hours: 60, coalitionRating: 5 });
    expect(by.HN).toMatchObject({ engagementsStarted: 8, peerEngagements: 1, cancelled: 1, needsMet: 0 });
    expect(by.KE.engagementsStarted).toBe(6);
    expect(total).toMatchObject({
      needsMet: 9,
      engagementsStarted: 24,
      peerEngagements: 1,
      engagementsClosed: 10,
      achieved: 9,
      cancelled: 1,
      hours: 84,
    });
  });

  it("counts a need under each of its topics, and once in the total", async () => {
    const { groups, total } = await impactReport(db(), filters("topic"));
    const by = Object.fromEntries(groups.map((g) => [g.key, g.engagementsStarted]));
    expect(by).toEqual({ "legal.registration": 18, "-": 6, "legal.foreign_funding": 1 });
    expect(total.engagementsStarted).toBe(24);
  });

  it("filters by region", async () => {
    const { total } = await impactReport(db(), filters("country", "&region=sub_saharan_africa"));
    expect(total.engagementsStarted).toBe(6);
  });
});

describe("the public version", () => {
  it("shows <5 for Guatemala's 3 engagements, withholds its thin figures, and one more count per lone small one", async () => {
    const report = publicReport(await impactReport(db(), filters("country")));
    const by = Object.fromEntries(report.groups.map((g) => [g.key, g]));
    expect(by.GT.engagementsStarted).toBe("<5");
    expect(by.GT.needsMet).toBe("<5");
    expect(by.GT.achieved).toBe("<5");
    // Averages, hours and medians resting on 3 items are withheld.
    expect(by.GT.hours).toBeNull();
    expect(by.GT.coalitionRating).toBeNull();
    expect(by.GT.medianDaysToEngagement).toBeNull();
    // Guatemala is the only small count of "engagements started": the next smallest (Kenya's 6) is withheld
    // so that 24 − 8 − 7 − 6 cannot give Guatemala's 3 away.
    expect(by.KE.engagementsStarted).toBeNull();
    expect(by.HN.engagementsStarted).toBe(8);
    expect(by.MX.engagementsStarted).toBe(7);
    expect(by.MX.hours).toBe(60);
    expect(by.MX.coalitionRating).toBe(5);
    expect(report.total.engagementsStarted).toBe(24);
    // Honduras's single peer engagement is small; it is the only non-zero one, so the total is small too.
    expect(by.HN.peerEngagements).toBe("<5");
    expect(report.total.peerEngagements).toBe("<5");
    // Nothing in the public report is a count from 1 to 4.
    for (const row of [...report.groups, report.total])
      for (const column of publicCountColumns) {
        const v = row[column];
        if (typeof v === "number") expect(v === 0 || v >= 5, `${row.key} ${column} ${v}`).toBe(true);
      }
  });

  it("renders <5 on the public page and in its CSV, for a visitor", async () => {
    const url = `http://localhost/impact?from=${FROM}&to=${TO}&by=country`;
    const page = await publicPage({ request: new Request(url), params: {}, context: {} } as never);
    const guatemala = page.report.groups.find((g) => g.key === "GT")!;
    expect(guatemala.label).toBe("Guatemala");
    expect(guatemala.cells.engagementsStarted).toMatchObject({ n: null, text: "<5" });
    expect(JSON.stringify(page.report.groups.find((g) => g.key === "GT"))).not.toMatch(/"n":3\b/);
    expect(page.fullHref).toBeNull();

    const csv = await publicCsv({
      request: new Request(url.replace("/impact?", "/impact/export.csv?"), {
        headers: { "accept-language": "es" },
      }),
      params: {},
      context: {},
    } as never);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    const gt = text.split("\n").find((l) => l.includes(",GT,"))!;
    expect(gt.split(",").slice(0, 4)).toEqual(["Guatemala", "GT", "<5", "<5"]);
    expect(text).toContain("Colaboraciones iniciadas");
  });
});
