/**
 * The matching run: candidate generation through the offer index, hard filters and scoring on the fast path,
 * per-need pruning, then the global capacity- and fairness-aware assignment (exact min-cost flow on the
 * pruned candidate graph, see flow.ts), then breakdowns from the reference scorer.
 *
 * Pure and deterministic: no I/O, no clock (`input.now`), inputs are sorted by id before anything else, so
 * the same input in any order yields the same proposals.
 */
import { OfferIndex } from './candidates';
import { resolveMatchingConfig, type MatchingConfig, type MatchingConfigOverrides } from './config';
import {
  bayesianQuality,
  factorMultipliers,
  fairnessMarginal,
  fairnessPenaltyTotal,
  freeHours,
  freeSlots,
  languageValue,
  lookup,
  requiredFreeHours,
  scorePair,
  targetResponseDays,
  topicValue,
  urgencyValue,
  VETTING_RANK,
} from './factors';
import { solveAssignment } from './flow';
import type {
  ExpertLoad,
  HardFilterCode,
  MatchInput,
  MatchNeed,
  MatchResult,
  MatchStats,
  OfferLoad,
  PairRef,
  Proposal,
} from './types';

/** Scores enter the flow as integers: points × SCORE_SCALE (exact arithmetic, deterministic ties). */
export const SCORE_SCALE = 1000;

const BLOCK_DECLINED = 1;
const BLOCK_EXISTING = 2;

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The scored, pruned candidate graph of a run (input of the assignment; also used by the bench). */
export interface CandidateGraph {
  config: MatchingConfig;
  index: OfferIndex;
  now: Date;
  input: MatchInput;
  /** Needs that take part (matchable, with free proposal slots, sorted by id). */
  needs: MatchNeed[];
  /** Proposals each of those needs may still receive. */
  needSupply: Int32Array;
  /** CSR over `needs`: edges [edgeStart[i], edgeStart[i + 1]), best score first. */
  edgeStart: Int32Array;
  /** Offer position in `index.offers`. */
  edgeOffer: Int32Array;
  /** Base score (0–100, before fairness). */
  edgeScore: Float64Array;
  /** Free slots of an offer (by index position) before the run; −1 when never looked at. */
  offerSlots: Int32Array;
  offerHours: Float64Array;
  /** Load of an expert organisation (by index org position) before the run, NaN when never looked at. */
  orgLoad(org: number): number;
  stats: MatchStats;
}

function emptyStats(needsInput: number, offersInput: number): MatchStats {
  return {
    needsInput,
    needsConsidered: 0,
    offersInput,
    candidatePairsIndexed: 0,
    candidatePairsScored: 0,
    candidatePairsKept: 0,
    filtered: {},
    proposals: 0,
    needsWithProposals: 0,
    totalScore: 0,
    totalBaseScore: 0,
    totalFairnessPenalty: 0,
    augmentations: 0,
    nodesSettled: 0,
  };
}

function groupPairs(pairs: readonly PairRef[] | undefined): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  if (!pairs) return m;
  for (const p of pairs) {
    let s = m.get(p.needId);
    if (!s) m.set(p.needId, (s = new Set()));
    s.add(p.offerId);
  }
  return m;
}

