// What a match run reads from PostgreSQL, mapped onto the core's shapes: the needs (all matchable ones, or
// the ones an event touches with the needs contending for their offers), the offers they could use, loads,
// history, exclusions, and the needs' proposals sorted into locked, movable and declined pairs. Grouped
// queries, one after the other on the run's connection — never one per offer or need.
import type { ProposalStatus, VettingLevel } from "~/generated/prisma/enums";
import { expertVettingAllowsMatch, needRequiresTrustedExpert } from "~/features/auth/policy";
import { coversCountrySql } from "~/features/auth/policy-sql.server";
import { Prisma } from "~/generated/prisma/client";
import type { Tx } from "~/utils/db.server";
import type {
  ExpertLoad,
  LiveProposal,
  MatchInput,
  MatchNeed,
  MatchOffer,
  OfferLoad,
  OutcomeHistory,
  PairRef,
} from "../core";

/** Proposals that still hold a slot (of the need's K and of the offer's capacity). */
export const liveProposalStatuses: ProposalStatus[] = ["proposed", "approved", "accepted"];
/**
 * `closedReason` of a proposal the matcher released because the global assignment gave its place to
 * another need (or spread load otherwise): unlike other withdrawals, the pair may be proposed again.
 */
export const REASSIGNED = "reassigned";

export const matchableNeedStatuses = ["open", "matching"] as const;
/** Event-driven runs re-decide the movable proposals of needs up to this many hops away, and at most this many needs. */
const EVENT_HOPS = 2;
const EVENT_SCOPE_LIMIT = 2_000;

/** Whether the matcher may move a live proposal: made by the worker, still `proposed`, never reviewed. */
function isMovableProposal(p: { status: ProposalStatus; reviewedAt: Date | null; source: string }): boolean {
  return p.status === "proposed" && p.reviewedAt === null && p.source === "worker";
}
/** The same rule in SQL (alias `p` for "Proposal"). */
export const MOVABLE_SQL = `p.status = 'proposed' AND p."reviewedAt" IS NULL AND p.source = 'worker'`;

/** Vetting levels whose organisations' offers the matcher may consider at all (policy rule). */
const matchableVetting: VettingLevel[] = (["unverified", "verified", "trusted"] as const).filter((v) =>
  expertVettingAllowsMatch(v, false),
);

// ───────────── rows → core shapes ─────────────

export type NeedRow = {
  id: string;
  organisationId: string;
  status: MatchNeed["status"];
  categoryId: string;
  topicIds: string[];
  countryCode: string;
  languages: string[];
  urgency: MatchNeed["urgency"];
  wantedBy: Date | null;
  effortHours: number | null;
  format: MatchNeed["format"];
  openedAt: Date | null;
  visibility: "network" | "secretariat";
  region: string;
  rating: "open" | "narrowed" | "obstructed" | "repressed" | "closed";
};

export function toMatchNeed(n: NeedRow, exclusions: Map<string, string[]>): MatchNeed {
  return {
    id: n.id,
    organisationId: n.organisationId,
    status: n.status,
    categoryId: n.categoryId,
    topicKeys: n.topicIds,
    countryCode: n.countryCode,
    regionCode: n.region,
    languages: n.languages,
    urgency: n.urgency,
    wantedBy: n.wantedBy,
    effortHours: n.effortHours,
    format: n.format,
    openedAt: n.openedAt,
    requiresTrusted: needRequiresTrustedExpert(n, n.rating),
    excludedOrganisationIds: exclusions.get(n.organisationId) ?? [],
  };
}

export type OfferRow = Omit<MatchOffer, "topicKeys" | "organisationVetting"> & {
  topicIds: string[];
  vettingLevel: MatchOffer["organisationVetting"];
};

export function toMatchOffer(o: OfferRow): MatchOffer {
  return {
    id: o.id,
    organisationId: o.organisationId,
    organisationVetting: o.vettingLevel,
    status: o.status,
    categoryIds: o.categoryIds,
    topicKeys: o.topicIds,
    coverageGlobal: o.coverageGlobal,
    coverageCountries: o.coverageCountries,
    coverageRegions: o.coverageRegions,
    languages: o.languages,
    hoursPerMonth: o.hoursPerMonth,
    maxConcurrent: o.maxConcurrent,
    availableFrom: o.availableFrom,
    availableTo: o.availableTo,
    responseTimeDays: o.responseTimeDays,
    format: o.format,
  };
}

const NEED_COLUMNS = `n.id, n."organisationId", n.status::text AS status, n."categoryId", n."topicIds",
  n."countryCode", n.languages, n.urgency::text AS urgency, n."wantedBy", n."effortHours",
  n.format::text AS format, n."openedAt", n.visibility::text AS visibility, c.region::text AS region,
  c."civicSpaceRating"::text AS rating`;

