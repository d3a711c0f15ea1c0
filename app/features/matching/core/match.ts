/**
 * The matching run: candidate generation through the offer index, the remaining hard filters and the scores
 * on a fast path (typed arrays, per-index scratch reused across runs), the candidate graph (every scored pair
 * up to `exactCandidateLimit`, else per-need ∪ per-offer best lists), the global capacity- and fairness-aware
 * assignment (exact min-cost flow on that graph, see flow.ts), repair rounds after pruning, and breakdowns
 * from the reference scorer.
 *
 * Pure and deterministic: no I/O, no clock (`input.now`), inputs are sorted by id before anything else, so
 * the same input in any order yields the same proposals.
 */
import { OfferIndex } from "./candidates";
import { resolveMatchingConfig, type MatchingConfig, type MatchingConfigOverrides } from "./config";
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
} from "./factors";
import { solveAssignment } from "./flow";
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
} from "./types";

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

/** The scored candidate graph of a run (input of the assignment; also used by the bench). */
export interface CandidateGraph {
  config: MatchingConfig;
  index: OfferIndex;
  now: Date;
  input: MatchInput;
  /** Needs that take part (matchable, with free proposal slots and ≥ 1 candidate, sorted by id). */
  needs: MatchNeed[];
  /** Proposals each of those needs may still receive. */
  needSupply: Int32Array;
  /** 1 when the need has more scored candidates than the pruned graph keeps for it (never when complete). */
  needTruncated: Uint8Array;
  /** CSR over `needs`: edges [edgeStart[i], edgeStart[i + 1]). */
  edgeStart: Int32Array;
  /** Graph-local offer of each edge (position in `offers`). */
  edgeOffer: Int32Array;
  /** Base score (0–100, before fairness). */
  edgeScore: Float64Array;
  /** Offers in the graph: positions in `index.offers`, ascending. */
  offers: Int32Array;
  /** Free slots / free hours per month of each graph offer before the run. */
  offerSlots: Int32Array;
  offerHours: Float64Array;
  /** Graph-local organisation of each graph offer. */
  offerOrg: Int32Array;
  /** Organisations in the graph: positions in `index.orgIds`, ascending. */
  orgs: Int32Array;
  /** Load (proposals + engagements) of each graph organisation before the run. */
  orgLoad: Float64Array;
  /** True when every scored pair is in the graph (no pruning): the assignment is then exact. */
  complete: boolean;
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
    candidateGraphComplete: true,
    filtered: {},
    proposals: 0,
    needsWithProposals: 0,
    totalScore: 0,
    totalBaseScore: 0,
    totalFairnessPenalty: 0,
    augmentations: 0,
    phases: 0,
    nodesSettled: 0,
    repairRounds: 0,
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

/** Append-only typed arrays. */
class GrowI32 {
  a = new Int32Array(256);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  view(): Int32Array {
    return this.a.subarray(0, this.n);
  }
}
class GrowF64 {
  a = new Float64Array(256);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
  view(): Float64Array {
    return this.a.subarray(0, this.n);
  }
}

/**
 * Scratch arrays sized by an index, reused by every run on that index (runs are synchronous; validity is
 * tracked with stamps, so nothing is cleared between runs). Incremental runs against a large index then
 * allocate almost nothing.
 */
class Scratch {
  run = 0;
  needStamp = 0;
  // per offer (index position)
  readonly offerRun: Int32Array;
  readonly offerState: Uint8Array;
  readonly offerSlots: Int32Array;
  readonly offerHours: Float64Array;
  readonly seenStamp: Int32Array;
  readonly langRank: Int32Array;
  readonly geoLevel: Uint8Array;
  readonly blockStamp: Int32Array;
  readonly blockCode: Uint8Array;
  readonly bufRun: Int32Array;
  readonly bufStart: Int32Array;
  readonly bufCount: Int32Array;
  readonly bufCap: Int32Array;
  readonly localRun: Int32Array;
  readonly local: Int32Array;
  // per organisation
  readonly orgRun: Int32Array;
  readonly orgQuality: Float64Array;
  readonly orgLoad: Float64Array;
  readonly orgLocalRun: Int32Array;
  readonly orgLocal: Int32Array;
  // per-need working buffers (grown on demand, kept across runs)
  readonly needBits: Uint32Array;
  touched = new Int32Array(256);
  candO = new Int32Array(256);
  candS = new Float64Array(256);
  topO = new Int32Array(0);
  topS = new Float64Array(0);
  constructor(n: number, g: number, topicWords: number) {
    this.needBits = new Uint32Array(topicWords);
    this.offerRun = new Int32Array(n);
    this.offerState = new Uint8Array(n);
    this.offerSlots = new Int32Array(n);
    this.offerHours = new Float64Array(n);
    this.seenStamp = new Int32Array(n);
    this.langRank = new Int32Array(n);
    this.geoLevel = new Uint8Array(n);
    this.blockStamp = new Int32Array(n);
    this.blockCode = new Uint8Array(n);
    this.bufRun = new Int32Array(n);
    this.bufStart = new Int32Array(n);
    this.bufCount = new Int32Array(n);
    this.bufCap = new Int32Array(n);
    this.localRun = new Int32Array(n);
    this.local = new Int32Array(n);
    this.orgRun = new Int32Array(g);
    this.orgQuality = new Float64Array(g);
    this.orgLoad = new Float64Array(g);
    this.orgLocalRun = new Int32Array(g);
    this.orgLocal = new Int32Array(g);
  }
}
const scratchByIndex = new WeakMap<OfferIndex, Scratch>();
const STAMP_LIMIT = 1 << 30;

function scratchFor(index: OfferIndex): Scratch {
  let s = scratchByIndex.get(index);
  if (!s || s.run >= STAMP_LIMIT || s.needStamp >= STAMP_LIMIT) {
    s = new Scratch(index.size, index.orgIds.length, index.topicWords);
    scratchByIndex.set(index, s);
  }
  s.run++;
  return s;
}

const OFFER_OK = 1;
const OFFER_NO_SLOTS = 2;
const OFFER_NO_HOURS = 3;
const OFFER_EXPIRED = 4;

/**
 * Candidate generation of one run. A class with small methods rather than one long function: the JIT
 * optimises the per-need method after a few calls instead of waiting for on-stack replacement.
 *
 * Every scored pair is kept while the total stays within `exactCandidateLimit` (the assignment is then exact
 * on the full candidate graph). Beyond it the graph is pruned symmetrically: each need keeps its best
 * `candidatesPerNeed` offers and each offer keeps its best `2 + candidatesPerOfferSlot × free slots` needs, so
 * an offer with free capacity stays reachable from the needs that value it most even when their own lists
 * are full of popular offers.
 */
class CandidateBuilder {
  readonly cfg: MatchingConfig;
  readonly index: OfferIndex;
  readonly input: MatchInput;
  readonly nowMs: number;
  readonly stats: MatchStats;
  readonly filtered: Partial<Record<HardFilterCode | "below_min_score", number>> = {};
  readonly sc: Scratch;
  readonly run: number;

