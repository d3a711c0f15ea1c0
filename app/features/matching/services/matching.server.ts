// The matching engine's persistence: loads what the pure core needs from PostgreSQL, runs it, and writes the
// result — new proposals with their breakdown, movable proposals kept or released with a reason, the needs'
// transitions, the match run that did it — in one transaction, set-based (a handful of statements whatever
// the number of needs: no per-need loop inside the lock).
//
// Movable proposals: a proposal the worker made that the secretariat has not reviewed is seen by nobody
// else (an expert sees a proposal only once it is approved: policy.summaryDisclosedStatuses), so each run
// re-decides it with everything else — a need opened later is not starved by one opened earlier. Approved,
// reviewed or hand-made proposals are locked: never moved.
//
// Retries are harmless: a pair is unique (needId, offerId); a released pair may come back in a later run
// (its row is revived), a declined one never.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import type { MatchTrigger, ProposalStatus, VettingLevel } from "~/generated/prisma/enums";
import { expertVettingAllowsMatch, needRequiresTrustedExpert } from "~/features/auth/policy";
import { transitionNeeds } from "~/features/needs/services/need-lifecycle.server";
import type { Tx } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import {
  buildBreakdown,
  checkHardFilters,
  fairnessMarginal,
  offerFairnessMarginal,
  referenceLoadOf,
  resolveMatchingConfig,
  runMatching,
  scorePair,
  type ExpertLoad,
  type HardFilterCode,
  type LiveProposal,
  type MatchInput,
  type MatchNeed,
  type MatchOffer,
  type MatchingConfigOverrides,
  type MatchResult,
  type OfferLoad,
  type OutcomeHistory,
  type PairRef,
  type ReleaseReason,
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
/**
 * `closedReason` of a proposal the matcher released because the global assignment gave its place to
 * another need (or spread load otherwise): unlike other withdrawals, the pair may be proposed again.
 */
export const REASSIGNED = "reassigned";

const matchableNeedStatuses = ["open", "matching"] as const;
/** Advisory lock key serialising match runs (any constant unique to this purpose). */
const MATCHING_LOCK = 7_310_001;
/** Event-driven runs re-decide the movable proposals of needs up to this many hops away, and at most this many needs. */
const EVENT_HOPS = 2;
const EVENT_SCOPE_LIMIT = 2_000;

/** Whether the matcher may move a live proposal: made by the worker, still `proposed`, never reviewed. */
export function isMovableProposal(p: {
  status: ProposalStatus;
  reviewedAt: Date | null;
  source: string;
}): boolean {
  return p.status === "proposed" && p.reviewedAt === null && p.source === "worker";
}
/** The same rule in SQL (alias `p` for "Proposal"). */
const MOVABLE_SQL = `p.status = 'proposed' AND p."reviewedAt" IS NULL AND p.source = 'worker'`;

/** Vetting levels whose organisations' offers the matcher may consider at all (policy rule). */
const matchableVetting: VettingLevel[] = (["unverified", "verified", "trusted"] as const).filter((v) =>
  expertVettingAllowsMatch(v, false),
);

// ───────────── rows → core shapes ─────────────

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
  format: MatchNeed["format"];
  openedAt: Date | null;
  visibility: "network" | "secretariat";
  region: string;
  rating: "open" | "narrowed" | "obstructed" | "repressed" | "closed";
};