export async function loadNeeds(tx: Tx, ids: readonly string[] | "matchable"): Promise<NeedRow[]> {
  if (ids === "matchable")
    return tx.$queryRawUnsafe<NeedRow[]>(
      `SELECT ${NEED_COLUMNS} FROM "Need" n JOIN "Country" c ON c.code = n."countryCode"
       WHERE n.status::text = ANY($1::text[]) ORDER BY n.id`,
      [...matchableNeedStatuses],
    );
  if (ids.length === 0) return [];
  return tx.$queryRawUnsafe<NeedRow[]>(
    `SELECT ${NEED_COLUMNS} FROM "Need" n JOIN "Country" c ON c.code = n."countryCode"
     WHERE n.id = ANY($1::text[]) ORDER BY n.id`,
    [...ids],
  );
}

export const OFFER_COLUMNS = `o.id, o."organisationId", org."vettingLevel"::text AS "vettingLevel", o.status::text AS status,
  o."categoryIds", o."topicIds", o."coverageGlobal", o."coverageCountries", o."coverageRegions"::text[] AS "coverageRegions",
  o.languages, o."hoursPerMonth", o."maxConcurrent", o."availableFrom", o."availableTo", o."responseTimeDays",
  o.format::text AS format`;

/**
 * The offers a run looks at: active offers of organisations the policy lets be matched — all of them, or
 * those that could fit the given needs (category, a shared language, coverage) — plus the offers of the
 * given movable proposals, whatever their state (the run must judge them).
 */
async function loadOffers(
  tx: Tx,
  needs: readonly NeedRow[] | "all",
  extraOfferIds: readonly string[],
): Promise<OfferRow[]> {
  const active = `o.status = 'active' AND org."vettingLevel"::text = ANY($1::text[])`;
  if (needs === "all")
    return tx.$queryRawUnsafe<OfferRow[]>(
      `SELECT ${OFFER_COLUMNS} FROM "Offer" o JOIN "Organisation" org ON org.id = o."organisationId"
       WHERE (${active}) OR o.id = ANY($2::text[]) ORDER BY o.id`,
      matchableVetting,
      [...extraOfferIds],
    );
  const criteria = needs
    .filter((n) => (matchableNeedStatuses as readonly string[]).includes(n.status))
    .map((n) => ({ cat: n.categoryId, langs: n.languages, country: n.countryCode, region: n.region }));
  // Coverage is the policy's one rule (coversCountrySql), applied to each need's country and region.
  const covers = coversCountrySql("o", Prisma.sql`n.country`, Prisma.sql`n.region`);
  return tx.$queryRaw<OfferRow[]>(Prisma.sql`
    SELECT ${Prisma.raw(OFFER_COLUMNS)} FROM "Offer" o JOIN "Organisation" org ON org.id = o."organisationId"
     WHERE ((o.status = 'active' AND org."vettingLevel"::text = ANY(${matchableVetting}::text[])) AND EXISTS (
             SELECT 1 FROM jsonb_to_recordset(${JSON.stringify(criteria)}::jsonb) AS n(cat text, langs text[], country text, region text)
             WHERE o."categoryIds" @> ARRAY[n.cat] AND o.languages && n.langs AND ${covers}))
        OR o.id = ANY(${[...extraOfferIds]}::text[])
     ORDER BY o.id`);
}

export type PairRow = {
  id: string;
  needId: string;
  offerId: string;
  expertOrganisationId: string;
  status: ProposalStatus;
  reviewedAt: Date | null;
  source: string;
  closedReason: string | null;
  score: number;
};

async function loadPairs(tx: Tx, needIds: readonly string[]): Promise<PairRow[]> {
  if (needIds.length === 0) return [];
  return tx.$queryRaw<PairRow[]>`
    SELECT p.id, p."needId", p."offerId", p."expertOrganisationId", p.status::text AS status, p."reviewedAt",
           p.source::text AS source, p."closedReason", p.score
    FROM "Proposal" p WHERE p."needId" = ANY(${[...needIds]}::text[])`;
}

/**
 * Needs an event-driven run takes with it: those holding a movable proposal on an offer the run's needs
 * could use, up to EVENT_HOPS hops away (their own alternatives may be held by others), at most
 * EVENT_SCOPE_LIMIT needs. The scheduled rebalance takes every need.
 */