  // per-need state
  touchedCount = 0;
  stampNo = 0;

  // factor constants
  readonly mT: number;
  readonly mL: number;
  readonly mG: number;
  readonly mU: number;
  readonly mQ: number;
  readonly geoVal: Float64Array;
  readonly langPrimary: number;
  readonly langSecondary: number;
  readonly M: number;

  // output: needs taking part; the full graph (until it exceeds the limit) and the per-need pruned lists
  readonly needs: MatchNeed[] = [];
  readonly supply: number[] = [];
  /** 1 when the need has more scored candidates than its pruned list keeps. */
  readonly truncated: number[] = [];
  complete = true;
  readonly fullStart: number[] = [0];
  fullOffer = new GrowI32();
  fullScore = new GrowF64();
  readonly topStart: number[] = [0];
  readonly topOffer = new GrowI32();
  readonly topScore = new GrowF64();
  // per-offer best needs: offer → region [bufStart, bufStart + bufCap) of the pool, sorted by score desc
  readonly bufOffers = new GrowI32();
  bufNeed = new Int32Array(256);
  bufScore = new Float64Array(256);
  bufUsed = 0;

  readonly visit: (list: readonly number[], li: number, geo: number) => void;

  constructor(input: MatchInput, cfg: MatchingConfig, index: OfferIndex) {
    this.cfg = cfg;
    this.index = index;
    this.input = input;
    this.nowMs = input.now.getTime();
    this.stats = emptyStats(input.needs.length, index.size);
    this.sc = scratchFor(index);
    this.run = this.sc.run;
    const mult = factorMultipliers(cfg);
    this.mT = mult.topic;
    this.mL = mult.language;
    this.mG = mult.geography;
    this.mU = mult.urgency;
    this.mQ = mult.quality;
    this.geoVal = Float64Array.of(0, cfg.geography.global, cfg.geography.region, cfg.geography.country);
    this.langPrimary = languageValue(0, cfg);
    this.langSecondary = languageValue(1, cfg);
    this.M = cfg.candidatesPerNeed;
    this.visit = (list, li, geo) => this.visitList(list, li, geo);
  }

