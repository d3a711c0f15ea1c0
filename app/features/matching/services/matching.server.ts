// The matching engine's persistence: loads what the pure core needs from PostgreSQL, runs it, and writes
// the new proposals — with their breakdown and the match run that made them — in one transaction.
// Retries are harmless: a pair is unique (needId, offerId), and a pair that exists is never proposed again.
import type { PrismaClient } from "~/generated/prisma/client";
import type { MatchTrigger, ProposalStatus } from "~/generated/prisma/enums";
import { needRequiresTrustedExpert } from "~/features/auth/policy";
import { markNeedMatching, reopenNeed } from "~/features/needs/services/need-lifecycle.server";
import type { Tx } from "~/utils/db.server";
import { audit } from "~/utils/audit.server";
import { logger } from "~/utils/logger.server";
import {
  checkHardFilters,
  fairnessMarginal,
  freeHours,
  freeSlots,
  scorePair,
  resolveMatchingConfig,
  runMatching,
  type ExpertLoad,
  type MatchInput,
  type MatchNeed,
  type MatchOffer,
  type MatchingConfigOverrides,
  type OfferLoad,
  type OutcomeHistory,
  type PairRef,
  type HardFilterCode,
  type ScoreBreakdown,
} from "../core";

/** Proposals that still hold a slot (of the need's K and of the offer's capacity). */
export const liveProposalStatuses: ProposalStatus[] = ["proposed", "approved", "accepted"];
/** Pairs that must never be proposed again. */
export const finishedProposalStatuses: ProposalStatus[] = [
  "rejected",
  "declined_by_expert",
  "declined_by_coalition",
  "withdrawn",
  "expired",
  "closed",
];

const matchableNeedStatuses = ["open", "matching"] as const;
/** Advisory lock key serialising match runs (any constant unique to this purpose). */
const MATCHING_LOCK = 7_310_001;

type NeedRow = {
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
  visibility: "network" | "secretariat";
  country: { region: string; civicSpaceRating: "open" | "narrowed" | "obstructed" | "repressed" | "closed" };
};

export function toMatchNeed(n: NeedRow, exclusions: Map<string, string[]>): MatchNeed {
  return {
    id: n.id,
    organisationId: n.organisationId,
    status: n.status,
    categoryId: n.categoryId,
    topicKeys: n.topicIds,
    countryCode: n.countryCode,
    regionCode: n.country.region,
    languages: n.languages,
    urgency: n.urgency,
    wantedBy: n.wantedBy,
    effortHours: n.effortHours,
    requiresTrusted: needRequiresTrustedExpert(n, n.country.civicSpaceRating),
    excludedOrganisationIds: exclusions.get(n.organisationId) ?? [],
  };
}

/** The need columns the matching core reads (toMatchNeed). */
export const matchNeedSelect = {
  id: true,
  organisationId: true,
  status: true,
  categoryId: true,
  topicIds: true,
  countryCode: true,
  languages: true,
  urgency: true,
  wantedBy: true,
  effortHours: true,
  visibility: true,
  country: { select: { region: true, civicSpaceRating: true } },
} as const;

/** The offer columns the matching core reads (toMatchOffer). */
export const matchOfferSelect = {
  id: true,
  organisationId: true,
  status: true,
  categoryIds: true,
  topicIds: true,
  coverageGlobal: true,
  coverageCountries: true,
  coverageRegions: true,
  languages: true,
  hoursPerMonth: true,
  maxConcurrent: true,
  availableFrom: true,
  availableTo: true,
  responseTimeDays: true,
  organisation: { select: { vettingLevel: true } },
} as const;

type OfferRow = {
  id: string;
  organisationId: string;
  status: MatchOffer["status"];
  categoryIds: string[];
  topicIds: string[];
  coverageGlobal: boolean;
  coverageCountries: string[];
  coverageRegions: string[];
  languages: string[];
  hoursPerMonth: number;
  maxConcurrent: number;
  availableFrom: Date;
  availableTo: Date | null;
  responseTimeDays: number;
  organisation: { vettingLevel: MatchOffer["organisationVetting"] };
};