async function eventScope(tx: Tx, start: NeedRow[]): Promise<NeedRow[]> {
  const scope = new Map(start.map((n) => [n.id, n]));
  let frontier = start;
  for (let hop = 0; hop < EVENT_HOPS && frontier.length && scope.size < EVENT_SCOPE_LIMIT; hop++) {
    const offers = await loadOffers(tx, frontier, []);
    if (offers.length === 0) break;
    const holders = await tx.$queryRawUnsafe<Array<{ needId: string }>>(
      `SELECT DISTINCT p."needId" FROM "Proposal" p JOIN "Need" n ON n.id = p."needId"
       WHERE p."offerId" = ANY($1::text[]) AND ${MOVABLE_SQL}
         AND n.status::text = ANY($2::text[]) AND NOT (p."needId" = ANY($3::text[]))
       ORDER BY p."needId" LIMIT $4`,
      offers.map((o) => o.id),
      [...matchableNeedStatuses],
      [...scope.keys()],
      EVENT_SCOPE_LIMIT - scope.size,
    );
    if (holders.length === 0) break;
    frontier = await loadNeeds(
      tx,
      holders.map((h) => h.needId),
    );
    for (const n of frontier) scope.set(n.id, n);
  }
  return [...scope.values()];
}

/** Loads, reference load, history, exclusions and pairs: grouped queries, never one per offer or need. */
export async function loadContext(tx: Tx, needs: readonly NeedRow[], offers: readonly OfferRow[], now: Date) {
  const needIds = needs.map((n) => n.id);
  const offerIds = offers.map((o) => o.id);
  const orgIds = [...new Set(offers.map((o) => o.organisationId))];
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
  const live = liveProposalStatuses as string[];
  // one after the other: they share the run's transaction (its connection serves one query at a time)
  const offerRows = await tx.$queryRaw<
    Array<{ offerId: string; proposals: number; engagements: number; hours: number }>
  >`
    SELECT o.id AS "offerId",
      (SELECT COUNT(*) FROM "Proposal" p WHERE p."offerId" = o.id AND p.status::text = ANY(${live}::text[]))::int AS proposals,
      (SELECT COUNT(*) FROM "Engagement" e WHERE e."offerId" = o.id AND e.status = 'active')::int AS engagements,
      (SELECT COALESCE(SUM(u.hours), 0) FROM "Engagement" e JOIN "EngagementUpdate" u ON u."engagementId" = e.id
        WHERE e."offerId" = o.id AND e.status = 'active' AND u."createdAt" >= ${monthAgo})::float AS hours
    FROM unnest(${offerIds}::text[]) AS o(id)`;
  const orgRows = await tx.$queryRaw<Array<{ orgId: string; proposals: number; engagements: number }>>`
    SELECT g.id AS "orgId",
      (SELECT COUNT(*) FROM "Proposal" p WHERE p."expertOrganisationId" = g.id AND p.status::text = ANY(${live}::text[]))::int AS proposals,
      (SELECT COUNT(*) FROM "Engagement" e WHERE e."expertOrganisationId" = g.id AND e.status = 'active')::int AS engagements
    FROM unnest(${orgIds}::text[]) AS g(id)`;
  // Ratings the coalitions gave (the expert's own feedback on the coalition does not count).
  const ratings = await tx.$queryRaw<Array<{ orgId: string; n: number; sum: number }>>`
    SELECT e."expertOrganisationId" AS "orgId", COUNT(*)::int AS n, SUM(f.rating)::int AS sum
    FROM "EngagementFeedback" f JOIN "Engagement" e ON e.id = f."engagementId"
    WHERE e."expertOrganisationId" = ANY(${orgIds}::text[]) AND f."organisationId" = e."coalitionOrganisationId"
    GROUP BY e."expertOrganisationId"`;
  const outcomes = await tx.$queryRaw<Array<{ orgId: string; outcome: string; n: number }>>`
    SELECT e."expertOrganisationId" AS "orgId", e.outcome::text AS outcome, COUNT(*)::int AS n
    FROM "Engagement" e
    WHERE e."expertOrganisationId" = ANY(${orgIds}::text[]) AND e.status = 'closed' AND e.outcome IS NOT NULL
    GROUP BY 1, 2`;
  const exclusionRows = await tx.exclusion.findMany({
    where: { coalitionOrganisationId: { in: [...new Set(needs.map((n) => n.organisationId))] } },
    select: { coalitionOrganisationId: true, excludedOrganisationId: true },
  });
  const pairs = await loadPairs(tx, needIds);
  // The reference load of the fairness penalty, network-wide and without movable proposals, so that a
  // run on a few needs and a full rebalance weigh loads alike (and a rebalance does not depend on what
  // earlier runs proposed).
  const reference = await tx.$queryRawUnsafe<Array<{ load: number; orgs: number }>>(
    `SELECT (SELECT COUNT(*) FROM "Proposal" p WHERE p.status::text = ANY($1::text[]) AND NOT (${MOVABLE_SQL}))::float
          + (SELECT COUNT(*) FROM "Engagement" e WHERE e.status = 'active')::float AS load,
            (SELECT COUNT(DISTINCT o."organisationId") FROM "Offer" o JOIN "Organisation" org ON org.id = o."organisationId"
             WHERE o.status = 'active' AND org."vettingLevel"::text = ANY($2::text[]))::int AS orgs`,
    live,
    matchableVetting,
  );

  const offerLoads = new Map<string, OfferLoad>();
  for (const r of offerRows)
    offerLoads.set(r.offerId, {
      activeEngagements: r.engagements,
      openProposals: r.proposals,
      hoursCommitted: Number(r.hours),
    });
  const expertLoads = new Map<string, ExpertLoad>();
  for (const r of orgRows)
    expertLoads.set(r.orgId, { activeEngagements: r.engagements, openProposals: r.proposals });

  const outcomeHistory = new Map<string, OutcomeHistory>();
  const history = (id: string) => {
    let h = outcomeHistory.get(id);
    if (!h)
      outcomeHistory.set(
        id,
        (h = { ratingCount: 0, ratingSum: 0, achieved: 0, partlyAchieved: 0, notAchieved: 0 }),
      );
    return h;
  };
  for (const r of ratings) Object.assign(history(r.orgId), { ratingCount: r.n, ratingSum: r.sum });
  for (const r of outcomes) {
    const h = history(r.orgId);
    if (r.outcome === "achieved") h.achieved = r.n;
    if (r.outcome === "partly_achieved") h.partlyAchieved = r.n;
    if (r.outcome === "not_achieved") h.notAchieved = r.n;
  }

  const exclusions = new Map<string, string[]>();
  for (const e of exclusionRows) {
    exclusions.set(e.coalitionOrganisationId, [
      ...(exclusions.get(e.coalitionOrganisationId) ?? []),
      e.excludedOrganisationId,
    ]);
  }

  const existingProposals: LiveProposal[] = [];
  const movableProposals: LiveProposal[] = [];
  const declinedPairs: PairRef[] = [];
  for (const p of pairs) {
    const ref = { needId: p.needId, offerId: p.offerId, expertOrganisationId: p.expertOrganisationId };
    if (liveProposalStatuses.includes(p.status) || p.status === "confirmed") {
      if (isMovableProposal(p)) movableProposals.push(ref);
      else existingProposals.push(ref);
    } else if (!(p.status === "withdrawn" && p.closedReason === REASSIGNED)) declinedPairs.push(ref);
  }
  const ref = reference[0];
  const referenceLoad = ref && ref.orgs > 0 ? Number(ref.load) / ref.orgs : 0;
  return {
    offerLoads,
    expertLoads,
    outcomeHistory,
    exclusions,
    existingProposals,
    movableProposals,
    declinedPairs,
    pairs,
    referenceLoad,
  };
}