export function buildCandidateGraph(input: MatchInput, overrides?: MatchingConfigOverrides): CandidateGraph {
  const cfg = resolveMatchingConfig(overrides);
  const index = input.offers instanceof OfferIndex ? input.offers : new OfferIndex(input.offers);
  const now = input.now;
  const nowMs = now.getTime();
  const n = index.size;
  const stats = emptyStats(input.needs.length, n);
  const filtered: Partial<Record<HardFilterCode | 'below_min_score', number>> = {};
  const drop = (code: HardFilterCode | 'below_min_score') => {
    filtered[code] = (filtered[code] ?? 0) + 1;
  };

  // ---- per-run lazily computed offer / organisation state
  const offerSlots = new Int32Array(n).fill(-1);
  const offerHours = new Float64Array(n);
  const offerLoadOf = (o: number): OfferLoad | undefined => lookup(input.offerLoads, index.offers[o]!.id);
  const slotsOf = (o: number): number => {
    let s = offerSlots[o]!;
    if (s < 0) {
      const load = offerLoadOf(o);
      s = offerSlots[o] = freeSlots(index.offers[o]!, load);
      offerHours[o] = freeHours(index.offers[o]!, load);
    }
    return s;
  };
  const G = index.orgIds.length;
  const orgQuality = new Float64Array(G).fill(NaN);
  const orgLoadArr = new Float64Array(G).fill(NaN);
  const qualityOf = (g: number): number => {
    let q = orgQuality[g]!;
    if (q !== q) q = orgQuality[g] = bayesianQuality(lookup(input.outcomeHistory, index.orgIds[g]!), cfg).value;
    return q;
  };
  const orgLoad = (g: number): number => {
    let l = orgLoadArr[g]!;
    if (l !== l) {
      const el: ExpertLoad | undefined = lookup(input.expertLoads, index.orgIds[g]!);
      if (el) l = (el.activeEngagements ?? 0) + (el.openProposals ?? 0);
      else {
        l = 0;
        for (let k = index.orgOfferStart[g]!; k < index.orgOfferStart[g + 1]!; k++) {
          const ol = offerLoadOf(index.orgOffers[k]!);
          if (ol) l += (ol.activeEngagements ?? 0) + (ol.openProposals ?? 0);
        }
      }
      orgLoadArr[g] = l;
    }
    return l;
  };

  // ---- needs, sorted; pair lists grouped by need
  const needs = [...input.needs].sort(byId);
  for (let i = 1; i < needs.length; i++) {
    if (needs[i]!.id === needs[i - 1]!.id) throw new Error(`Duplicate need id ${needs[i]!.id}`);
  }
  const existingByNeed = groupPairs(input.existingProposals);
  const declinedByNeed = groupPairs(input.declinedPairs);
  const matchable = new Set(cfg.matchableNeedStatuses);

  const K = cfg.proposalsPerNeed;
  const M = cfg.candidatesPerNeed;
  const bounded = M < 64;
  const mult = factorMultipliers(cfg);
  const mT = mult.topic;
  const mL = mult.language;
  const mG = mult.geography;
  const mU = mult.urgency;
  const mQ = mult.quality;
  const geoVal = [0, cfg.geography.global, cfg.geography.region, cfg.geography.country];
  const langPrimary = languageValue(0, cfg);
  const langSecondary = languageValue(1, cfg);
  const W = index.topicWords;
  const needBits = new Uint32Array(W);

  const seenStamp = new Int32Array(n);
  const langRank = new Int32Array(n);
  const geoLevel = new Uint8Array(n);
  const blockStamp = new Int32Array(n);
  const blockCode = new Uint8Array(n);
  let touched = new Int32Array(1024);
  let touchedCount = 0;
  let stampNo = 0;

  const visit = (list: readonly number[], li: number, geo: number) => {
    for (let k = 0; k < list.length; k++) {
      const o = list[k]!;
      if (seenStamp[o] !== stampNo) {
        seenStamp[o] = stampNo;
        langRank[o] = li;
        geoLevel[o] = geo;
        if (touchedCount === touched.length) {
          const t = new Int32Array(touched.length * 2);
          t.set(touched);
          touched = t;
        }
        touched[touchedCount++] = o;
      } else if (geo > geoLevel[o]!) geoLevel[o] = geo;
    }
  };

  const keptNeeds: MatchNeed[] = [];
  const supply: number[] = [];
  const edgeStart: number[] = [0];
  const edgeOffer: number[] = [];
  const edgeScore: number[] = [];
  // bounded top-M buffer (score desc, offer index asc)
  const topO = new Int32Array(bounded ? M : 0);
  const topS = new Float64Array(bounded ? M : 0);
  const allO: number[] = [];
  const allS: number[] = [];

  for (const need of needs) {
    if (!matchable.has(need.status)) continue;
    const existing = existingByNeed.get(need.id);
    const remaining = K - (existing ? existing.size : 0);
    if (remaining <= 0) continue;
    stats.needsConsidered++;
    stampNo++;

    // need-level precomputation
    needBits.fill(0);
    const topics = new Set(need.topicKeys);
    for (const t of topics) {
      const id = index.topicIds.get(t);
      if (id !== undefined) needBits[id >>> 5]! |= 1 << (id & 31);
    }
    const needTopicCount = topics.size;
    const languages = need.languages.length > 1 ? [...new Set(need.languages)] : need.languages;
    const target = targetResponseDays(need.urgency, need.wantedBy, now, cfg);
    const hoursNeeded = requiredFreeHours(need, now, cfg);
    const windowEnd = need.wantedBy ? Math.max(nowMs, need.wantedBy.getTime()) : Infinity;
    const vettingNeeded = need.requiresTrusted ? VETTING_RANK.trusted : VETTING_RANK.verified;
    const ownOrg = index.orgIndex.get(need.organisationId) ?? -1;
    let excludedOrgs: number[] | null = null;
    for (const ex of need.excludedOrganisationIds) {
      const g = index.orgIndex.get(ex);
      if (g !== undefined) (excludedOrgs ??= []).push(g);
    }
    const declined = declinedByNeed.get(need.id);
    if (declined) {
      for (const id of declined) {
        const o = index.idToIndex.get(id);
        if (o !== undefined) {
          blockStamp[o] = stampNo;
          blockCode[o] = BLOCK_DECLINED;
        }
      }
    }
    if (existing) {
      for (const id of existing) {
        const o = index.idToIndex.get(id);
        if (o !== undefined && !(blockStamp[o] === stampNo && blockCode[o] === BLOCK_DECLINED)) {
          blockStamp[o] = stampNo;
          blockCode[o] = BLOCK_EXISTING;
        }
      }
    }

    touchedCount = 0;
    index.forEachCandidateList(need.categoryId, languages, need.countryCode, need.regionCode, visit);
    stats.candidatePairsIndexed += touchedCount;

    let topCount = 0;
    allO.length = 0;
    allS.length = 0;
    for (let k = 0; k < touchedCount; k++) {
      const o = touched[k]!;
      // hard filters not guaranteed by the index (category, language, coverage, active are)
      const g = index.offerOrg[o]!;
      if (g === ownOrg) {
        drop('own_organisation');
        continue;
      }
      if (slotsOf(o) < 1) {
        drop('capacity_slots');
        continue;
      }
      if (offerHours[o]! < hoursNeeded) {
        drop('capacity_hours');
        continue;
      }
      if (!(index.availableFrom[o]! <= windowEnd && index.availableTo[o]! >= nowMs)) {
        drop('availability');
        continue;
      }
      if (index.vettingRank[o]! < vettingNeeded) {
        drop('vetting');
        continue;
      }
      if (excludedOrgs !== null && excludedOrgs.includes(g)) {
        drop('excluded_organisation');
        continue;
      }
      if (blockStamp[o] === stampNo) {
        drop(blockCode[o] === BLOCK_DECLINED ? 'declined_pair' : 'already_proposed');
        continue;
      }

      // factors
      let matched = 0;
      const ob = o * W;
      for (let w = 0; w < W; w++) {
        const x = needBits[w]! & index.offerTopicBits[ob + w]!;
        if (x !== 0) matched += popcount32(x);
      }
      const vT = topicValue(matched, needTopicCount, index.offerTopicCount[o]!, cfg);
      const vL = langRank[o] === 0 ? langPrimary : langSecondary;
      const vG = geoVal[geoLevel[o]!]!;
      const rd = index.responseDays[o]!;
      const vU = urgencyValue(target, rd === rd ? rd : null, cfg);
      const vQ = qualityOf(g);
      const score = mT * vT + mL * vL + mG * vG + mU * vU + mQ * vQ;
      stats.candidatePairsScored++;
      if (score < cfg.minScore || !(Math.round(score * SCORE_SCALE) > 0)) {
        drop('below_min_score');
        continue;
      }

      if (bounded) {
        if (topCount === M) {
          const ls = topS[M - 1]!;
          if (score < ls || (score === ls && o > topO[M - 1]!)) continue;
          topCount--;
        }
        let pos = topCount;
        while (pos > 0) {
          const ps = topS[pos - 1]!;
          if (ps > score || (ps === score && topO[pos - 1]! < o)) break;
          topS[pos] = ps;
          topO[pos] = topO[pos - 1]!;
          pos--;
        }
        topS[pos] = score;
        topO[pos] = o;
        topCount++;
      } else {
        allO.push(o);
        allS.push(score);
      }
    }

    let keptFrom: ArrayLike<number>;
    let keptScore: ArrayLike<number>;
    let kept: number;
    if (bounded) {
      keptFrom = topO;
      keptScore = topS;
      kept = topCount;
    } else {
      const order = allO.map((_, i) => i);
      order.sort((a, b) => allS[b]! - allS[a]! || allO[a]! - allO[b]!);
      keptFrom = order.map((i) => allO[i]!);
      keptScore = order.map((i) => allS[i]!);
      kept = Math.min(order.length, Number.isFinite(M) ? M : order.length);
    }
    if (kept === 0) continue;
    keptNeeds.push(need);
    supply.push(remaining);
    for (let i = 0; i < kept; i++) {
      edgeOffer.push(keptFrom[i]!);
      edgeScore.push(keptScore[i]!);
    }
    edgeStart.push(edgeOffer.length);
  }
  stats.candidatePairsKept = edgeOffer.length;
  stats.filtered = filtered;

  return {
    config: cfg,
    index,
    now,
    input,
    needs: keptNeeds,
    needSupply: Int32Array.from(supply),
    edgeStart: Int32Array.from(edgeStart),
    edgeOffer: Int32Array.from(edgeOffer),
    edgeScore: Float64Array.from(edgeScore),
    offerSlots,
    offerHours,
    orgLoad,
    stats,
  };
}

