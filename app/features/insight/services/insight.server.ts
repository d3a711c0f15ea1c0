// Secretariat insight: the gap map and the flow, load and outcome figures. Everything is aggregated in
// PostgreSQL, one query per panel (indexes in the insight_indexes migration), so the dashboard answers in
// well under 300 ms on a network of 100,000 needs (npm run bench:insight). Figures carry no confidential
// text: counts, durations and organisation names only, for the secretariat's eyes.
//
// Definitions (also shown on the page):
// - open needs: status open or matching (triaged, not yet engaged) — the current state, not filtered by period;
// - offers covering a cell: active offers in the category whose coverage includes the country directly,
//   through its region, or globally;
// - active engagements: engagements with status active, by the need's country and category;
// - time to first proposal: first proposal's creation − the need's openedAt, for needs opened in the period;
// - time to engagement: the need's engagedAt − openedAt, for needs opened in the period;
// - fulfilment rate: completed ÷ (completed + closed unmet) among needs opened in the period;
// - outcomes: engagements closed in the period, by outcome; average coalition rating (1–5).
import { z } from "zod";
import { regions } from "~/features/taxonomy/reference-data";
import { Prisma } from "~/generated/prisma/client";
import type { Db, Tx } from "~/utils/db.server";
import { analytic } from "~/utils/analytic.server";

import { insightGroups, insightPeriods, loadBuckets } from "../constants";

export { loadBuckets };
type InsightGroup = (typeof insightGroups)[number];

const insightParams = z.object({
  period: z.enum(insightPeriods).catch("365"),
  region: z.enum(regions).optional().catch(undefined),
  by: z.enum(insightGroups).catch("category"),
});
export type InsightParams = z.infer<typeof insightParams>;

export function parseInsightParams(url: URL): InsightParams {
  return insightParams.parse({
    period: url.searchParams.get("period") ?? undefined,
    region: url.searchParams.get("region") || undefined,
    by: url.searchParams.get("by") ?? undefined,
  });
}

function periodRange(period: InsightParams["period"], now = new Date()): { from: Date; to: Date } {
  const to = now;
  const from = period === "all" ? new Date(0) : new Date(now.getTime() - Number(period) * 86_400_000);
  return { from, to };
}

type Client = Db | Tx;

/** The Country join, only when a region filter or grouping needs it (the gap map's and flow's hot path skip it). */
const countryJoin = (needed: boolean) =>
  needed ? Prisma.sql`JOIN "Country" c ON c.code = n."countryCode"` : Prisma.empty;

const regionFilter = (alias: string, region: string | undefined) =>
  region ? Prisma.sql`AND ${Prisma.raw(`${alias}.region`)} = ${region}::"Region"` : Prisma.empty;

// ───────────── gap map ─────────────

export type GapCell = {
  countryCode: string;
  region: string;
  categoryId: string;
  openNeeds: number;
  coveringOffers: number;
  activeEngagements: number;
  /** Peer support (coalitions helping coalitions): the covering offers and engagements that are peer ones. */
  peerOffers: number;
  peerEngagements: number;
};

