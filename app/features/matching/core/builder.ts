/**
 * Candidate generation of one run, per need: the offer index's lists, the remaining hard filters and the
 * scores on a fast path (typed arrays, same formulas and summation order as the reference scorer), the
 * diversity rule, and the per-need and per-offer lists of a pruned graph.
 */
import type { OfferIndex } from "./candidates";
import type { MatchingConfig } from "./config";
import {
  availabilityShare,
  bayesianQuality,
  factorMultipliers,
  freeHours,
  freeSlots,
  hoursValue,
  languageValue,
  lookup,
  monthlyDemandHours,
  requiredFreeHours,
  targetResponseDays,
  topicValue,
  urgencyValue,
  windowEnd,
} from "./factors";
import type { MatchInput } from "./input";
import { orgOf, organisationLoad } from "./prepare";
import { GrowF64, GrowI32, scratchFor, type Scratch } from "./scratch";
import type { HardFilterCode, LiveProposal, MatchNeed, MatchStats, OfferLoad, WorkFormat } from "./types";

const BLOCK_DECLINED = 1;
const BLOCK_EXISTING = 2;

type DropCode = HardFilterCode | "below_min_score" | "diversity";

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
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
    needsDiverse: 0,
    proposals: 0,
    proposalsKept: 0,
    proposalsReleased: 0,
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

const OFFER_OK = 1;
const OFFER_NO_SLOTS = 2;
const OFFER_NO_HOURS = 3;
const OFFER_EXPIRED = 4;

const FORMAT_EITHER = 2;
function formatCodeOf(f: WorkFormat): number {
  return f === "remote" ? 0 : f === "in_person" ? 1 : FORMAT_EITHER;
}

// --------------------------------------------------------------------------------------------- builder

/**
 * Candidate generation of one run. A class with small methods rather than one long function: the JIT
 * optimises the per-need method after a few calls instead of waiting for on-stack replacement.
 *
 * Every scored pair is kept while the total stays within `exactCandidateLimit` (the assignment is then exact
 * on the full candidate graph). Beyond it the graph is pruned symmetrically: each need keeps its best
 * `candidatesPerNeed` offers and each offer keeps its best `2 + candidatesPerOfferSlot
 * × free slots` needs, so an offer with free capacity stays reachable from the needs that value it most even
 * when their own lists are full of popular offers.
 */
export class CandidateBuilder {
  readonly cfg: MatchingConfig;
  readonly index: OfferIndex;
  readonly input: MatchInput;
  readonly nowMs: number;
  readonly stats: MatchStats;
  readonly filtered: Partial<Record<DropCode, number>> = {};
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
  readonly mF: number;
  readonly mA: number;
  readonly mH: number;
  readonly geoVal: Float64Array;
  readonly langPrimary: number;
  readonly langSecondary: number;
  readonly formatFit: number;
  readonly formatMismatch: number;
  readonly M: number;