/** Runs the global assignment on a candidate graph and assembles proposals with their breakdowns. */
export function assignCandidates(graph: CandidateGraph): MatchResult {
  const { index, config: cfg, stats } = graph;
  const N = graph.needs.length;
  const E = graph.edgeOffer.length;

  // compact offers and organisations that appear in the graph (ascending index order)
  const localOffer = new Int32Array(index.size).fill(-1);
  const offersUsed: number[] = [];
  for (let e = 0; e < E; e++) {
    const o = graph.edgeOffer[e]!;
    if (localOffer[o] === -1) {
      localOffer[o] = 0;
      offersUsed.push(o);
    }
  }
  offersUsed.sort((a, b) => a - b);
  offersUsed.forEach((o, i) => (localOffer[o] = i));
  const localOrg = new Map<number, number>();
  const orgsUsed = [...new Set(offersUsed.map((o) => index.offerOrg[o]!))].sort((a, b) => a - b);
  orgsUsed.forEach((g, i) => localOrg.set(g, i));

  const O = offersUsed.length;
  const offerSlots = new Int32Array(O);
  const offerOrgLocal = new Int32Array(O);
  for (let i = 0; i < O; i++) {
    const o = offersUsed[i]!;
    offerSlots[i] = graph.offerSlots[o]!;
    offerOrgLocal[i] = localOrg.get(index.offerOrg[o]!)!;
  }
  const orgBase = orgsUsed.map((g) => graph.orgLoad(g));
  const edgeOfferLocal = new Int32Array(E);
  const edgeGain = new Float64Array(E);
  for (let e = 0; e < E; e++) {
    edgeOfferLocal[e] = localOffer[graph.edgeOffer[e]!]!;
    edgeGain[e] = Math.round(graph.edgeScore[e]! * SCORE_SCALE);
  }

  const sol = solveAssignment({
    needCount: N,
    needSupply: graph.needSupply,
    edgeStart: graph.edgeStart,
    edgeOffer: edgeOfferLocal,
    edgeGain,
    offerCount: O,
    offerSlots,
    offerOrg: offerOrgLocal,
    orgCount: orgsUsed.length,
    marginal: (g, j) => Math.round(fairnessMarginal(orgBase[g]! + j, cfg) * SCORE_SCALE),
  });
  stats.augmentations = sol.augmentations;
  stats.nodesSettled = sol.nodesSettled;

  // fairness penalty of each organisation's new proposals, shared equally among them
  const orgPenaltyTotal = orgsUsed.map((_, g) => fairnessPenaltyTotal(orgBase[g]!, sol.orgFlow[g]!, cfg));

  const proposals: Proposal[] = [];
  let totalBase = 0;
  for (let i = 0; i < N; i++) {
    const need = graph.needs[i]!;
    const mine: Proposal[] = [];
    for (let e = graph.edgeStart[i]!; e < graph.edgeStart[i + 1]!; e++) {
      if (sol.edgeFlow[e] !== 1) continue;
      const o = graph.edgeOffer[e]!;
      const offer = index.offers[o]!;
      const gl = offerOrgLocal[localOffer[o]!]!;
      const assignedInRun = sol.orgFlow[gl]!;
      const penalty = orgPenaltyTotal[gl]! / assignedInRun;
      const ps = scorePair(
        need,
        offer,
        lookup(graph.input.outcomeHistory, offer.organisationId),
        graph.now,
        cfg,
      );
      totalBase += ps.baseScore;
      const score = Math.min(100, Math.max(0, ps.baseScore - penalty));
      mine.push({
        needId: need.id,
        offerId: offer.id,
        expertOrganisationId: offer.organisationId,
        score,
        rank: 0,
        breakdown: {
          factors: ps.factors,
          baseScore: ps.baseScore,
          fairnessPenalty: penalty,
          score,
          details: {
            matchedTopics: ps.matchedTopics,
            needTopicCount: new Set(need.topicKeys).size,
            sharedLanguages: ps.sharedLanguages,
            primaryLanguageShared: ps.sharedLanguages[0] !== undefined && ps.sharedLanguages[0] === need.languages[0],
            geography: ps.geography ?? 'global',
            countryCode: need.countryCode,
            regionCode: need.regionCode,
            responseTimeDays: offer.responseTimeDays,
            targetResponseDays: ps.targetResponseDays,
            qualityObservations: ps.qualityObservations,
            expertLoadBefore: orgBase[gl]!,
            expertAssignedInRun: assignedInRun,
            offerSlotsBefore: graph.offerSlots[o]!,
            offerHoursFree: graph.offerHours[o]!,
          },
        },
      });
    }
    if (mine.length === 0) continue;
    mine.sort((a, b) => b.score - a.score || (a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0));
    mine.forEach((p, r) => (p.rank = r + 1));
    proposals.push(...mine);
    stats.needsWithProposals++;
  }
  stats.proposals = proposals.length;
  stats.totalBaseScore = totalBase;
  stats.totalFairnessPenalty = orgPenaltyTotal.reduce((a, b) => a + b, 0);
  stats.totalScore = stats.totalBaseScore - stats.totalFairnessPenalty;
  return { proposals, stats };
}

