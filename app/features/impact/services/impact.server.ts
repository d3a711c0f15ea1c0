// The impact report (issue 23): what the network achieved in a period, by country, region, category or
// topic — needs met, engagements (started, closed, peer support), hours, outcomes and both sides'
// feedback, and the time from a need opening to its engagement. Aggregated in PostgreSQL, one query per
// panel (npm run bench:insight times each at 100,000 needs), each answering one row per group plus the
// total ("*"). A need with several topics counts once under each of its topics, and once in the total.
//
// Two versions (policy: readsFullImpact, publicImpactMinimumCount):
// - the secretariat's: every figure;
// - the public one (visitors, landing page, print, CSV): aggregates only; any count from 1 to 4 is shown as
//   "<5", every figure computed from fewer than 5 items (averages, medians, hours) is withheld, and where a
//   column of a table holds exactly one withheld count, the next smallest is withheld too, so the total
//   cannot give the small one away. Nothing per organisation, no text, ever.
//
// Definitions (shown on the page):
// - needs met: needs completed (status completed) with closedAt in the period;
// - engagements started: startedAt in the period; peer support: of those, the ones whose helping side is a
//   coalition (organisation kind COALITION) rather than an expert organisation;
// - engagements closed: closedAt in the period, by outcome;
// - hours: hours logged in progress updates written in the period;
// - feedback: ratings (1–5) given on engagements closed in the period, by side (coalition / expert);
// - time to engagement: median days from openedAt to engagedAt, for needs engaged in the period.
import { z } from "zod";
import { publicImpactMinimumCount } from "~/features/auth/policy";
import { regions } from "~/features/taxonomy/reference-data";
import { Prisma } from "~/generated/prisma/client";
import type { Db, Tx } from "~/utils/db.server";
import { analytic } from "~/utils/analytic.server";
import { impactDimensions } from "../constants";

type ImpactDimension = (typeof impactDimensions)[number];

const day = /^\d{4}-\d{2}-\d{2}$/;

const impactParams = z.object({
  from: z.string().regex(day).optional().catch(undefined),
  to: z.string().regex(day).optional().catch(undefined),
  by: z.enum(impactDimensions).catch("region"),
  region: z.enum(regions).optional().catch(undefined),
});