/** Everything a run needs, loaded inside the caller's transaction. Also used by `bench:matching`. */
export async function loadMatchInput(tx: Tx, needIds: readonly string[] | "all", now: Date) {
  let needRows: NeedRow[];
  let offerScope: NeedRow[] | "all";
  if (needIds === "all") {
    needRows = await loadNeeds(tx, "matchable");
    offerScope = "all";
  } else {
    needRows = await eventScope(tx, await loadNeeds(tx, needIds));
    offerScope = needRows;
  }
  // the offers of unreviewed proposals (movable ones, and hand-made ones that may no longer hold), whatever
  // their state: the run judges them
  const movableOffers = await tx.$queryRawUnsafe<Array<{ offerId: string }>>(
    `SELECT DISTINCT p."offerId" FROM "Proposal" p
     WHERE p."needId" = ANY($1::text[]) AND p.status = 'proposed' AND p."reviewedAt" IS NULL`,
    needRows.map((n) => n.id),
  );
  const offers = await loadOffers(
    tx,
    offerScope,
    movableOffers.map((r) => r.offerId),
  );
  const ctx = await loadContext(tx, needRows, offers, now);
  const input: MatchInput = {
    now,
    needs: needRows.map((n) => toMatchNeed(n, ctx.exclusions)),
    offers: offers.map(toMatchOffer),
    offerLoads: ctx.offerLoads,
    expertLoads: ctx.expertLoads,
    referenceLoad: ctx.referenceLoad,
    outcomeHistory: ctx.outcomeHistory,
    existingProposals: ctx.existingProposals,
    movableProposals: ctx.movableProposals,
    declinedPairs: ctx.declinedPairs,
  };
  return { input, pairs: ctx.pairs, needRows };
}