  drop(code: HardFilterCode | "below_min_score"): void {
    this.filtered[code] = (this.filtered[code] ?? 0) + 1;
  }

  offerLoadOf(o: number): OfferLoad | undefined {
    return lookup(this.input.offerLoads, this.index.offers[o]!.id);
  }

  /** Need-independent eligibility of an offer in this run (computed once per offer and run). */
  offerStateOf(o: number): number {
    const sc = this.sc;
    if (sc.offerRun[o] === this.run) return sc.offerState[o]!;
    const offer = this.index.offers[o]!;
    const load = this.offerLoadOf(o);
    const slots = freeSlots(offer, load);
    const hours = freeHours(offer, load);
    const st =
      slots < 1
        ? OFFER_NO_SLOTS
        : hours < this.cfg.capacity.minFreeHours
          ? OFFER_NO_HOURS
          : this.index.availableTo[o]! < this.nowMs
            ? OFFER_EXPIRED
            : OFFER_OK;
    sc.offerRun[o] = this.run;
    sc.offerSlots[o] = slots;
    sc.offerHours[o] = hours;
    sc.offerState[o] = st;
    return st;
  }

  qualityOf(g: number): number {
    const sc = this.sc;
    if (sc.orgRun[g] !== this.run) this.fillOrg(g);
    return sc.orgQuality[g]!;
  }

  orgLoadOf(g: number): number {
    const sc = this.sc;
    if (sc.orgRun[g] !== this.run) this.fillOrg(g);
    return sc.orgLoad[g]!;
  }

  private fillOrg(g: number): void {
    const { sc, index } = this;
    const orgId = index.orgIds[g]!;
    sc.orgQuality[g] = bayesianQuality(lookup(this.input.outcomeHistory, orgId), this.cfg).value;
    const el: ExpertLoad | undefined = lookup(this.input.expertLoads, orgId);
    let l = 0;
    if (el) l = (el.activeEngagements ?? 0) + (el.openProposals ?? 0);
    else {
      for (let k = index.orgOfferStart[g]!; k < index.orgOfferStart[g + 1]!; k++) {
        const ol = this.offerLoadOf(index.orgOffers[k]!);
        if (ol) l += (ol.activeEngagements ?? 0) + (ol.openProposals ?? 0);
      }
    }
    sc.orgLoad[g] = l;
    sc.orgRun[g] = this.run;
  }

  visitList(list: readonly number[], li: number, geo: number): void {
    const sc = this.sc;
    const { seenStamp, geoLevel, langRank } = sc;
    const stampNo = this.stampNo;
    let touched = sc.touched;
    let count = this.touchedCount;
    for (let k = 0; k < list.length; k++) {
      const o = list[k]!;
      if (seenStamp[o] !== stampNo) {
        seenStamp[o] = stampNo;
        langRank[o] = li;
        geoLevel[o] = geo;
        if (count === touched.length) {
          const t = new Int32Array(touched.length * 2);
          t.set(touched);
          sc.touched = touched = t;
        }
        touched[count++] = o;
      } else if (geo > geoLevel[o]!) geoLevel[o] = geo;
    }
    this.touchedCount = count;
  }

