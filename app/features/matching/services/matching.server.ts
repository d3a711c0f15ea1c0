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
import type { MatchTrigger } from "~/generated/prisma/enums";
import { transitionNeeds } from "~/features/needs/index.server";
import type { Tx } from "~/utils/db.server";
import { countryCoveredByWhere } from "~/features/auth/policy";
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
  OfferIndex,
  type HardFilterCode,
  type MatchInput,
  type MatchingConfig,
  type MatchingConfigOverrides,
  type MatchResult,
  type ReleasedProposal,
  type ReleaseReason,
  type ScoreBreakdown,
} from "../core";
import {
  liveProposalStatuses,
  loadContext,
  loadMatchInput,
  loadNeeds,
  matchableNeedStatuses,
  MOVABLE_SQL,
  OFFER_COLUMNS,
  REASSIGNED,
  toMatchNeed,
  toMatchOffer,
  type NeedRow,
  type OfferRow,
  type PairRow,
} from "./match-input.server";

export { liveProposalStatuses, loadMatchInput, REASSIGNED };

/** Advisory lock key serialising match runs (any constant unique to this purpose). */
const MATCHING_LOCK = 7_310_001;

/**
 * Takes the matcher's lock for the rest of the transaction: anything that reads offer capacity and then
 * writes a proposal (a match run, a volunteered or requested proposal) holds it, so two of them never both
 * see the same free slot. Waits while a run holds it.
 */
export async function takeMatchingLock(tx: Tx) {
  await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${MATCHING_LOCK})`;
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
      await takeMatchingLock(tx);
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
      const written = await writeResult(
        tx,
        run.id,
        input,
        resolveMatchingConfig(options.config),
        result,
        pairs,
        needRows,
        now,
      );
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
  input: MatchInput,
  config: MatchingConfig,
  result: MatchResult,
  pairs: readonly PairRow[],
  needRows: readonly NeedRow[],
  now: Date,
) {
  const rowByPair = new Map(pairs.map((p) => [`${p.needId}\u0000${p.offerId}`, p]));
  const rowOf = (needId: string, offerId: string) => rowByPair.get(`${needId}\u0000${offerId}`);

  // 1. released: withdrawn, for good when the pair fails a hard filter, else marked reassigned; audited.
  // Hand-made proposals the secretariat has not reviewed yet never move, but one that no longer holds (the
  // need closed, the offer paused…) is withdrawn with its reason, like the worker's.
  const released = [...result.released, ...staleHandMade(input, pairs, config)]
    .map((r) => ({ r, row: rowOf(r.needId, r.offerId) }))
    .filter((x): x is { r: ReleasedProposal; row: PairRow } => !!x.row);
  let withdrawn = 0;
  let reassigned = 0;
  const releasedDone = await inChunks(released, (part) =>
    tx.$queryRawUnsafe<Array<{ id: string; needId: string; forGood: boolean }>>(
      `WITH v AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[])
           AS v(id, code, reason, taken, "forGood")
       ), done AS (
         UPDATE "Proposal" p SET status = 'withdrawn', "closedReason" = v.reason, "updatedAt" = $6
         FROM v WHERE p.id = v.id AND p.status = 'proposed' AND p."reviewedAt" IS NULL
           AND (p.source = 'worker' OR v."forGood")
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
      part.map((k) => storedBreakdown(k.p.breakdown)),
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
      ps.map((p) => storedBreakdown(p.breakdown)),
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
 * A breakdown as stored: numbers to 4 decimals (enough for every page that shows them, at one decimal), so
 * that thousands of them travel and parse faster.
 */
function storedBreakdown(breakdown: ScoreBreakdown): string {
  return JSON.stringify(breakdown, (_key, value: unknown) =>
    typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1e4) / 1e4 : value,
  );
}

/** Unreviewed hand-made proposals of the run's needs that no longer pass a hard filter (reason: the filter). */
function staleHandMade(
  input: MatchInput,
  pairs: readonly PairRow[],
  config: MatchingConfig,
): ReleasedProposal[] {
  const needs = new Map(input.needs.map((n) => [n.id, n]));
  const offers = new Map(
    (input.offers instanceof OfferIndex ? input.offers.offers : input.offers).map((o) => [o.id, o]),
  );
  const out: ReleasedProposal[] = [];
  for (const p of pairs) {
    if (p.status !== "proposed" || p.reviewedAt !== null || p.source === "worker") continue;
    const need = needs.get(p.needId);
    const offer = offers.get(p.offerId);
    if (!need || !offer) continue;
    const failed = checkHardFilters(need, offer, { now: input.now, config }).filter(
      (c) => c in withdrawReasons,
    );
    if (failed.length)
      out.push({
        needId: p.needId,
        offerId: p.offerId,
        expertOrganisationId: p.expertOrganisationId,
        reason: failed[0]!,
      });
  }
  return out;
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
        ...countryCoveredByWhere(offer),
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
  tx: Tx,
  needId: string,
  offerId: string,
  options: { now?: Date; config?: MatchingConfigOverrides; fairness?: boolean } = {},
): Promise<{ breakdown: ScoreBreakdown; failedFilters: HardFilterCode[] } | null> {
  const now = options.now ?? new Date();
  const config = resolveMatchingConfig(options.config);
  const needRows = await loadNeeds(tx, [needId]);
  const offerRows = await tx.$queryRawUnsafe<OfferRow[]>(
    `SELECT ${OFFER_COLUMNS} FROM "Offer" o JOIN "Organisation" org ON org.id = o."organisationId" WHERE o.id = $1`,
    offerId,
  );
  const needRow = needRows[0];
  const offerRow = offerRows[0];
  if (!needRow || !offerRow) return null;
  const ctx = await loadContext(tx, [needRow], [offerRow], now);
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