  // output: needs taking part; the full graph (until it exceeds the limit) and the per-need pruned lists
  readonly needs: MatchNeed[] = [];
  readonly supply: number[] = [];
  /** 1 when the need has more scored candidates than its pruned list keeps. */
  readonly truncated: number[] = [];
  readonly diverse: number[] = [];
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
  /** Per need: offers that failed only for want of a free slot (candidates for qualifying organisations). */
  readonly slotFull: number[] = [];

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
    this.mF = mult.format;
    this.mA = mult.availability;
    this.mH = mult.hours;
    this.geoVal = Float64Array.of(0, cfg.geography.global, cfg.geography.region, cfg.geography.country);
    this.langPrimary = languageValue(0, cfg);
    this.langSecondary = languageValue(1, cfg);
    this.formatFit = cfg.format.fit;
    this.formatMismatch = cfg.format.mismatch;
    this.M = cfg.candidatesPerNeed;
    this.visit = (list, li, geo) => this.visitList(list, li, geo);
  }

  drop(code: DropCode): void {
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
    sc.offerUsed[o] = (load?.activeEngagements ?? 0) + (load?.openProposals ?? 0);
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
    sc.orgLoad[g] = organisationLoad(this.input, index, g);
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

  /** Base score of offer o for the current need (the fast path's formula; for qualifying checks only). */
  scoreOf(
    o: number,
    needTopicCount: number,
    target: number,
    demand: number | null,
    shareEnd: number,
    needFormat: number,
  ): number {
    const { cfg, index, sc } = this;
    const W = index.topicWords;
    let matched = 0;
    for (let w = 0; w < W; w++) {
      const x = sc.needBits[w]! & index.offerTopicBits[o * W + w]!;
      if (x !== 0) matched += popcount32(x);
    }
    const rd = index.responseDays[o]!;
    const of = index.formatCode[o]!;
    const fits = needFormat === FORMAT_EITHER || of === FORMAT_EITHER || of === needFormat;
    return (
      this.mT * topicValue(matched, needTopicCount, index.offerTopicCount[o]!, cfg) +
      this.mL * (sc.langRank[o] === 0 ? this.langPrimary : this.langSecondary) +
      this.mG * this.geoVal[sc.geoLevel[o]!]! +
      this.mU * urgencyValue(target, rd === rd ? rd : null, cfg) +
      this.mQ * this.qualityOf(index.offerOrg[o]!) +
      this.mF * (fits ? this.formatFit : this.formatMismatch) +
      this.mA * availabilityShare(this.nowMs, shareEnd, index.availableFrom[o]!, index.availableTo[o]!) +
      this.mH * hoursValue(sc.offerHours[o]!, demand)
    );
  }

  /** Candidates of one need: index lookup, remaining hard filters, scores, diversity; appends its edges. */
  addNeed(
    need: MatchNeed,
    remaining: number,
    locked: readonly LiveProposal[] | undefined,
    declined: readonly LiveProposal[] | undefined,
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
    const demand = monthlyDemandHours(need, now, cfg);
    const filterEnd = need.wantedBy ? Math.max(nowMs, need.wantedBy.getTime()) : Infinity;
    const shareEnd = windowEnd(need, nowMs, cfg);
    const needFormat = formatCodeOf(need.format);
    const ownOrg = index.orgIndex.get(need.organisationId) ?? -1;
    let excludedOrgs: number[] | null = null;
    for (const ex of need.excludedOrganisationIds) {
      const g = index.orgIndex.get(ex);
      if (g !== undefined) (excludedOrgs ??= []).push(g);
    }
    const { blockStamp, blockCode, orgSeen, orgLocked } = sc;
    if (declined) {
      for (const p of declined) {
        const o = index.idToIndex.get(p.offerId);
        if (o !== undefined) {
          blockStamp[o] = stampNo;
          blockCode[o] = BLOCK_DECLINED;
        }
      }
    }
    // organisations already holding a locked proposal on this need (for diversity)
    let lockedOrgs = 0;
    let lockedOutside = false;
    if (locked) {
      for (const p of locked) {
        const o = index.idToIndex.get(p.offerId);
        if (o !== undefined && !(blockStamp[o] === stampNo && blockCode[o] === BLOCK_DECLINED)) {
          blockStamp[o] = stampNo;
          blockCode[o] = BLOCK_EXISTING;
        }
        const orgId = orgOf(index, p);
        const g = orgId === undefined ? undefined : index.orgIndex.get(orgId);
        if (g === undefined) lockedOutside = true;
        else if (orgLocked[g] !== stampNo) {
          orgLocked[g] = stampNo;
          lockedOrgs++;
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
    const { geoVal, mT, mL, mG, mU, mQ, mF, mA, mH, langPrimary, langSecondary } = this;
    const { formatFit, formatMismatch } = this;
    const { offerOrg, availableFrom, availableTo, responseDays, offerTopicBits, offerTopicCount } = index;
    const formatCode = index.formatCode;
    const W = index.topicWords;
    const minScore = cfg.minScore;
    const minGain = cfg.assignmentResolution / 2;
    const needLocal = this.needs.length; // this need's position if it gets any candidate
    let count = 0;
    let scored = 0;
    let distinctOrgs = lockedOrgs + (lockedOutside ? 1 : 0);
    const slotFull = this.slotFull;
    for (let k = 0; k < touchedCount; k++) {
      const o = touched[k]!;
      // hard filters the index does not guarantee (it does: category, language, coverage, active, vetting);
      // the static ones first, the load-dependent ones (a map lookup, once per offer and run) last
      const from = availableFrom[o]!;
      const to = availableTo[o]!;
      if (!(from <= filterEnd && to >= nowMs)) {
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
        // an offer whose slots are all taken still makes its organisation qualify for diversity
        if (st === OFFER_NO_SLOTS && distinctOrgs < 2 && orgSeen[g] !== stampNo && orgLocked[g] !== stampNo)
          slotFull.push(o);
        this.drop(
          st === OFFER_NO_SLOTS
            ? "capacity_slots"
            : st === OFFER_NO_HOURS
              ? "capacity_hours"
              : "availability",
        );
        continue;
      }
      const hours = offerHours[o]!;
      if (hours < hoursNeeded) {
        this.drop("capacity_hours");
        continue;
      }

      // factors (same formulas and summation order as scorePair / baseScoreOf)
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
      const of = formatCode[o]!;
      const vF =
        needFormat === FORMAT_EITHER || of === FORMAT_EITHER || of === needFormat
          ? formatFit
          : formatMismatch;
      const vA = availabilityShare(nowMs, shareEnd, from, to);
      const vH = hoursValue(hours, demand);
      const score = mT * vT + mL * vL + mG * vG + mU * vU + mQ * vQ + mF * vF + mA * vA + mH * vH;
      scored++;
      if (score < minScore || score < minGain) {
        this.drop("below_min_score");
        continue;
      }
      if (orgSeen[g] !== stampNo) {
        orgSeen[g] = stampNo;
        if (orgLocked[g] !== stampNo) distinctOrgs++;
      }
      candO[count] = o;
      candS[count] = score;
      count++;
    }
    stats.candidatePairsScored += scored;

    // diversity: with ≥ 2 qualifying organisations, one proposal per organisation — so not from one that
    // already holds a locked proposal on this need. An organisation qualifies when one of its offers passes
    // every hard filter but free slots, with the minimum score: whether the need is diverse then does not
    // depend on which proposals are live, so storing or approving proposals never changes it.
    for (let k = 0; k < slotFull.length && distinctOrgs < 2; k++) {
      const o = slotFull[k]!;
      const g = offerOrg[o]!;
      if (orgSeen[g] === stampNo || orgLocked[g] === stampNo) continue;
      const hours = sc.offerHours[o]!;
      if (hours < cfg.capacity.minFreeHours || hours < hoursNeeded) continue;
      const sq = this.scoreOf(o, needTopicCount, target, demand, shareEnd, needFormat);
      if (sq < minScore || sq < minGain) continue;
      orgSeen[g] = stampNo;
      distinctOrgs++;
    }
    slotFull.length = 0;
    const diverse = cfg.diversity.onePerOrganisation && distinctOrgs >= 2;
    if (diverse && lockedOrgs > 0) {
      let kept = 0;
      for (let i = 0; i < count; i++) {
        if (orgLocked[offerOrg[candO[i]!]!] === stampNo) {
          this.drop("diversity");
          continue;
        }
        candO[kept] = candO[i]!;
        candS[kept++] = candS[i]!;
      }
      count = kept;
    }
    if (count === 0) return;

    this.needs.push(need);
    this.supply.push(remaining);
    this.diverse.push(diverse ? 1 : 0);
    if (diverse) stats.needsDiverse++;
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
    // the need's best M (score desc, then offer position asc). Movable proposals get no special place: the
    // graph depends only on what is locked, so a rebalance finds the same assignment whatever came before.
    // A diverse need takes at most one proposal per organisation, so its list keeps at most two offers of
    // each (the second in case the first has no slot left): room for other organisations.
    const M = this.M;
    if (diverse && count > M) count = this.twoPerOrganisation(count, stampNo);
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

  /**
   * Keeps, in candO/candS (in place, order kept), each organisation's two best candidates (score desc,
   * then offer position asc). Returns the new count.
   */
  twoPerOrganisation(count: number, stampNo: number): number {
    const { candO, candS, orgTopStamp, orgTop1, orgTop2 } = this.sc;
    const offerOrg = this.index.offerOrg;
    const better = (i: number, j: number) =>
      candS[i]! > candS[j]! || (candS[i] === candS[j] && candO[i]! < candO[j]!);
    for (let i = 0; i < count; i++) {
      const g = offerOrg[candO[i]!]!;
      if (orgTopStamp[g] !== stampNo) {
        orgTopStamp[g] = stampNo;
        orgTop1[g] = i;
        orgTop2[g] = -1;
      } else if (better(i, orgTop1[g]!)) {
        orgTop2[g] = orgTop1[g]!;
        orgTop1[g] = i;
      } else if (orgTop2[g]! < 0 || better(i, orgTop2[g]!)) orgTop2[g] = i;
    }
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const g = offerOrg[candO[i]!]!;
      if (orgTop1[g] !== i && orgTop2[g] !== i) continue;
      candO[kept] = candO[i]!;
      candS[kept++] = candS[i]!;
    }
    return kept;
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