  /** Offer o's list of best needs: insert (need, score) if it makes the cut (ties: earlier need wins). */
  offerBufferInsert(o: number, need: number, score: number): void {
    const sc = this.sc;
    let start: number;
    if (sc.bufRun[o] !== this.run) {
      const cap = 2 + this.cfg.candidatesPerOfferSlot * Math.min(5, sc.offerSlots[o]!);
      if (this.bufUsed + cap > this.bufNeed.length) {
        const size = Math.max(this.bufNeed.length * 2, this.bufUsed + cap);
        const a = new Int32Array(size);
        a.set(this.bufNeed);
        this.bufNeed = a;
        const b = new Float64Array(size);
        b.set(this.bufScore);
        this.bufScore = b;
      }
      sc.bufRun[o] = this.run;
      start = sc.bufStart[o] = this.bufUsed;
      sc.bufCap[o] = cap;
      sc.bufCount[o] = 0;
      this.bufUsed += cap;
      this.bufOffers.push(o);
    } else start = sc.bufStart[o]!;
    const bufNeed = this.bufNeed;
    const bufScore = this.bufScore;
    const cap = sc.bufCap[o]!;
    let count = sc.bufCount[o]!;
    if (count === cap) {
      if (!(score > bufScore[start + cap - 1]!)) return;
      count--;
    }
    let pos = start + count;
    while (pos > start && bufScore[pos - 1]! < score) {
      bufScore[pos] = bufScore[pos - 1]!;
      bufNeed[pos] = bufNeed[pos - 1]!;
      pos--;
    }
    bufScore[pos] = score;
    bufNeed[pos] = need;
    sc.bufCount[o] = count + 1;
  }