/** Country × category cells that have open needs or active engagements, with the offers covering them. */
export async function gapMap(client: Client, params: Pick<InsightParams, "region">): Promise<GapCell[]> {
  const rows = await analytic(
    client,
    (q) => q.$queryRaw<
      Array<{
        country: string;
        region: string;
        category: string;
        open_needs: number;
        offers: number;
        engagements: number;
        peer_offers: number;
        peer_engagements: number;
      }>
    >`
    WITH need_cells AS (
      SELECT n."countryCode" AS country, n."categoryId" AS category, COUNT(*)::int AS open_needs
      FROM "Need" n ${countryJoin(!!params.region)}
      WHERE n.status IN ('open', 'matching') ${regionFilter("c", params.region)}
      GROUP BY 1, 2
    ), engagement_cells AS (
      SELECT n."countryCode" AS country, n."categoryId" AS category, COUNT(*)::int AS engagements,
             COUNT(*) FILTER (WHERE eo.kind = 'COALITION')::int AS peer_engagements
      FROM "Engagement" e JOIN "Need" n ON n.id = e."needId"
      JOIN "Organisation" eo ON eo.id = e."expertOrganisationId" ${countryJoin(!!params.region)}
      WHERE e.status = 'active' ${regionFilter("c", params.region)}
      GROUP BY 1, 2
    ), cells AS (
      SELECT COALESCE(nc.country, ec.country) AS country, COALESCE(nc.category, ec.category) AS category,
             COALESCE(nc.open_needs, 0) AS open_needs, COALESCE(ec.engagements, 0) AS engagements,
             COALESCE(ec.peer_engagements, 0) AS peer_engagements
      FROM need_cells nc FULL OUTER JOIN engagement_cells ec ON ec.country = nc.country AND ec.category = nc.category
    ), local_pairs AS (
      -- Offers that are not global, with every country they cover through a region or directly (a
      -- direct country inside a covered region is not counted twice). Global offers are counted per
      -- category below.
      SELECT o.id, c.code AS country
      FROM "Offer" o CROSS JOIN LATERAL unnest(o."coverageRegions") AS r(region) JOIN "Country" c ON c.region = r.region
      WHERE o.status = 'active' AND NOT o."coverageGlobal"
      UNION ALL
      SELECT o.id, x.country
      FROM "Offer" o CROSS JOIN LATERAL unnest(o."coverageCountries") AS x(country) JOIN "Country" c ON c.code = x.country
      WHERE o.status = 'active' AND NOT o."coverageGlobal" AND NOT (c.region = ANY(o."coverageRegions"))
    ), local_coverage AS (
      SELECT lp.country, cat.category, COUNT(*)::int AS offers,
             COUNT(*) FILTER (WHERE org.kind = 'COALITION')::int AS peer_offers
      FROM local_pairs lp JOIN "Offer" o ON o.id = lp.id JOIN "Organisation" org ON org.id = o."organisationId"
      CROSS JOIN LATERAL unnest(o."categoryIds") AS cat(category)
      GROUP BY 1, 2
    ), global_coverage AS (
      SELECT cat.category, COUNT(*)::int AS offers,
             COUNT(*) FILTER (WHERE org.kind = 'COALITION')::int AS peer_offers
      FROM "Offer" o JOIN "Organisation" org ON org.id = o."organisationId"
      CROSS JOIN LATERAL unnest(o."categoryIds") AS cat(category)
      WHERE o.status = 'active' AND o."coverageGlobal"
      GROUP BY 1
    )
    SELECT cells.country, c.region::text AS region, cells.category, cells.open_needs, cells.engagements,
           (COALESCE(lc.offers, 0) + COALESCE(gc.offers, 0))::int AS offers,
           (COALESCE(lc.peer_offers, 0) + COALESCE(gc.peer_offers, 0))::int AS peer_offers, cells.peer_engagements
    FROM cells JOIN "Country" c ON c.code = cells.country
    LEFT JOIN local_coverage lc ON lc.country = cells.country AND lc.category = cells.category
    LEFT JOIN global_coverage gc ON gc.category = cells.category
    ORDER BY cells.open_needs DESC, cells.country, cells.category`,
  );
  return rows.map((r) => ({
    countryCode: r.country,
    region: r.region,
    categoryId: r.category,
    openNeeds: r.open_needs,
    coveringOffers: r.offers,
    activeEngagements: r.engagements,
    peerOffers: r.peer_offers,
    peerEngagements: r.peer_engagements,
  }));
}

export type RegionCell = {
  region: string;
  categoryId: string;
  openNeeds: number;
  uncoveredNeeds: number;
  activeEngagements: number;
  countries: number;
};

/** The world view: the gap map summed by region (uncovered = open needs in cells no offer covers). */
export function gapByRegion(cells: GapCell[]): RegionCell[] {
  const out = new Map<string, RegionCell>();
  for (const c of cells) {
    const key = `${c.region}|${c.categoryId}`;
    const r = out.get(key) ?? {
      region: c.region,
      categoryId: c.categoryId,
      openNeeds: 0,
      uncoveredNeeds: 0,
      activeEngagements: 0,
      countries: 0,
    };
    r.openNeeds += c.openNeeds;
    r.activeEngagements += c.activeEngagements;
    if (c.coveringOffers === 0) r.uncoveredNeeds += c.openNeeds;
    r.countries += 1;
    out.set(key, r);
  }
  return [...out.values()].sort(
    (a, b) =>
      b.uncoveredNeeds - a.uncoveredNeeds ||
      a.region.localeCompare(b.region) ||
      a.categoryId.localeCompare(b.categoryId),
  );
}

// ───────────── flow: time to first proposal, time to engagement, fulfilment ─────────────

export type FlowRow = {
  key: string;
  needsOpened: number;
  withProposal: number;
  medianDaysToFirstProposal: number | null;
  p90DaysToFirstProposal: number | null;
  engaged: number;
  medianDaysToEngagement: number | null;
  completed: number;
  closedUnmet: number;
  /** completed ÷ (completed + closed unmet), null when none has finished. */
  fulfilmentRate: number | null;
};

