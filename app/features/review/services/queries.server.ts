// Read models for the review, proposal and coalition pages. Every list is paginated and loaded in a
// fixed number of queries (no N+1).
import { expertVisibleStatuses, offerPublisherKinds, type Viewer } from "~/features/auth/policy";
import type { Db, Prisma } from "~/utils/db.server";
import { liveProposalStatuses } from "~/features/matching/index.server";
import { parseBreakdown } from "~/features/matching/breakdown";
import { loadExpertHistory } from "./secretariat.server";

import { REVIEW_PAGE_SIZE } from "../constants";
export { parseQueueFilters } from "../constants";

const urgencyRank = `CASE n.urgency WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;

/**
 * The secretariat's queue: needs with proposals waiting for review, most urgent first, then the oldest
 * waiting proposal; each with every candidate (side by side), offer load and the expert's history.
 */
/** Countries of the needs waiting in the queue (the country filter's choices). */
export async function queuedCountries(client: Db): Promise<string[]> {
  const rows = await client.need.findMany({
    where: { proposals: { some: { status: "proposed" } } },
    distinct: ["countryCode"],
    select: { countryCode: true },
    orderBy: { countryCode: "asc" },
  });
  return rows.map((r) => r.countryCode);
}

/** The review queue's filters (issue 21): all optional, all from the query string. */
export type ReviewQueueFilters = {
  needId?: string | null;
  /** Words in the need's title or summary, the coalition's name, or a candidate expert's name. */
  search?: string | null;
  urgency?: string | null;
  category?: string | null;
  country?: string | null;
  source?: string | null;
  /** Only needs past their wanted-by date. */
  overdue?: boolean;
};

export async function loadReviewQueue(client: Db, options: { page: number } & ReviewQueueFilters) {
  const offset = (options.page - 1) * REVIEW_PAGE_SIZE;
  // Every value travels as a bind parameter; only the placeholders' numbers are spliced in.
  const params: unknown[] = [];
  const where: string[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (options.needId) where.push(`p."needId" = ${bind(options.needId)}`);
  if (options.urgency) where.push(`n.urgency::text = ${bind(options.urgency)}`);
  if (options.category) where.push(`n."categoryId" = ${bind(options.category)}`);
  if (options.country) where.push(`n."countryCode" = ${bind(options.country)}`);
  if (options.source) where.push(`p.source::text = ${bind(options.source)}`);
  if (options.overdue) where.push(`n."wantedBy" < date_trunc('day', now() AT TIME ZONE 'UTC')`);
  if (options.search) {
    const like = bind(`%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(n.title ILIKE ${like} OR n.summary ILIKE ${like}
      OR EXISTS (SELECT 1 FROM "Organisation" c WHERE c.id = n."organisationId" AND c.name ILIKE ${like})
      OR EXISTS (SELECT 1 FROM "Organisation" e WHERE e.id = p."expertOrganisationId" AND e.name ILIKE ${like}))`);
  }
  const rows = await client.$queryRawUnsafe<Array<{ needId: string; waitingSince: Date; total: number }>>(
    `SELECT p."needId" AS "needId", MIN(p."createdAt") AS "waitingSince", COUNT(*) OVER ()::int AS total
     FROM "Proposal" p JOIN "Need" n ON n.id = p."needId"
     WHERE p.status = 'proposed' ${where.map((w) => `AND ${w}`).join(" ")}
     GROUP BY p."needId", n.urgency
     ORDER BY ${urgencyRank}, MIN(p."createdAt"), p."needId"
     LIMIT ${REVIEW_PAGE_SIZE} OFFSET ${offset}`,
    ...params,
  );
  const total = rows[0]?.total ?? 0;
  const needIds = rows.map((r) => r.needId);
  if (!needIds.length) return { total, groups: [] };
  const [needs, proposals] = await Promise.all([
    client.need.findMany({
      where: { id: { in: needIds } },
      select: {
        id: true,
        title: true,
        summary: true,
        countryCode: true,
        categoryId: true,
        topicIds: true,
        languages: true,
        urgency: true,
        status: true,
        wantedBy: true,
        expertsWanted: true,
        anonymised: true,
        visibility: true,
        openedAt: true,
        organisationId: true,
        organisation: { select: { name: true } },
      },
    }),
    client.proposal.findMany({
      where: { needId: { in: needIds } },
      orderBy: [{ score: "desc" }, { createdAt: "asc" }],
      select: {
        id: true,
        needId: true,
        status: true,
        source: true,
        score: true,
        breakdown: true,
        createdAt: true,
        rejectionReason: true,
        declineReason: true,
        offer: {
          select: {
            id: true,
            title: true,
            peerKinds: true,
            maxConcurrent: true,
            hoursPerMonth: true,
            responseTimeDays: true,
            terms: true,
          },
        },
        expertOrganisation: { select: { id: true, name: true, vettingLevel: true, kind: true } },
      },
    }),
  ]);
  const offerIds = [...new Set(proposals.map((p) => p.offer.id))];
  const orgIds = [...new Set(proposals.map((p) => p.expertOrganisation.id))];
  const [liveByOffer, activeByOffer, history] = await Promise.all([
    client.proposal.groupBy({
      by: ["offerId"],
      where: { offerId: { in: offerIds }, status: { in: liveProposalStatuses } },
      _count: { _all: true },
    }),
    client.engagement.groupBy({
      by: ["offerId"],
      where: { offerId: { in: offerIds }, status: "active" },
      _count: { _all: true },
    }),
    loadExpertHistory(client, orgIds),
  ]);
  const live = new Map(liveByOffer.map((r) => [r.offerId, r._count._all]));
  const active = new Map(activeByOffer.map((r) => [r.offerId, r._count._all]));
  const needById = new Map(needs.map((n) => [n.id, n]));
  const groups = rows.map((r) => {
    const need = needById.get(r.needId)!;
    return {
      waitingSince: r.waitingSince,
      need: { ...need, coalitionName: need.organisation.name, organisation: undefined },
      candidates: proposals
        .filter((p) => p.needId === r.needId)
        .map((p) => {
          const h = history.get(p.expertOrganisation.id);
          return {
            id: p.id,
            status: p.status,
            source: p.source,
            score: p.score,
            createdAt: p.createdAt,
            reason: p.rejectionReason ?? p.declineReason ?? null,
            breakdown: parseBreakdown(p.breakdown, p.score),
            offer: p.offer,
            expert: p.expertOrganisation,
            load: {
              liveProposals: live.get(p.offer.id) ?? 0,
              activeEngagements: active.get(p.offer.id) ?? 0,
              slots: p.offer.maxConcurrent,
            },
            history: h
              ? {
                  closed: h.closed,
                  achieved: h.achieved ?? 0,
                  partly: h.partlyAchieved ?? 0,
                  notAchieved: h.notAchieved ?? 0,
                  ratingAvg: h.ratingAvg,
                  ratingCount: h.ratingCount,
                }
              : { closed: 0, achieved: 0, partly: 0, notAchieved: 0, ratingAvg: null, ratingCount: 0 },
          };
        }),
    };
  });
  return { total, groups };
}

/** Offers the secretariat may propose by hand for a need: active, not the need's own, not already paired. */
export async function searchOffersForNeed(client: Db, needId: string, q: string) {
  const need = await client.need.findUnique({
    where: { id: needId },
    select: { organisationId: true, categoryId: true },
  });
  if (!need) return [];
  const where: Prisma.OfferWhereInput = {
    status: "active",
    organisationId: { not: need.organisationId },
    proposals: { none: { needId } },
    ...(q
      ? {
          OR: [
            { title: { contains: q, mode: "insensitive" } },
            { organisation: { name: { contains: q, mode: "insensitive" } } },
          ],
        }
      : { categoryIds: { has: need.categoryId } }),
  };
  return client.offer.findMany({
    where,
    orderBy: [{ publishedAt: "desc" }, { id: "asc" }],
    take: 10,
    select: {
      id: true,
      title: true,
      categoryIds: true,
      coverageGlobal: true,
      coverageCountries: true,
      coverageRegions: true,
      organisation: { select: { name: true } },
    },
  });
}

export function expertProposalsWhere(viewer: NonNullable<Viewer>): Prisma.ProposalWhereInput {
  return {
    expertOrganisationId: {
      // expert organisations, and coalitions on their peer offers
      in: viewer.memberships.filter((m) => offerPublisherKinds.includes(m.kind)).map((m) => m.organisationId),
    },
    status: { in: expertVisibleStatuses },
    reviewedAt: { not: null },
  };
}