export function toMatchOffer(o: OfferRow): MatchOffer {
  return {
    id: o.id,
    organisationId: o.organisationId,
    organisationVetting: o.organisation.vettingLevel,
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
  };
}

/**
 * Active offers that could fit any of these needs (category, a shared language, coverage), straight from
 * the GIN indexes, so an incremental run reads a handful of offers instead of all of them.
 */
async function candidateOffers(db: Tx, needs: NeedRow[]): Promise<OfferRow[]> {
  if (needs.length === 0) return [];
  const or = needs.map((n) => ({
    categoryIds: { has: n.categoryId },
    languages: { hasSome: n.languages },
    OR: [
      { coverageGlobal: true },
      { coverageCountries: { has: n.countryCode } },
      { coverageRegions: { has: n.country.region as never } },
    ],
  }));
  return (await db.offer.findMany({
    where: { status: "active", organisation: { vettingLevel: { not: "unverified" } }, OR: or },
    select: matchOfferSelect,
    orderBy: { id: "asc" },
  })) as OfferRow[];
}

/** Loads, history, existing and declined pairs: grouped queries, never one per offer or need. */
async function loadContext(db: Tx, needIds: string[], offers: OfferRow[], now: Date) {
  const offerIds = offers.map((o) => o.id);
  const orgIds = [...new Set(offers.map((o) => o.organisationId))];
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
  const [
    offerProposals,
    offerEngagements,
    offerHours,
    orgProposals,
    orgEngagements,
    ratings,
    outcomes,
    pairs,
  ] = await Promise.all([
    db.proposal.groupBy({
      by: ["offerId"],
      where: { offerId: { in: offerIds }, status: { in: liveProposalStatuses } },
      _count: { _all: true },
    }),
    db.engagement.groupBy({
      by: ["offerId"],
      where: { offerId: { in: offerIds }, status: "active" },
      _count: { _all: true },
    }),
    db.$queryRaw<Array<{ offerId: string; hours: number }>>`
        SELECT e."offerId", COALESCE(SUM(u.hours), 0)::float AS hours
        FROM "Engagement" e JOIN "EngagementUpdate" u ON u."engagementId" = e.id
        WHERE e.status = 'active' AND e."offerId" = ANY(${offerIds}) AND u."createdAt" >= ${monthAgo}
        GROUP BY e."offerId"`,
    db.proposal.groupBy({
      by: ["expertOrganisationId"],
      where: { expertOrganisationId: { in: orgIds }, status: { in: liveProposalStatuses } },
      _count: { _all: true },
    }),
    db.engagement.groupBy({
      by: ["expertOrganisationId"],
      where: { expertOrganisationId: { in: orgIds }, status: "active" },
      _count: { _all: true },
    }),
    // Ratings the coalitions gave (the expert's own feedback on the coalition does not count).
    db.$queryRaw<Array<{ orgId: string; n: number; sum: number }>>`
        SELECT e."expertOrganisationId" AS "orgId", COUNT(*)::int AS n, SUM(f.rating)::int AS sum
        FROM "EngagementFeedback" f JOIN "Engagement" e ON e.id = f."engagementId"
        WHERE e."expertOrganisationId" = ANY(${orgIds}) AND f."organisationId" = e."coalitionOrganisationId"
        GROUP BY e."expertOrganisationId"`,
    db.engagement.groupBy({
      by: ["expertOrganisationId", "outcome"],
      where: { expertOrganisationId: { in: orgIds }, status: "closed" },
      _count: { _all: true },
    }),
    db.proposal.findMany({
      where: { needId: { in: needIds } },
      select: { needId: true, offerId: true, status: true },
    }),
  ]);

  const offerLoads = new Map<string, OfferLoad>();
  for (const o of offers) offerLoads.set(o.id, { activeEngagements: 0, openProposals: 0, hoursCommitted: 0 });
  for (const r of offerProposals) offerLoads.get(r.offerId)!.openProposals = r._count._all;
  for (const r of offerEngagements) offerLoads.get(r.offerId)!.activeEngagements = r._count._all;
  for (const r of offerHours) offerLoads.get(r.offerId)!.hoursCommitted = Number(r.hours);

  const expertLoads = new Map<string, ExpertLoad>();
  for (const id of orgIds) expertLoads.set(id, { activeEngagements: 0, openProposals: 0 });
  for (const r of orgProposals) expertLoads.get(r.expertOrganisationId)!.openProposals = r._count._all;
  for (const r of orgEngagements) expertLoads.get(r.expertOrganisationId)!.activeEngagements = r._count._all;

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
    const h = history(r.expertOrganisationId);
    if (r.outcome === "achieved") h.achieved = r._count._all;
    if (r.outcome === "partly_achieved") h.partlyAchieved = r._count._all;
    if (r.outcome === "not_achieved") h.notAchieved = r._count._all;
  }

  const existingProposals: PairRef[] = [];
  const declinedPairs: PairRef[] = [];
  for (const p of pairs) {
    if (liveProposalStatuses.includes(p.status) || p.status === "confirmed") existingProposals.push(p);
    else declinedPairs.push(p);
  }
  return { offerLoads, expertLoads, outcomeHistory, existingProposals, declinedPairs, pairs };
}