/**
 * Proposes up to K offers per matchable need, globally: maximises Σ base scores − Σ convex fairness penalties
 * over the pruned candidate graph, never exceeding an offer's free slots, never re-proposing a declined or
 * live pair. Same input (in any order) ⇒ same output.
 */
export function runMatching(input: MatchInput, overrides?: MatchingConfigOverrides): MatchResult {
  return assignCandidates(buildCandidateGraph(input, overrides));
}

/**
 * The input of a follow-up run after `proposals` were stored as live proposals: pairs added to
 * `existingProposals`, offer and organisation loads increased. Running again on it proposes nothing new
 * for the same needs (idempotent).
 */
export function withProposalsApplied(input: MatchInput, proposals: readonly Proposal[]): MatchInput {
  const offerLoads = new Map<string, OfferLoad>();
  const offerIds = input.offers instanceof OfferIndex ? input.offers.offers : input.offers;
  for (const o of offerIds) {
    const l = lookup(input.offerLoads, o.id);
    if (l) offerLoads.set(o.id, { ...l });
  }
  let expertLoads: Map<string, ExpertLoad> | undefined;
  if (input.expertLoads) {
    expertLoads = new Map();
    const src = input.expertLoads;
    const entries: [string, ExpertLoad][] =
      src instanceof Map ? [...(src as ReadonlyMap<string, ExpertLoad>)] : Object.entries(src);
    for (const [k, v] of entries) expertLoads.set(k, { ...v });
  }
  for (const p of proposals) {
    const ol = offerLoads.get(p.offerId) ?? { activeEngagements: 0, openProposals: 0, hoursCommitted: 0 };
    ol.openProposals++;
    offerLoads.set(p.offerId, ol);
    if (expertLoads) {
      const el = expertLoads.get(p.expertOrganisationId) ?? { activeEngagements: 0, openProposals: 0 };
      el.openProposals++;
      expertLoads.set(p.expertOrganisationId, el);
    }
  }
  return {
    ...input,
    offerLoads,
    ...(expertLoads ? { expertLoads } : {}),
    existingProposals: [
      ...(input.existingProposals ?? []),
      ...proposals.map((p) => ({ needId: p.needId, offerId: p.offerId })),
    ],
  };
}