function toMatchNeed(n: NeedRow, exclusions: Map<string, string[]>): MatchNeed {
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

type OfferRow = Omit<MatchOffer, "topicKeys" | "organisationVetting"> & {
  topicIds: string[];
  vettingLevel: MatchOffer["organisationVetting"];
};

function toMatchOffer(o: OfferRow): MatchOffer {
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

async function loadNeeds(tx: Tx, ids: readonly string[] | "matchable"): Promise<NeedRow[]> {
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

const OFFER_COLUMNS = `o.id, o."organisationId", org."vettingLevel"::text AS "vettingLevel", o.status::text AS status,
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
  return tx.$queryRawUnsafe<OfferRow[]>(
    `SELECT ${OFFER_COLUMNS} FROM "Offer" o JOIN "Organisation" org ON org.id = o."organisationId"
     WHERE ((${active}) AND EXISTS (
             SELECT 1 FROM jsonb_to_recordset($3::jsonb) AS n(cat text, langs text[], country text, region text)
             WHERE o."categoryIds" @> ARRAY[n.cat] AND o.languages && n.langs
               AND (o."coverageGlobal" OR o."coverageCountries" @> ARRAY[n.country]
                    OR o."coverageRegions"::text[] @> ARRAY[n.region])))
        OR o.id = ANY($2::text[])
     ORDER BY o.id`,
    matchableVetting,
    [...extraOfferIds],
    JSON.stringify(criteria),
  );
}

type PairRow = {
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
async function loadContext(tx: Tx, needs: readonly NeedRow[], offers: readonly OfferRow[], now: Date) {
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
  const movableOffers = await tx.$queryRawUnsafe<Array<{ offerId: string }>>(
    `SELECT DISTINCT p."offerId" FROM "Proposal" p WHERE p."needId" = ANY($1::text[]) AND ${MOVABLE_SQL}`,
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

// ───────────── the run ─────────────

export type MatchRunSummary = {
  matchRunId: string;
  trigger: MatchTrigger;
  needs: number;
  candidatesScored: number;
  proposalsCreated: number;
  proposalsKept: number;
  proposalsReassigned: number;
  proposalsWithdrawn: number;
  durationMs: number;
  /** Where the time went: loading the input, the core, writing the result (ms). */
  loadMs: number;
  coreMs: number;
  writeMs: number;
};

/** Reasons a released proposal's pair is closed for good (it no longer passes a hard filter). */
const withdrawReasons: Partial<Record<ReleaseReason, string>> = {
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

/**
 * Proposes experts for the given needs — with the needs whose movable proposals they contend for — or for
 * every matchable need (`"all"`, the rebalance). Writes the result set-based (see the file header).
 */
export async function runMatchForNeeds(
  db: PrismaClient,
  trigger: MatchTrigger,
  needIds: string[] | "all",
  options: { now?: Date; config?: MatchingConfigOverrides; offerId?: string } = {},
): Promise<MatchRunSummary> {
  const started = performance.now();
  const now = options.now ?? new Date();
  // One run at a time across every worker: runs read loads and then write proposals, and two runs
  // interleaving would both see the same free capacity. The lock is held for the run's transaction only.
  const summary = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${MATCHING_LOCK})`;
      const t0 = performance.now();
      const { input, pairs, needRows } = await loadMatchInput(tx, needIds, now);
      const t1 = performance.now();
      const result = runMatching(input, options.config);
      const t2 = performance.now();
      const run = await tx.matchRun.create({
        data: {
          trigger,
          needId: needIds !== "all" && needIds.length === 1 ? needIds[0] : null,
          offerId: options.offerId ?? null,
          startedAt: now,
        },
        select: { id: true },
      });
      const written = await writeResult(tx, run.id, result, pairs, needRows, now);
      const t3 = performance.now();
      const durationMs = Math.round(performance.now() - started);
      await tx.matchRun.update({
        where: { id: run.id },
        data: {
          finishedAt: new Date(),
          durationMs,
          candidatesScored: result.stats.candidatePairsScored,
          proposalsCreated: written.created,
          proposalsWithdrawn: written.withdrawn + written.reassigned,
        },
      });
      return {
        matchRunId: run.id,
        trigger,
        needs: input.needs.length,
        candidatesScored: result.stats.candidatePairsScored,
        proposalsCreated: written.created,
        proposalsKept: result.kept.length,
        proposalsReassigned: written.reassigned,
        proposalsWithdrawn: written.withdrawn,
        durationMs,
        loadMs: Math.round(t1 - t0),
        coreMs: Math.round(t2 - t1),
        writeMs: Math.round(t3 - t2),
      };
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
  logger.info({ ...summary }, "match run");
  return summary;
}

/**
 * The run's result into the database, set-based: released proposals withdrawn (for good when they fail a
 * hard filter, else marked reassigned), kept ones re-scored, new ones inserted (reviving a reassigned row of
 * the same pair), audit events for all of them, and the needs' transitions (open ⇄ matching).
 */
async function writeResult(
  tx: Tx,
  runId: string,
  result: MatchResult,
  pairs: readonly PairRow[],
  needRows: readonly NeedRow[],
  now: Date,
) {
  const rowByPair = new Map(pairs.map((p) => [`${p.needId}\u0000${p.offerId}`, p]));
  const rowOf = (needId: string, offerId: string) => rowByPair.get(`${needId}\u0000${offerId}`);

  // 1. released: withdrawn, for good when the pair fails a hard filter, else marked reassigned; audited
  const released = result.released
    .map((r) => ({ r, row: rowOf(r.needId, r.offerId) }))
    .filter((x): x is { r: (typeof result.released)[number]; row: PairRow } => !!x.row);
  let withdrawn = 0;
  let reassigned = 0;
  const releasedDone = await inChunks(released, (part) =>
    tx.$queryRawUnsafe<Array<{ id: string; needId: string; forGood: boolean }>>(
      `WITH v AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[])
           AS v(id, code, reason, taken, "forGood")
       ), done AS (
         UPDATE "Proposal" p SET status = 'withdrawn', "closedReason" = v.reason, "updatedAt" = $6
         FROM v WHERE p.id = v.id AND ${MOVABLE_SQL}
         RETURNING p.id, p."needId", v.code, v.taken, v."forGood"
       ), audited AS (
         INSERT INTO "AuditEvent" (action, "entityType", "entityId", metadata)
         SELECT CASE WHEN "forGood" THEN 'proposal.withdrawn' ELSE 'proposal.reassigned' END, 'proposal', id,
                jsonb_strip_nulls(jsonb_build_object('reason', code, 'needId', "needId", 'matchRunId', $7::text,
                                                     'takenByNeedId', taken))
         FROM done
       )
       SELECT id, "needId", "forGood" FROM done`,
      part.map(({ row }) => row.id),
      part.map(({ r }) => r.reason),
      part.map(({ r }) => withdrawReasons[r.reason] ?? REASSIGNED),
      part.map(({ r }) => r.takenByNeedId ?? null),
      part.map(({ r }) => r.reason in withdrawReasons),
      now,
      runId,
    ),
  );
  for (const d of releasedDone) {
    if (d.forGood) withdrawn++;
    else reassigned++;
  }

  // 2. kept: their breakdown as of this run (the fairness shares move with the rest of the assignment)
  const kept = result.kept
    .map((p) => ({ p, row: rowOf(p.needId, p.offerId) }))
    .filter((x) => x.row && Math.abs(x.row.score - x.p.score) > 1e-9);
  await inChunks(kept, (part) =>
    tx.$queryRawUnsafe<Array<{ id: string }>>(
      `UPDATE "Proposal" p SET score = v.score, breakdown = v.breakdown::jsonb, "updatedAt" = $4
       FROM unnest($1::text[], $2::float8[], $3::text[]) AS v(id, score, breakdown)
       WHERE p.id = v.id AND ${MOVABLE_SQL}
       RETURNING p.id`,
      part.map((k) => k.row!.id),
      part.map((k) => k.p.score),
      part.map((k) => JSON.stringify(k.p.breakdown)),
      now,
    ),
  );

  // 3. new (a pair released earlier in favour of another need comes back on its old row); audited
  const inserted = await inChunks(result.proposals, (ps) =>
    tx.$queryRawUnsafe<Array<{ id: string; needId: string }>>(
      `WITH ins AS (
         INSERT INTO "Proposal" (id, "needId", "offerId", "expertOrganisationId", status, source, score, breakdown,
                                 "matchRunId", "createdAt", "updatedAt")
         SELECT v.id, v."needId", v."offerId", v.org, 'proposed', 'worker', v.score, v.breakdown::jsonb, $7, $8, $8
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[])
              AS v(id, "needId", "offerId", org, score, breakdown)
         ON CONFLICT ("needId", "offerId") DO UPDATE
           SET status = 'proposed', source = 'worker', score = EXCLUDED.score, breakdown = EXCLUDED.breakdown,
               "matchRunId" = EXCLUDED."matchRunId", "closedReason" = NULL, "createdAt" = EXCLUDED."createdAt",
               "updatedAt" = EXCLUDED."updatedAt"
           WHERE "Proposal".status = 'withdrawn' AND "Proposal"."closedReason" = '${REASSIGNED}'
         RETURNING id, "needId"
       ), audited AS (
         INSERT INTO "AuditEvent" (action, "entityType", "entityId", metadata)
         SELECT 'proposal.proposed', 'proposal', id, jsonb_build_object('needId', "needId", 'matchRunId', $7::text)
         FROM ins
       )
       SELECT id, "needId" FROM ins`,
      ps.map(() => `p_${randomUUID()}`),
      ps.map((p) => p.needId),
      ps.map((p) => p.offerId),
      ps.map((p) => p.expertOrganisationId),
      ps.map((p) => p.score),
      ps.map((p) => JSON.stringify(p.breakdown)),
      runId,
      now,
    ),
  );
  const createdNeeds = new Set(inserted.map((p) => p.needId));

  // 4. needs: open → matching when they hold a proposal now; matching → open when they hold none any more
  await transitionNeeds(tx, [...createdNeeds], "mark_matching");
  const emptied = [...new Set(released.map(({ r }) => r.needId))].filter((id) => !createdNeeds.has(id));
  if (emptied.length) {
    const stillLive = await tx.$queryRaw<Array<{ needId: string }>>`
      SELECT DISTINCT "needId" FROM "Proposal"
      WHERE "needId" = ANY(${emptied}::text[]) AND status::text = ANY(${[...liveProposalStatuses, "confirmed"]}::text[])`;
    const live = new Set(stillLive.map((r) => r.needId));
    const matching = new Set(needRows.filter((n) => n.status === "matching").map((n) => n.id));
    // (matched again in this very run: no new matching job for them)
    await transitionNeeds(
      tx,
      emptied.filter((id) => !live.has(id) && matching.has(id)),
      "reopen",
    );
  }
  return { created: inserted.length, withdrawn, reassigned };
}

/**
 * Rows per statement of the set-based writes: large enough that a run sends a handful of statements, small
 * enough that the driver does not choke on huge parameter arrays (measured: 16,000 rows of breakdowns in one
 * statement took 3.7 × longer than in chunks of 2,000).
 */
const WRITE_CHUNK = 2_000;

async function inChunks<T, R>(items: readonly T[], write: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += WRITE_CHUNK)
    out.push(...(await write(items.slice(i, i + WRITE_CHUNK))));
  return out;
}

/** Needs that an offer change may affect: open needs it could serve, and needs holding its movable proposals. */
export async function needsAffectedByOffer(db: PrismaClient, offerId: string): Promise<string[]> {
  const offer = await db.offer.findUnique({
    where: { id: offerId },
    select: {
      status: true,
      categoryIds: true,
      languages: true,
      coverageGlobal: true,
      coverageCountries: true,
      coverageRegions: true,
    },
  });
  if (!offer) return [];
  const withProposals = await db.proposal.findMany({
    where: { offerId, status: "proposed", reviewedAt: null, source: "worker" },
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
 * The matcher's breakdown for one given pair, with the hard filters it fails: for proposals made by hand
 * by the secretariat (and the demo seed), so that they carry the same explanation as the worker's — built
 * by the core's `buildBreakdown`, like every other. `fairness: false` leaves the penalties out (a hand-made
 * proposal is the secretariat's choice, not the optimiser's).
 */
export async function scoreNeedOfferPair(
  db: Tx,
  needId: string,
  offerId: string,
  options: { now?: Date; config?: MatchingConfigOverrides; fairness?: boolean } = {},
): Promise<{ breakdown: ScoreBreakdown; failedFilters: HardFilterCode[] } | null> {
  const now = options.now ?? new Date();
  const config = resolveMatchingConfig(options.config);
  const needRows = await loadNeeds(db, [needId]);
  const offerRows = await db.$queryRawUnsafe<OfferRow[]>(
    `SELECT ${OFFER_COLUMNS} FROM "Offer" o JOIN "Organisation" org ON org.id = o."organisationId" WHERE o.id = $1`,
    offerId,
  );
  const needRow = needRows[0];
  const offerRow = offerRows[0];
  if (!needRow || !offerRow) return null;
  const ctx = await loadContext(db, [needRow], [offerRow], now);
  const need = toMatchNeed(needRow, ctx.exclusions);
  const offer = toMatchOffer(offerRow);
  const offerLoad = ctx.offerLoads.get(offerId);
  const orgLoad = ctx.expertLoads.get(offer.organisationId) ?? { activeEngagements: 0, openProposals: 0 };
  const failedFilters = checkHardFilters(need, offer, {
    now,
    config,
    offerLoad,
    declined: ctx.declinedPairs.some((p) => p.offerId === offerId),
    alreadyProposed: [...ctx.existingProposals, ...ctx.movableProposals].some((p) => p.offerId === offerId),
  });
  const pair = scorePair(need, offer, {
    now,
    config,
    history: ctx.outcomeHistory.get(offer.organisationId),
    offerLoad,
  });
  const loadBefore = orgLoad.activeEngagements + orgLoad.openProposals;
  const used = (offerLoad?.activeEngagements ?? 0) + (offerLoad?.openProposals ?? 0);
  const ref = referenceLoadOf(ctx.referenceLoad, config);
  const withFairness = options.fairness !== false;
  return {
    failedFilters,
    breakdown: buildBreakdown(need, offer, pair, offerLoad, {
      organisation: withFairness ? fairnessMarginal(loadBefore, ref, config) : 0,
      offer: withFairness ? offerFairnessMarginal(used, offer.maxConcurrent, config) : 0,
      expertLoadBefore: loadBefore,
      referenceLoad: ref,
      expertAssignedInRun: 1,
      offerAssignedInRun: 1,
    }),
  };
}

export type { Tx };