  /** Candidates of one need: index lookup, remaining hard filters, scores; appends its edges. */
  addNeed(
    need: MatchNeed,
    remaining: number,
    existing: Set<string> | undefined,
    declined: Set<string> | undefined,
  ) {
    const { cfg, index, stats, sc } = this;
    const now = this.input.now;
    const nowMs = this.nowMs;
    stats.needsConsidered++;
    const stampNo = (this.stampNo = ++sc.needStamp);

    // need-level precomputation
    const needBits = sc.needBits;
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
    const ownOrg = index.orgIndex.get(need.organisationId) ?? -1;
    let excludedOrgs: number[] | null = null;
    for (const ex of need.excludedOrganisationIds) {
      const g = index.orgIndex.get(ex);
      if (g !== undefined) (excludedOrgs ??= []).push(g);
    }
    const { blockStamp, blockCode } = sc;
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

    this.touchedCount = 0;
    index.forEachCandidateList(
      need.categoryId,
      languages,
      need.countryCode,
      need.regionCode,
      need.requiresTrusted,
      this.visit,
    );
    const touched = sc.touched;
    const touchedCount = this.touchedCount;
    stats.candidatePairsIndexed += touchedCount;
    if (sc.candO.length < touchedCount) {
      sc.candO = new Int32Array(touchedCount * 2);
      sc.candS = new Float64Array(touchedCount * 2);
    }
    const { candO, candS } = sc;

    const { offerRun, offerState, offerHours, langRank, geoLevel } = sc;
    const run = this.run;
    const { geoVal, mT, mL, mG, mU, mQ, langPrimary, langSecondary } = this;
    const { offerOrg, availableFrom, availableTo, responseDays, offerTopicBits, offerTopicCount } = index;
    const W = index.topicWords;
    const minScore = cfg.minScore;
    const minGain = cfg.assignmentResolution / 2;
    const needLocal = this.needs.length; // this need's position if it gets any candidate
    let count = 0;
    let scored = 0;
    for (let k = 0; k < touchedCount; k++) {
      const o = touched[k]!;
      // hard filters the index does not guarantee (it does: category, language, coverage, active, verified);
      // the static ones first, the load-dependent ones (a map lookup, once per offer and run) last
      if (!(availableFrom[o]! <= windowEnd && availableTo[o]! >= nowMs)) {
        this.drop("availability");
        continue;
      }
      const g = offerOrg[o]!;
      if (g === ownOrg) {
        this.drop("own_organisation");
        continue;
      }
      if (excludedOrgs !== null && excludedOrgs.includes(g)) {
        this.drop("excluded_organisation");
        continue;
      }
      if (blockStamp[o] === stampNo) {
        this.drop(blockCode[o] === BLOCK_DECLINED ? "declined_pair" : "already_proposed");
        continue;
      }
      const st = offerRun[o] === run ? offerState[o]! : this.offerStateOf(o);
      if (st !== OFFER_OK) {
        this.drop(
          st === OFFER_NO_SLOTS
            ? "capacity_slots"
            : st === OFFER_NO_HOURS
              ? "capacity_hours"
              : "availability",
        );
        continue;
      }
      if (offerHours[o]! < hoursNeeded) {
        this.drop("capacity_hours");
        continue;
      }

      // factors (same formulas and summation order as scorePair)
      let matched = 0;
      const ob = o * W;
      for (let w = 0; w < W; w++) {
        const x = needBits[w]! & offerTopicBits[ob + w]!;
        if (x !== 0) matched += popcount32(x);
      }
      const vT = topicValue(matched, needTopicCount, offerTopicCount[o]!, cfg);
      const vL = langRank[o] === 0 ? langPrimary : langSecondary;
      const vG = geoVal[geoLevel[o]!]!;
      const rd = responseDays[o]!;
      const vU = urgencyValue(target, rd === rd ? rd : null, cfg);
      const vQ = this.qualityOf(g);
      const score = mT * vT + mL * vL + mG * vG + mU * vU + mQ * vQ;
      scored++;
      if (score < minScore || score < minGain) {
        this.drop("below_min_score");
        continue;
      }
      candO[count] = o;
      candS[count] = score;
      count++;
    }
    stats.candidatePairsScored += scored;
    if (count === 0) return;

    this.needs.push(need);
    this.supply.push(remaining);
    this.truncated.push(count > this.M ? 1 : 0);
    // the full graph, while it fits; when it stops fitting, the per-offer lists start (replaying earlier needs)
    if (this.complete) {
      if (this.fullOffer.n + count > this.cfg.exactCandidateLimit) {
        this.complete = false;
        const { a: fo, n: fn } = this.fullOffer;
        const fs = this.fullScore.a;
        let i = 0;
        for (let k = 0; k < fn; k++) {
          while (k >= this.fullStart[i + 1]!) i++;
          this.offerBufferInsert(fo[k]!, i, fs[k]!);
        }
        this.fullOffer = new GrowI32();
        this.fullScore = new GrowF64();
      } else {
        for (let i = 0; i < count; i++) {
          this.fullOffer.push(candO[i]!);
          this.fullScore.push(candS[i]!);
        }
        this.fullStart.push(this.fullOffer.n);
      }
    }
    if (!this.complete)
      for (let i = 0; i < count; i++) this.offerBufferInsert(candO[i]!, needLocal, candS[i]!);
    // the need's best M (score desc, then offer position asc)
    const M = this.M;
    if (count <= M) {
      for (let i = 0; i < count; i++) {
        this.topOffer.push(candO[i]!);
        this.topScore.push(candS[i]!);
      }
    } else {
      if (sc.topO.length < M) {
        sc.topO = new Int32Array(M);
        sc.topS = new Float64Array(M);
      }
      const { topO, topS } = sc;
      let top = 0;
      for (let i = 0; i < count; i++) {
        const o = candO[i]!;
        const score = candS[i]!;
        if (top === M) {
          const ls = topS[M - 1]!;
          if (score < ls || (score === ls && o > topO[M - 1]!)) continue;
          top--;
        }
        let pos = top;
        while (pos > 0) {
          const ps = topS[pos - 1]!;
          if (ps > score || (ps === score && topO[pos - 1]! < o)) break;
          topS[pos] = ps;
          topO[pos] = topO[pos - 1]!;
          pos--;
        }
        topS[pos] = score;
        topO[pos] = o;
        top++;
      }
      for (let i = 0; i < top; i++) {
        this.topOffer.push(topO[i]!);
        this.topScore.push(topS[i]!);
      }
    }
    this.topStart.push(this.topOffer.n);
  }