/** The period asked for (default: the last 365 days up to today), `to` inclusive, at most 20 years. */
export function parseImpactParams(url: URL, now = new Date()) {
  const p = impactParams.parse({
    from: url.searchParams.get("from") || undefined,
    to: url.searchParams.get("to") || undefined,
    by: url.searchParams.get("by") ?? undefined,
    region: url.searchParams.get("region") || undefined,
  });
  const today = now.toISOString().slice(0, 10);
  let to = realDay(p.to) ? p.to! : today;
  let from = realDay(p.from)
    ? p.from!
    : new Date(Date.parse(`${to}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) [from, to] = [to, from];
  if (Date.parse(to) - Date.parse(from) > 20 * 366 * 86_400_000)
    from = new Date(Date.parse(to) - 20 * 365 * 86_400_000).toISOString().slice(0, 10);
  return { ...p, from, to };
}
export type ImpactFilters = ReturnType<typeof parseImpactParams>;

/** A day that exists (2026-02-31 does not), between the years 2000 and 2100. */
function realDay(value: string | undefined) {
  if (!value) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(date.getTime()) &&
    date.toISOString().slice(0, 10) === value &&
    value >= "2000-01-01" &&
    value <= "2100-12-31"
  );
}

function range(f: ImpactFilters) {
  return {
    from: new Date(`${f.from}T00:00:00Z`),
    // Inclusive of the last day.
    to: new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000),
  };
}

type Client = Db | Tx;

/** The group keys of a need (an array: a need has several topics; one key for the other dimensions). */
function keysOf(by: ImpactDimension) {
  switch (by) {
    case "country":
      return Prisma.sql`ARRAY[n."countryCode"::text]`;
    case "region":
      return Prisma.sql`ARRAY[c.region::text]`;
    case "category":
      return Prisma.sql`ARRAY[n."categoryId"]`;
    case "topic":
      return Prisma.sql`CASE WHEN cardinality(n."topicIds") = 0 THEN ARRAY['-'] ELSE n."topicIds" END`;
  }
}

const regionFilter = (region: string | undefined) =>
  region ? Prisma.sql`AND c.region = ${region}::"Region"` : Prisma.empty;

// ───────────── panels ─────────────

export type NeedsMetRow = { key: string; needsMet: number };

async function needsMetPanel(client: Client, f: ImpactFilters): Promise<NeedsMetRow[]> {
  const { from, to } = range(f);
  const rows = await analytic(
    client,
    (q) => q.$queryRaw<Array<{ key: string; v: number }>>`
    WITH base AS (
      SELECT ${keysOf(f.by)} AS keys FROM "Need" n JOIN "Country" c ON c.code = n."countryCode"
      WHERE n.status = 'completed' AND n."closedAt" >= ${from} AND n."closedAt" < ${to} ${regionFilter(f.region)}
    )
    SELECT k.key, COUNT(*)::int AS v FROM base CROSS JOIN LATERAL unnest(base.keys) AS k(key) GROUP BY k.key
    UNION ALL SELECT '*', COUNT(*)::int FROM base`,
  );
  return rows.map((r) => ({ key: r.key, needsMet: r.v }));
}

export type EngagementRow = {
  key: string;
  started: number;
  peer: number;
  closed: number;
  achieved: number;
  partlyAchieved: number;
  notAchieved: number;
  cancelled: number;
};

async function engagementsPanel(client: Client, f: ImpactFilters): Promise<EngagementRow[]> {
  const { from, to } = range(f);
  const rows = await analytic(
    client,
    (q) => q.$queryRaw<
      Array<{
        key: string;
        started: number;
        peer: number;
        closed: number;
        achieved: number;
        partly: number;
        not_achieved: number;
        cancelled: number;
      }>
    >`
    WITH base AS (
      SELECT ${keysOf(f.by)} AS keys,
             (e."startedAt" >= ${from} AND e."startedAt" < ${to}) AS started_in,
             (e.status = 'closed' AND e."closedAt" >= ${from} AND e."closedAt" < ${to}) AS closed_in,
             eo.kind = 'COALITION' AS peer, e.outcome
      FROM "Engagement" e JOIN "Need" n ON n.id = e."needId" JOIN "Country" c ON c.code = n."countryCode"
      JOIN "Organisation" eo ON eo.id = e."expertOrganisationId"
      WHERE ((e."startedAt" >= ${from} AND e."startedAt" < ${to})
             OR (e."closedAt" >= ${from} AND e."closedAt" < ${to})) ${regionFilter(f.region)}
    ), keyed AS (
      SELECT k.key, base.* FROM base CROSS JOIN LATERAL unnest(base.keys) AS k(key)
      UNION ALL SELECT '*', base.* FROM base
    )
    SELECT key,
           COUNT(*) FILTER (WHERE started_in)::int AS started,
           COUNT(*) FILTER (WHERE started_in AND peer)::int AS peer,
           COUNT(*) FILTER (WHERE closed_in)::int AS closed,
           COUNT(*) FILTER (WHERE closed_in AND outcome = 'achieved')::int AS achieved,
           COUNT(*) FILTER (WHERE closed_in AND outcome = 'partly_achieved')::int AS partly,
           COUNT(*) FILTER (WHERE closed_in AND outcome = 'not_achieved')::int AS not_achieved,
           COUNT(*) FILTER (WHERE closed_in AND outcome = 'cancelled')::int AS cancelled
    FROM keyed GROUP BY key`,
  );
  return rows.map((r) => ({
    key: r.key,
    started: r.started,
    peer: r.peer,
    closed: r.closed,
    achieved: r.achieved,
    partlyAchieved: r.partly,
    notAchieved: r.not_achieved,
    cancelled: r.cancelled,
  }));
}

export type HoursRow = { key: string; hours: number; engagementsWithHours: number };

async function hoursPanel(client: Client, f: ImpactFilters): Promise<HoursRow[]> {
  const { from, to } = range(f);
  const rows = await analytic(
    client,
    (q) => q.$queryRaw<Array<{ key: string; hours: number | null; n: number }>>`
    WITH per_engagement AS (
      SELECT u."engagementId" AS id, SUM(u.hours) AS hours
      FROM "EngagementUpdate" u
      WHERE u.hours IS NOT NULL AND u."createdAt" >= ${from} AND u."createdAt" < ${to}
      GROUP BY 1
    ), base AS (
      SELECT ${keysOf(f.by)} AS keys, pe.hours
      FROM per_engagement pe JOIN "Engagement" e ON e.id = pe.id JOIN "Need" n ON n.id = e."needId"
      JOIN "Country" c ON c.code = n."countryCode"
      WHERE true ${regionFilter(f.region)}
    )
    SELECT k.key, SUM(hours)::float8 AS hours, COUNT(*)::int AS n
    FROM base CROSS JOIN LATERAL unnest(base.keys) AS k(key) GROUP BY k.key
    UNION ALL SELECT '*', SUM(hours)::float8, COUNT(*)::int FROM base`,
  );
  return rows.map((r) => ({ key: r.key, hours: round(r.hours ?? 0) ?? 0, engagementsWithHours: r.n }));
}

export type FeedbackRow = {
  key: string;
  coalitionRating: number | null;
  coalitionRatings: number;
  expertRating: number | null;
  expertRatings: number;
};

async function feedbackPanel(client: Client, f: ImpactFilters): Promise<FeedbackRow[]> {
  const { from, to } = range(f);
  const rows = await analytic(
    client,
    (q) => q.$queryRaw<
      Array<{ key: string; c_avg: number | null; c_n: number; e_avg: number | null; e_n: number }>
    >`
    WITH base AS (
      SELECT ${keysOf(f.by)} AS keys, fb.rating, (fb."organisationId" = e."coalitionOrganisationId") AS coalition_side
      FROM "EngagementFeedback" fb JOIN "Engagement" e ON e.id = fb."engagementId"
      JOIN "Need" n ON n.id = e."needId" JOIN "Country" c ON c.code = n."countryCode"
      WHERE e.status = 'closed' AND e."closedAt" >= ${from} AND e."closedAt" < ${to} ${regionFilter(f.region)}
    ), keyed AS (
      SELECT k.key, base.rating, base.coalition_side FROM base CROSS JOIN LATERAL unnest(base.keys) AS k(key)
      UNION ALL SELECT '*', base.rating, base.coalition_side FROM base
    )
    SELECT key,
           AVG(rating) FILTER (WHERE coalition_side)::float8 AS c_avg,
           COUNT(*) FILTER (WHERE coalition_side)::int AS c_n,
           AVG(rating) FILTER (WHERE NOT coalition_side)::float8 AS e_avg,
           COUNT(*) FILTER (WHERE NOT coalition_side)::int AS e_n
    FROM keyed GROUP BY key`,
  );
  return rows.map((r) => ({
    key: r.key,
    coalitionRating: round(r.c_avg, 2),
    coalitionRatings: r.c_n,
    expertRating: round(r.e_avg, 2),
    expertRatings: r.e_n,
  }));
}

export type TimingRow = { key: string; engagedNeeds: number; medianDaysToEngagement: number | null };

async function timingPanel(client: Client, f: ImpactFilters): Promise<TimingRow[]> {
  const { from, to } = range(f);
  const rows = await analytic(
    client,
    (q) => q.$queryRaw<Array<{ key: string; n: number; med: number | null }>>`
    WITH base AS (
      SELECT ${keysOf(f.by)} AS keys, EXTRACT(EPOCH FROM n."engagedAt" - n."openedAt") / 86400.0 AS days
      FROM "Need" n JOIN "Country" c ON c.code = n."countryCode"
      WHERE n."engagedAt" >= ${from} AND n."engagedAt" < ${to} AND n."openedAt" IS NOT NULL ${regionFilter(f.region)}
    ), keyed AS (
      SELECT k.key, base.days FROM base CROSS JOIN LATERAL unnest(base.keys) AS k(key)
      UNION ALL SELECT '*', base.days FROM base
    )
    SELECT key, COUNT(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::float8 AS med
    FROM keyed GROUP BY key`,
  );
  return rows.map((r) => ({ key: r.key, engagedNeeds: r.n, medianDaysToEngagement: round(r.med) }));
}

function round(v: number | null, digits = 1) {
  return v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;
}

/** The panels, for the benchmark (one timing each) and the report. */
export const impactPanels = {
  needsMet: needsMetPanel,
  engagements: engagementsPanel,
  hours: hoursPanel,
  feedback: feedbackPanel,
  timing: timingPanel,
} as const;

// ───────────── the report ─────────────

export type ImpactRow = {
  key: string;
  needsMet: number;
  engagementsStarted: number;
  peerEngagements: number;
  engagementsClosed: number;
  achieved: number;
  partlyAchieved: number;
  notAchieved: number;
  cancelled: number;
  hours: number;
  engagementsWithHours: number;
  coalitionRating: number | null;
  coalitionRatings: number;
  expertRating: number | null;
  expertRatings: number;
  medianDaysToEngagement: number | null;
  engagedNeeds: number;
};

const emptyRow = (key: string): ImpactRow => ({
  key,
  needsMet: 0,
  engagementsStarted: 0,
  peerEngagements: 0,
  engagementsClosed: 0,
  achieved: 0,
  partlyAchieved: 0,
  notAchieved: 0,
  cancelled: 0,
  hours: 0,
  engagementsWithHours: 0,
  coalitionRating: null,
  coalitionRatings: 0,
  expertRating: null,
  expertRatings: 0,
  medianDaysToEngagement: null,
  engagedNeeds: 0,
});

/** Every panel, merged into one row per group (most engagements first) and the total row last. */
export async function impactReport(client: Client, f: ImpactFilters) {
  const [met, engagements, hours, feedback, timing] = await Promise.all([
    needsMetPanel(client, f),
    engagementsPanel(client, f),
    hoursPanel(client, f),
    feedbackPanel(client, f),
    timingPanel(client, f),
  ]);
  const rows = new Map<string, ImpactRow>();
  const row = (key: string) => {
    let r = rows.get(key);
    if (!r) rows.set(key, (r = emptyRow(key)));
    return r;
  };
  for (const m of met) row(m.key).needsMet = m.needsMet;
  for (const e of engagements)
    Object.assign(row(e.key), {
      engagementsStarted: e.started,
      peerEngagements: e.peer,
      engagementsClosed: e.closed,
      achieved: e.achieved,
      partlyAchieved: e.partlyAchieved,
      notAchieved: e.notAchieved,
      cancelled: e.cancelled,
    });
  for (const h of hours)
    Object.assign(row(h.key), { hours: h.hours, engagementsWithHours: h.engagementsWithHours });
  for (const fb of feedback) {
    const { key: _k, ...rest } = fb;
    Object.assign(row(fb.key), rest);
  }
  for (const t of timing) {
    const { key: _k, ...rest } = t;
    Object.assign(row(t.key), rest);
  }
  const total = rows.get("*") ?? emptyRow("*");
  rows.delete("*");
  const groups = [...rows.values()].sort(
    (a, b) =>
      b.engagementsStarted - a.engagementsStarted || b.needsMet - a.needsMet || a.key.localeCompare(b.key),
  );
  return { groups, total };
}

export type ImpactReport = Awaited<ReturnType<typeof impactReport>>;

// ───────────── the public version ─────────────

/** A figure of the public report: a number, "<5" (a small count), or withheld ("—"). */
export type PublicValue = number | "<5" | null;

export type PublicRow = {
  key: string;
  needsMet: PublicValue;
  engagementsStarted: PublicValue;
  peerEngagements: PublicValue;
  engagementsClosed: PublicValue;
  achieved: PublicValue;
  partlyAchieved: PublicValue;
  notAchieved: PublicValue;
  cancelled: PublicValue;
  hours: PublicValue;
  coalitionRating: PublicValue;
  expertRating: PublicValue;
  medianDaysToEngagement: PublicValue;
};

export const publicCountColumns = [
  "needsMet",
  "engagementsStarted",
  "peerEngagements",
  "engagementsClosed",
  "achieved",
  "partlyAchieved",
  "notAchieved",
  "cancelled",
] as const;

const MIN = publicImpactMinimumCount;

/** A count: shown from MIN, "<5" from 1 to MIN − 1, 0 as 0 (nothing happened identifies no one). */
function publicCount(n: number): PublicValue {
  return n === 0 || n >= MIN ? n : "<5";
}

/** A figure computed from `basis` items: withheld unless at least MIN items stand behind it. */
function publicFigure(value: number | null, basis: number): PublicValue {
  return value === null || basis < MIN ? null : value;
}

function toPublic(r: ImpactRow): PublicRow {
  return {
    key: r.key,
    needsMet: publicCount(r.needsMet),
    engagementsStarted: publicCount(r.engagementsStarted),
    peerEngagements: publicCount(r.peerEngagements),
    engagementsClosed: publicCount(r.engagementsClosed),
    achieved: publicCount(r.achieved),
    partlyAchieved: publicCount(r.partlyAchieved),
    notAchieved: publicCount(r.notAchieved),
    cancelled: publicCount(r.cancelled),
    hours: publicFigure(r.hours, r.engagementsWithHours),
    coalitionRating: publicFigure(r.coalitionRating, r.coalitionRatings),
    expertRating: publicFigure(r.expertRating, r.expertRatings),
    medianDaysToEngagement: publicFigure(r.medianDaysToEngagement, r.engagedNeeds),
  };
}

/**
 * The public version: small counts become "<5"; figures with fewer than 5 items behind them are withheld;
 * and where a column holds exactly one small count among the groups, the smallest other count of that
 * column is withheld too (null), so that the total minus the others cannot reveal it.
 */
export function publicReport(report: ImpactReport): { groups: PublicRow[]; total: PublicRow } {
  const groups = report.groups.map(toPublic);
  for (const col of publicCountColumns) {
    const small = groups.filter((g) => g[col] === "<5");
    if (small.length !== 1) continue;
    let victim: PublicRow | null = null;
    for (const g of groups) {
      const v = g[col];
      if (typeof v === "number" && v > 0 && (!victim || v < (victim[col] as number))) victim = g;
    }
    if (victim) victim[col] = null;
  }
  return { groups, total: toPublic(report.total) };
}

// ───────────── the public report's cache ─────────────

const publicCache = new Map<string, { at: number; report: Promise<ImpactReport> }>();
const PUBLIC_TTL_MS = 5 * 60_000;

/**
 * The report behind the public page and its CSV, kept five minutes per filter set: visitors need not
 * run five aggregates each (and cannot make the database do so at will). The secretariat's is always live.
 */
export function cachedImpactReport(client: Client, f: ImpactFilters, now = Date.now()) {
  const key = JSON.stringify([f.from, f.to, f.by, f.region ?? ""]);
  const hit = publicCache.get(key);
  if (hit && now - hit.at < PUBLIC_TTL_MS) return hit.report;
  if (publicCache.size > 200) publicCache.clear();
  const report = impactReport(client, f);
  publicCache.set(key, { at: now, report });
  report.catch(() => publicCache.delete(key));
  return report;
}