export type MatchRunSummary = {
  matchRunId: string;
  trigger: MatchTrigger;
  needs: number;
  candidatesScored: number;
  proposalsCreated: number;
  proposalsWithdrawn: number;
  durationMs: number;
};

/**
 * Proposes experts for the given needs (or every open need when `needIds` is "all"), without touching
 * proposals already reviewed. Unreviewed proposals that no longer pass the hard filters (the need closed,
 * the offer was paused, the coalition excluded the expert…) are withdrawn with a reason.
 */
export async function runMatchForNeeds(
  db: PrismaClient,
  trigger: MatchTrigger,
  needIds: string[] | "all",
  options: { now?: Date; config?: MatchingConfigOverrides; offerId?: string } = {},
): Promise<MatchRunSummary> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const config = resolveMatchingConfig(options.config);
  // One run at a time across every worker: runs read loads and then write proposals, and two runs
  // interleaving would both see the same free capacity. The lock is held for the run's transaction only.
  const summary = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${MATCHING_LOCK})`;
      const needRows = (await tx.need.findMany({
        where: needIds === "all" ? { status: { in: [...matchableNeedStatuses] } } : { id: { in: needIds } },
        select: matchNeedSelect,
        orderBy: { id: "asc" },
      })) as NeedRow[];
      const matchable = needRows.filter((n) =>
        (matchableNeedStatuses as readonly string[]).includes(n.status),
      );
      const exclusionRows = await tx.exclusion.findMany({
        where: { coalitionOrganisationId: { in: [...new Set(needRows.map((n) => n.organisationId))] } },
        select: { coalitionOrganisationId: true, excludedOrganisationId: true },
      });
      const exclusions = new Map<string, string[]>();
      for (const e of exclusionRows) {
        exclusions.set(e.coalitionOrganisationId, [
          ...(exclusions.get(e.coalitionOrganisationId) ?? []),
          e.excludedOrganisationId,
        ]);
      }

      const offers = await candidateOffers(tx, matchable);
      const ctx = await loadContext(
        tx,
        needRows.map((n) => n.id),
        offers,
        now,
      );
      const input: MatchInput = {
        now,
        needs: matchable.map((n) => toMatchNeed(n, exclusions)),
        offers: offers.map(toMatchOffer),
        offerLoads: ctx.offerLoads,
        expertLoads: ctx.expertLoads,
        outcomeHistory: ctx.outcomeHistory,
        existingProposals: ctx.existingProposals,
        declinedPairs: ctx.declinedPairs,
      };
      const result = runMatching(input, options.config);
      // Unreviewed proposals of these needs that no longer hold: withdraw them.
      const stale = await findStaleProposals(tx, needRows, exclusions, now, config);

      const run = await tx.matchRun.create({
        data: {
          trigger,
          needId: needIds !== "all" && needIds.length === 1 ? needIds[0] : null,
          offerId: options.offerId ?? null,
          startedAt: now,
        },
      });
      let created = 0;
      if (result.proposals.length) {
        const inserted = await tx.proposal.createManyAndReturn({
          data: result.proposals.map((p) => ({
            needId: p.needId,
            offerId: p.offerId,
            expertOrganisationId: p.expertOrganisationId,
            score: p.score,
            breakdown: p.breakdown as object,
            status: "proposed" as const,
            source: "worker" as const,
            matchRunId: run.id,
          })),
          skipDuplicates: true,
          select: { id: true, needId: true },
        });
        created = inserted.length;
        for (const needId of new Set(inserted.map((p) => p.needId))) await markNeedMatching(tx, needId);
        if (inserted.length) {
          await tx.auditEvent.createMany({
            data: inserted.map((p) => ({
              action: "proposal.proposed",
              entityType: "proposal",
              entityId: p.id,
              metadata: { needId: p.needId, matchRunId: run.id },
            })),
          });
        }
      }
      let withdrawn = 0;
      for (const s of stale) {
        const res = await tx.proposal.updateMany({
          where: { id: s.id, status: "proposed" },
          data: { status: "withdrawn", closedReason: s.reason },
        });
        if (res.count) {
          withdrawn++;
          await audit(tx, {
            action: "proposal.withdrawn",
            entityType: "proposal",
            entityId: s.id,
            metadata: { reason: s.code, matchRunId: run.id },
          });
        }
      }
      // A matching need left with no live proposal is open again (and will be matched again).
      if (withdrawn) {
        const affected = [...new Set(stale.map((s) => s.needId))];
        const stillLive = await tx.proposal.groupBy({
          by: ["needId"],
          where: { needId: { in: affected }, status: { in: [...liveProposalStatuses, "confirmed"] } },
        });
        const live = new Set(stillLive.map((r) => r.needId));
        for (const needId of affected) {
          const need = needRows.find((n) => n.id === needId);
          if (!live.has(needId) && need?.status === "matching") await reopenNeed(tx, needId);
        }
      }
      const durationMs = Math.round(performance.now() - started);
      await tx.matchRun.update({
        where: { id: run.id },
        data: {
          finishedAt: new Date(),
          durationMs,
          candidatesScored: result.stats.candidatePairsScored,
          proposalsCreated: created,
          proposalsWithdrawn: withdrawn,
        },
      });
      return {
        matchRunId: run.id,
        trigger,
        needs: matchable.length,
        candidatesScored: result.stats.candidatePairsScored,
        proposalsCreated: created,
        proposalsWithdrawn: withdrawn,
        durationMs,
      };
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
  logger.info({ ...summary }, "match run");
  return summary;
}

const staleReasons: Record<string, string> = {
  need_not_matchable: "The need is no longer open.",
  offer_not_active: "The offer is no longer active.",
  category: "The offer no longer covers the need's category.",
  language: "The need and the offer no longer share a language.",
  coverage: "The offer no longer covers the need's country.",
  availability: "The offer is not available by the need's date.",
  vetting: "The expert organisation's vetting no longer allows this match.",
  excluded_organisation: "The coalition excluded this organisation.",
  own_organisation: "Same organisation.",
};

async function findStaleProposals(
  db: Tx,
  needs: NeedRow[],
  exclusions: Map<string, string[]>,
  now: Date,
  config: ReturnType<typeof resolveMatchingConfig>,
) {
  const proposals = await db.proposal.findMany({
    where: { needId: { in: needs.map((n) => n.id) }, status: "proposed" },
    select: { id: true, needId: true, offer: { select: matchOfferSelect } },
  });
  const byId = new Map(needs.map((n) => [n.id, n]));
  const out: Array<{ id: string; needId: string; code: string; reason: string }> = [];
  for (const p of proposals) {
    const need = toMatchNeed(byId.get(p.needId)!, exclusions);
    // Capacity is not a reason to withdraw: this proposal itself is part of the offer's load.
    const failed = checkHardFilters(need, toMatchOffer(p.offer as OfferRow), { now, config }).filter(
      (c) => c in staleReasons,
    );
    if (failed.length)
      out.push({ id: p.id, needId: p.needId, code: failed[0], reason: staleReasons[failed[0]] });
  }
  return out;
}

/** Needs that an offer change may affect: open needs it could serve, and needs holding its unreviewed proposals. */
export async function needsAffectedByOffer(db: PrismaClient, offerId: string): Promise<string[]> {
  const offer = await db.offer.findUnique({ where: { id: offerId }, select: matchOfferSelect });
  if (!offer) return [];
  const withProposals = await db.proposal.findMany({
    where: { offerId, status: "proposed" },
    select: { needId: true },
  });
  let fitting: Array<{ id: string }> = [];
  if (offer.status === "active") {
    fitting = await db.need.findMany({
      where: {
        status: { in: [...matchableNeedStatuses] },
        categoryId: { in: offer.categoryIds },
        languages: { hasSome: offer.languages },
        ...(offer.coverageGlobal
          ? {}
          : {
              OR: [
                { countryCode: { in: offer.coverageCountries } },
                { country: { region: { in: offer.coverageRegions } } },
              ],
            }),
      },
      select: { id: true },
      orderBy: { id: "asc" },
      take: 5_000,
    });
  }
  return [...new Set([...withProposals.map((p) => p.needId), ...fitting.map((n) => n.id)])];
}

/**
 * The matcher's score and breakdown for one given pair, with the hard filters it fails: for proposals
 * made by hand by the secretariat (and the demo seed), so they carry the same explanation as the worker's.
 */
export async function scoreNeedOfferPair(
  db: Tx,
  needId: string,
  offerId: string,
  options: { now?: Date; config?: MatchingConfigOverrides } = {},
): Promise<{ breakdown: ScoreBreakdown; failedFilters: HardFilterCode[] } | null> {
  const now = options.now ?? new Date();
  const config = resolveMatchingConfig(options.config);
  const [needRow, offerRow] = await Promise.all([
    db.need.findUnique({ where: { id: needId }, select: matchNeedSelect }),
    db.offer.findUnique({ where: { id: offerId }, select: matchOfferSelect }),
  ]);
  if (!needRow || !offerRow) return null;
  const exclusions = new Map<string, string[]>([
    [
      needRow.organisationId,
      (
        await db.exclusion.findMany({
          where: { coalitionOrganisationId: needRow.organisationId },
          select: { excludedOrganisationId: true },
        })
      ).map((e) => e.excludedOrganisationId),
    ],
  ]);
  const need = toMatchNeed(needRow as NeedRow, exclusions);
  const offer = toMatchOffer(offerRow as OfferRow);
  const ctx = await loadContext(db, [needId], [offerRow as OfferRow], now);
  const offerLoad = ctx.offerLoads.get(offerId);
  const orgLoad = ctx.expertLoads.get(offer.organisationId) ?? { activeEngagements: 0, openProposals: 0 };
  const declined = ctx.declinedPairs.some((p) => p.offerId === offerId);
  const alreadyProposed = ctx.existingProposals.some((p) => p.offerId === offerId);
  const failedFilters = checkHardFilters(need, offer, { now, config, offerLoad, declined, alreadyProposed });
  const ps = scorePair(need, offer, ctx.outcomeHistory.get(offer.organisationId), now, config);
  const loadBefore = orgLoad.activeEngagements + orgLoad.openProposals;
  const penalty = fairnessMarginal(loadBefore, config);
  const score = Math.min(100, Math.max(0, ps.baseScore - penalty));
  return {
    failedFilters,
    breakdown: {
      factors: ps.factors,
      baseScore: ps.baseScore,
      fairnessPenalty: penalty,
      score,
      details: {
        matchedTopics: ps.matchedTopics,
        needTopicCount: new Set(need.topicKeys).size,
        sharedLanguages: ps.sharedLanguages,
        primaryLanguageShared:
          ps.sharedLanguages[0] !== undefined && ps.sharedLanguages[0] === need.languages[0],
        geography: ps.geography ?? "global",
        countryCode: need.countryCode,
        regionCode: need.regionCode,
        responseTimeDays: offer.responseTimeDays,
        targetResponseDays: ps.targetResponseDays,
        qualityObservations: ps.qualityObservations,
        expertLoadBefore: loadBefore,
        expertAssignedInRun: 1,
        offerSlotsBefore: freeSlots(offer, offerLoad),
        offerHoursFree: freeHours(offer, offerLoad),
      },
    },
  };
}

export type { Tx };