  /** Edges (index offer positions): everything when it fit, else per-need best ∪ per-offer best lists. */
  edges(): { edgeStart: Int32Array; edgeOffer: Int32Array; edgeScore: Float64Array } {
    const N = this.needs.length;
    if (this.complete) {
      return {
        edgeStart: Int32Array.from(this.fullStart),
        edgeOffer: this.fullOffer.view(),
        edgeScore: this.fullScore.view(),
      };
    }
    const sc = this.sc;
    const bufOffers = this.bufOffers.view().slice().sort();
    // offer-side entries grouped by need (counting sort; offers in index order)
    const extraStart = new Int32Array(N + 1);
    for (const o of bufOffers) {
      const s = sc.bufStart[o]!;
      for (let k = 0; k < sc.bufCount[o]!; k++) extraStart[this.bufNeed[s + k]! + 1]!++;
    }
    for (let i = 0; i < N; i++) extraStart[i + 1]! += extraStart[i]!;
    const extraOffer = new Int32Array(extraStart[N]!);
    const extraScore = new Float64Array(extraStart[N]!);
    const fill = extraStart.slice(0, N);
    for (const o of bufOffers) {
      const s = sc.bufStart[o]!;
      for (let k = 0; k < sc.bufCount[o]!; k++) {
        const i = this.bufNeed[s + k]!;
        extraOffer[fill[i]!] = o;
        extraScore[fill[i]!++] = this.bufScore[s + k]!;
      }
    }
    const edgeStart = new Int32Array(N + 1);
    const edgeOffer = new GrowI32();
    const edgeScore = new GrowF64();
    const mark = sc.seenStamp; // reuse: stamp each need's offers
    const topOffer = this.topOffer.a;
    const topScore = this.topScore.a;
    for (let i = 0; i < N; i++) {
      const stamp = ++sc.needStamp;
      for (let k = this.topStart[i]!; k < this.topStart[i + 1]!; k++) {
        mark[topOffer[k]!] = stamp;
        edgeOffer.push(topOffer[k]!);
        edgeScore.push(topScore[k]!);
      }
      for (let k = extraStart[i]!; k < extraStart[i + 1]!; k++) {
        const o = extraOffer[k]!;
        if (mark[o] === stamp) continue;
        mark[o] = stamp;
        edgeOffer.push(o);
        edgeScore.push(extraScore[k]!);
      }
      edgeStart[i + 1] = edgeOffer.n;
    }
    return { edgeStart, edgeOffer: edgeOffer.view(), edgeScore: edgeScore.view() };
  }
}

export function buildCandidateGraph(input: MatchInput, overrides?: MatchingConfigOverrides): CandidateGraph {
  const cfg = resolveMatchingConfig(overrides);
  const index = input.offers instanceof OfferIndex ? input.offers : new OfferIndex(input.offers);
  const b = new CandidateBuilder(input, cfg, index);

  const needs = [...input.needs].sort(byId);
  for (let i = 1; i < needs.length; i++) {
    if (needs[i]!.id === needs[i - 1]!.id) throw new Error(`Duplicate need id ${needs[i]!.id}`);
  }
  const existingByNeed = groupPairs(input.existingProposals);
  const declinedByNeed = groupPairs(input.declinedPairs);
  const matchable = new Set(cfg.matchableNeedStatuses);
  for (const need of needs) {
    if (!matchable.has(need.status)) continue;
    const existing = existingByNeed.get(need.id);
    const remaining = cfg.proposalsPerNeed - (existing ? existing.size : 0);
    if (remaining <= 0) continue;
    b.addNeed(need, remaining, existing, declinedByNeed.get(need.id));
  }
  const { edgeStart, edgeOffer: edgeIndexOffer, edgeScore } = b.edges();

  // compact the offers and organisations of the graph (ascending index positions)
  const sc = b.sc;
  const run = b.run;
  const E = edgeIndexOffer.length;
  const used = new GrowI32();
  for (let e = 0; e < E; e++) {
    const o = edgeIndexOffer[e]!;
    if (sc.localRun[o] !== run) {
      sc.localRun[o] = run;
      used.push(o);
    }
  }
  const offers = used.view().slice().sort();
  const O = offers.length;
  for (let i = 0; i < O; i++) sc.local[offers[i]!] = i;
  const edgeOffer = new Int32Array(E);
  for (let e = 0; e < E; e++) edgeOffer[e] = sc.local[edgeIndexOffer[e]!]!;
  const orgList = new GrowI32();
  for (let i = 0; i < O; i++) {
    const g = index.offerOrg[offers[i]!]!;
    if (sc.orgLocalRun[g] !== run) {
      sc.orgLocalRun[g] = run;
      orgList.push(g);
    }
  }
  const orgs = orgList.view().slice().sort();
  for (let i = 0; i < orgs.length; i++) sc.orgLocal[orgs[i]!] = i;
  const offerSlots = new Int32Array(O);
  const offerHours = new Float64Array(O);
  const offerOrg = new Int32Array(O);
  for (let i = 0; i < O; i++) {
    const o = offers[i]!;
    offerSlots[i] = sc.offerSlots[o]!;
    offerHours[i] = sc.offerHours[o]!;
    offerOrg[i] = sc.orgLocal[index.offerOrg[o]!]!;
  }
  const orgLoad = new Float64Array(orgs.length);
  for (let i = 0; i < orgs.length; i++) orgLoad[i] = b.orgLoadOf(orgs[i]!);

  const stats = b.stats;
  stats.candidatePairsKept = E;
  stats.candidateGraphComplete = b.complete;
  stats.filtered = b.filtered;
  return {
    config: cfg,
    index,
    now: input.now,
    input,
    needs: b.needs,
    needSupply: Int32Array.from(b.supply),
    needTruncated: b.complete ? new Uint8Array(b.needs.length) : Uint8Array.from(b.truncated),
    edgeStart,
    edgeOffer,
    edgeScore: edgeScore.slice(),
    offers,
    offerSlots,
    offerHours,
    offerOrg,
    orgs,
    orgLoad,
    complete: b.complete,
    stats,
  };
}

/** Runs the global assignment on a candidate graph and assembles proposals with their breakdowns. */
export function assignCandidates(graph: CandidateGraph): MatchResult {
  const { index, config: cfg, stats } = graph;
  const N = graph.needs.length;
  const E = graph.edgeOffer.length;
  const unit = cfg.assignmentResolution;
  const edgeGain = new Int32Array(E);
  for (let e = 0; e < E; e++) edgeGain[e] = Math.round(graph.edgeScore[e]! / unit);
  const orgBase = graph.orgLoad;

  const sol = solveAssignment({
    needCount: N,
    needSupply: graph.needSupply,
    edgeStart: graph.edgeStart,
    edgeOffer: graph.edgeOffer,
    edgeGain,
    offerCount: graph.offers.length,
    offerSlots: graph.offerSlots,
    offerOrg: graph.offerOrg,
    orgCount: graph.orgs.length,
    marginal: (g, j) => Math.round(fairnessMarginal(orgBase[g]! + j, cfg) / unit),
  });
  stats.augmentations = sol.augmentations;
  stats.phases = sol.phases;
  stats.nodesSettled = sol.nodesSettled;

  // fairness penalty of each organisation's new proposals, shared equally among them
  const orgPenaltyTotal = new Float64Array(graph.orgs.length);
  let totalPenalty = 0;
  for (let g = 0; g < graph.orgs.length; g++) {
    orgPenaltyTotal[g] = fairnessPenaltyTotal(orgBase[g]!, sol.orgFlow[g]!, cfg);
    totalPenalty += orgPenaltyTotal[g]!;
  }

  const proposals: Proposal[] = [];
  let totalBase = 0;
  for (let i = 0; i < N; i++) {
    const need = graph.needs[i]!;
    const mine: Proposal[] = [];
    for (let e = graph.edgeStart[i]!; e < graph.edgeStart[i + 1]!; e++) {
      if (sol.edgeFlow[e] !== 1) continue;
      const lo = graph.edgeOffer[e]!;
      const offer = index.offers[graph.offers[lo]!]!;
      const gl = graph.offerOrg[lo]!;
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
            primaryLanguageShared:
              ps.sharedLanguages.length > 0 && ps.sharedLanguages[0] === need.languages[0],
            geography: ps.geography ?? "global",
            countryCode: need.countryCode,
            regionCode: need.regionCode,
            responseTimeDays: offer.responseTimeDays,
            targetResponseDays: ps.targetResponseDays,
            qualityObservations: ps.qualityObservations,
            expertLoadBefore: orgBase[gl]!,
            expertAssignedInRun: assignedInRun,
            offerSlotsBefore: graph.offerSlots[lo]!,
            offerHoursFree: graph.offerHours[lo]!,
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
  stats.totalFairnessPenalty = totalPenalty;
  stats.totalScore = totalBase - totalPenalty;
  return { proposals, stats };
}

/**
 * Proposes up to K offers per matchable need, globally: maximises Σ base scores − Σ convex fairness penalties
 * over the candidate graph, never exceeding an offer's free slots, never re-proposing a declined or live
 * pair. Same input (in any order) ⇒ same output.
 *
 * When the graph had to be pruned, needs whose lists were cut and that are still short of K get repair
 * rounds on the residual network (their next-best candidates that still have capacity), until a round adds
 * nothing: the result is then a fixed point, so running again with it applied proposes nothing new.
 */
export function runMatching(input: MatchInput, overrides?: MatchingConfigOverrides): MatchResult {
  const cfg = resolveMatchingConfig(overrides);
  const graph = buildCandidateGraph(input, cfg);
  const first = assignCandidates(graph);
  if (graph.complete || cfg.maxRepairRounds <= 0) return first;

  const proposals = [...first.proposals];
  const stats = { ...first.stats, filtered: { ...first.stats.filtered } };
  let current: MatchInput = { ...input, offers: graph.index }; // reuse the index (and its scratch)
  let added: Proposal[] = first.proposals;
  let g = graph;
  for (let round = 0; round < cfg.maxRepairRounds; round++) {
    // needs whose list was cut and that are still short of their supply
    const got = new Map<string, number>();
    for (const p of added) got.set(p.needId, (got.get(p.needId) ?? 0) + 1);
    const retry: MatchNeed[] = [];
    for (let i = 0; i < g.needs.length; i++) {
      if (g.needTruncated[i] && (got.get(g.needs[i]!.id) ?? 0) < g.needSupply[i]!) retry.push(g.needs[i]!);
    }
    if (retry.length === 0) break;
    current = withProposalsApplied(current, added);
    g = buildCandidateGraph({ ...current, needs: retry }, cfg);
    const r = assignCandidates(g);
    stats.repairRounds++;
    stats.candidatePairsIndexed += r.stats.candidatePairsIndexed;
    stats.candidatePairsScored += r.stats.candidatePairsScored;
    stats.candidatePairsKept += r.stats.candidatePairsKept;
    stats.augmentations += r.stats.augmentations;
    stats.phases += r.stats.phases;
    stats.nodesSettled += r.stats.nodesSettled;
    if (r.proposals.length === 0) break;
    proposals.push(...r.proposals);
    added = r.proposals;
  }
  if (proposals.length === first.proposals.length) return { proposals, stats };
  return finalise(proposals, stats, cfg);
}

/**
 * Merges proposals from several rounds as if made in one: each organisation's fairness penalty is the convex
 * penalty of all its new proposals, shared equally; ranks and totals are recomputed.
 */
function finalise(proposals: Proposal[], stats: MatchStats, cfg: MatchingConfig): MatchResult {
  const byOrg = new Map<string, Proposal[]>();
  for (const p of proposals) {
    const list = byOrg.get(p.expertOrganisationId);
    if (list) list.push(p);
    else byOrg.set(p.expertOrganisationId, [p]);
  }
  let totalPenalty = 0;
  let totalBase = 0;
  for (const list of byOrg.values()) {
    const before = Math.min(...list.map((p) => p.breakdown.details.expertLoadBefore));
    const total = fairnessPenaltyTotal(before, list.length, cfg);
    totalPenalty += total;
    for (const p of list) {
      const b = p.breakdown;
      b.fairnessPenalty = total / list.length;
      b.score = p.score = Math.min(100, Math.max(0, b.baseScore - b.fairnessPenalty));
      b.details.expertLoadBefore = before;
      b.details.expertAssignedInRun = list.length;
      totalBase += b.baseScore;
    }
  }
  const byNeed = new Map<string, Proposal[]>();
  for (const p of proposals) {
    const list = byNeed.get(p.needId);
    if (list) list.push(p);
    else byNeed.set(p.needId, [p]);
  }
  const out: Proposal[] = [];
  for (const needId of [...byNeed.keys()].sort()) {
    const mine = byNeed.get(needId)!;
    mine.sort((a, b) => b.score - a.score || (a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0));
    mine.forEach((p, r) => (p.rank = r + 1));
    out.push(...mine);
  }
  stats.proposals = out.length;
  stats.needsWithProposals = byNeed.size;
  stats.totalBaseScore = totalBase;
  stats.totalFairnessPenalty = totalPenalty;
  stats.totalScore = totalBase - totalPenalty;
  return { proposals: out, stats };
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