function groupExpr(by: InsightGroup, needAlias: string, dateColumn: string) {
  switch (by) {
    case "category":
      return Prisma.raw(`${needAlias}."categoryId"`);
    case "region":
      return Prisma.raw(`c.region::text`);
    case "context":
      return Prisma.raw(`${needAlias}."civicContext"::text`);
    case "month":
      // yyyymm as an integer (cheap to group), formatted as YYYY-MM afterwards.
      return Prisma.raw(
        `(EXTRACT(YEAR FROM ${dateColumn})::int * 100 + EXTRACT(MONTH FROM ${dateColumn})::int)`,
      );
  }
}

function keyOf(row: { g: number; key: string | number | null }) {
  if (row.g) return "*";
  if (typeof row.key === "number")
    return `${Math.floor(row.key / 100)}-${String(row.key % 100).padStart(2, "0")}`;
  return row.key ?? "-";
}

const round = (v: number | null, digits = 1) =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;

/** One row per group plus a total row (key "*"), for needs opened in the period. */
export async function flowFigures(
  client: Client,
  params: InsightParams,
  now = new Date(),
): Promise<FlowRow[]> {
  const { from, to } = periodRange(params.period, now);
  const key = groupExpr(params.by, "n", `n."openedAt"`);
  const rows = await analytic(
    client,
    (q) => q.$queryRaw<
      Array<{
        g: number;
        key: string | number | null;
        needs: number;
        with_proposal: number;
        fp: Array<number | null> | null;
        engaged: number;
        med_eng: number | null;
        completed: number;
        unmet: number;
      }>
    >`
    WITH first_proposal AS (
      -- A need's proposals come after it opened, so only proposals created in the period can be first ones.
      SELECT p."needId", MIN(p."createdAt") AS first_at
      FROM "Proposal" p WHERE p."createdAt" >= ${from}
      GROUP BY p."needId"
    ), opened AS (
      SELECT n.status, n."openedAt", n."engagedAt", fp.first_at, ${key} AS key
      FROM "Need" n ${countryJoin(!!params.region || params.by === "region")}
      LEFT JOIN first_proposal fp ON fp."needId" = n.id
      WHERE n."openedAt" >= ${from} AND n."openedAt" < ${to} ${regionFilter("c", params.region)}
    )
    SELECT GROUPING(o.key) AS g, o.key,
           COUNT(*)::int AS needs,
           COUNT(o.first_at)::int AS with_proposal,
           -- FILTER keeps the rows without a value out of the sorts the percentiles need.
           percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM o.first_at - o."openedAt") / 86400.0)
             FILTER (WHERE o.first_at IS NOT NULL) AS fp,
           COUNT(o."engagedAt")::int AS engaged,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM o."engagedAt" - o."openedAt") / 86400.0)
             FILTER (WHERE o."engagedAt" IS NOT NULL) AS med_eng,
           COUNT(*) FILTER (WHERE o.status = 'completed')::int AS completed,
           COUNT(*) FILTER (WHERE o.status = 'closed_unmet')::int AS unmet
    FROM opened o
    GROUP BY ROLLUP (o.key)
    ORDER BY GROUPING(o.key), o.key`,
  );
  return rows.map((r) => ({
    key: keyOf(r),
    needsOpened: r.needs,
    withProposal: r.with_proposal,
    medianDaysToFirstProposal: round(r.fp?.[0] ?? null),
    p90DaysToFirstProposal: round(r.fp?.[1] ?? null),
    engaged: r.engaged,
    medianDaysToEngagement: round(r.med_eng),
    completed: r.completed,
    closedUnmet: r.unmet,
    fulfilmentRate: r.completed + r.unmet > 0 ? round(r.completed / (r.completed + r.unmet), 3) : null,
  }));
}

// ───────────── expert load ─────────────

export type LoadRow = {
  organisationId: string;
  name: string;
  activeOffers: number;
  slots: number;
  activeEngagements: number;
  liveProposals: number;
  /** active engagements ÷ slots (null without capacity). */
  utilisation: number | null;
};

function bucketOf(n: number): (typeof loadBuckets)[number] {
  if (n <= 2) return String(n) as "0" | "1" | "2";
  return n <= 5 ? "3-5" : "6+";
}

/** Every verified expert organisation's load, most loaded first, and the distribution of active engagements. */
export async function expertLoad(client: Client, params: Pick<InsightParams, "region">) {
  const rows = await analytic(
    client,
    (q) => q.$queryRaw<
      Array<{
        id: string;
        name: string;
        offers: number;
        slots: number;
        engagements: number;
        proposals: number;
      }>
    >`
    WITH offers AS (
      SELECT o."organisationId" AS org, COUNT(*)::int AS offers, SUM(o."maxConcurrent")::int AS slots
      FROM "Offer" o WHERE o.status = 'active' GROUP BY 1
    ), engagements AS (
      SELECT e."expertOrganisationId" AS org, COUNT(*)::int AS engagements
      FROM "Engagement" e ${params.region ? Prisma.sql`JOIN "Need" n ON n.id = e."needId" JOIN "Country" c ON c.code = n."countryCode"` : Prisma.empty}
      WHERE e.status = 'active' ${regionFilter("c", params.region)} GROUP BY 1
    ), proposals AS (
      SELECT p."expertOrganisationId" AS org, COUNT(*)::int AS proposals
      FROM "Proposal" p ${params.region ? Prisma.sql`JOIN "Need" n ON n.id = p."needId" JOIN "Country" c ON c.code = n."countryCode"` : Prisma.empty}
      WHERE p.status IN ('proposed', 'approved', 'accepted') ${regionFilter("c", params.region)} GROUP BY 1
    )
    SELECT org.id, org.name, COALESCE(o.offers, 0) AS offers, COALESCE(o.slots, 0) AS slots,
           COALESCE(e.engagements, 0) AS engagements, COALESCE(p.proposals, 0) AS proposals
    FROM "Organisation" org
    LEFT JOIN offers o ON o.org = org.id LEFT JOIN engagements e ON e.org = org.id LEFT JOIN proposals p ON p.org = org.id
    WHERE org.kind = 'EXPERT' AND org."vettingLevel" <> 'unverified'
    ORDER BY COALESCE(e.engagements, 0) DESC, COALESCE(p.proposals, 0) DESC, org.name, org.id`,
  );
  const table: LoadRow[] = rows.map((r) => ({
    organisationId: r.id,
    name: r.name,
    activeOffers: r.offers,
    slots: r.slots,
    activeEngagements: r.engagements,
    liveProposals: r.proposals,
    utilisation: r.slots > 0 ? round(r.engagements / r.slots, 3) : null,
  }));
  const distribution = Object.fromEntries(loadBuckets.map((b) => [b, 0])) as Record<
    (typeof loadBuckets)[number],
    number
  >;
  for (const r of table) distribution[bucketOf(r.activeEngagements)]++;
  return { table, distribution };
}

// ───────────── outcomes ─────────────

export type OutcomeRow = {
  key: string;
  closed: number;
  achieved: number;
  partlyAchieved: number;
  notAchieved: number;
  cancelled: number;
  averageRating: number | null;
};

/** Engagements closed in the period by outcome, per group, with a total row (key "*"). */
export async function outcomeFigures(
  client: Client,
  params: InsightParams,
  now = new Date(),
): Promise<OutcomeRow[]> {
  const { from, to } = periodRange(params.period, now);
  const key = groupExpr(params.by, "n", `e."closedAt"`);
  const rows = await analytic(
    client,
    (q) => q.$queryRaw<
      Array<{
        g: number;
        key: string | number | null;
        closed: number;
        achieved: number;
        partly: number;
        not_achieved: number;
        cancelled: number;
        rating: number | null;
      }>
    >`
    WITH closed AS (
      SELECT e.id, e.outcome, e."coalitionOrganisationId", ${key} AS key
      FROM "Engagement" e JOIN "Need" n ON n.id = e."needId" ${countryJoin(!!params.region || params.by === "region")}
      WHERE e.status = 'closed' AND e."closedAt" >= ${from} AND e."closedAt" < ${to} ${regionFilter("c", params.region)}
    )
    SELECT GROUPING(x.key) AS g, x.key,
           COUNT(*)::int AS closed,
           COUNT(*) FILTER (WHERE x.outcome = 'achieved')::int AS achieved,
           COUNT(*) FILTER (WHERE x.outcome = 'partly_achieved')::int AS partly,
           COUNT(*) FILTER (WHERE x.outcome = 'not_achieved')::int AS not_achieved,
           COUNT(*) FILTER (WHERE x.outcome = 'cancelled')::int AS cancelled,
           AVG(f.rating)::float8 AS rating
    FROM closed x
    LEFT JOIN "EngagementFeedback" f ON f."engagementId" = x.id AND f."organisationId" = x."coalitionOrganisationId"
    GROUP BY ROLLUP (x.key)
    ORDER BY GROUPING(x.key), x.key`,
  );
  return rows.map((r) => ({
    key: keyOf(r),
    closed: r.closed,
    achieved: r.achieved,
    partlyAchieved: r.partly,
    notAchieved: r.not_achieved,
    cancelled: r.cancelled,
    averageRating: round(r.rating, 2),
  }));
}

/** Every panel, for the dashboard loader (independent queries, run concurrently). */
export async function insightDashboard(client: Client, params: InsightParams, now = new Date()) {
  const [gap, flow, load, outcomes] = await Promise.all([
    gapMap(client, params),
    flowFigures(client, params, now),
    expertLoad(client, params),
    outcomeFigures(client, params, now),
  ]);
  return { gap, regions: gapByRegion(gap), flow, load, outcomes };
}
