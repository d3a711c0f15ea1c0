/**
 * Candidate generation: an index of active offers by category → language → coverage key (and vetting tier),
 * so a need only looks at offers in its category that share one of its languages, cover its country
 * (directly, through its region, or globally) and whose organisation's vetting suffices — never at every
 * offer. Offers of unverified organisations and inactive offers are not indexed at all.
 *
 * The index is immutable and independent of loads, so a worker can build it once from all offers and reuse
 * it for many incremental single-need runs (`runMatching({ offers: index, ... })`); rebuild it when offers
 * change (building 50k offers takes tens of milliseconds).
 */
import { expertVettingAllowsMatch } from "~/features/auth/policy";
import type { MatchOffer, WorkFormat } from "./types";

// How well an offer covers a need's country, as stored in the scratch arrays (0: not at all).
const GEO_GLOBAL = 1;
const GEO_REGION = 2;
const GEO_COUNTRY = 3;
const FORMAT_CODES: readonly WorkFormat[] = ["remote", "in_person", "either"];

const GLOBAL_KEY = "*";
/** 'c:MX' | 'r:LATAM' | '*' → offer indexes (ascending); `verified` and `trusted` organisations apart. */
interface CoverageBuckets {
  verified: Map<string, number[]>;
  trusted: Map<string, number[]>;
}

export class OfferIndex {
  /** All offers, sorted by id (index positions are stable for this index). */
  readonly offers: readonly MatchOffer[];
  readonly size: number;
  readonly idToIndex: ReadonlyMap<string, number>;
  /** Organisation interning. */
  readonly orgIds: readonly string[];
  readonly orgIndex: ReadonlyMap<string, number>;
  readonly offerOrg: Int32Array;
  /** CSR: offers of organisation g are orgOffers[orgOfferStart[g] .. orgOfferStart[g + 1]). */
  readonly orgOfferStart: Int32Array;
  readonly orgOffers: Int32Array;
  /** Topic interning and per-offer topic bit sets (`topicWords` 32-bit words per offer). */
  readonly topicIds: ReadonlyMap<string, number>;
  readonly topicWords: number;
  readonly offerTopicBits: Uint32Array;
  readonly offerTopicCount: Int32Array;
  /** Numeric copies of the fields the hot loop reads. */
  readonly active: Uint8Array;
  /** Index of the offer's format in FORMAT_CODES. */
  readonly formatCode: Uint8Array;
  readonly availableFrom: Float64Array;
  readonly availableTo: Float64Array;
  readonly responseDays: Float64Array;
  private readonly buckets: Map<string, Map<string, CoverageBuckets>>;
  /** Number of (category, language, coverage) entries. */
  readonly entries: number;

  constructor(offers: readonly MatchOffer[]) {
    const sorted = [...offers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const n = sorted.length;
    const idToIndex = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const id = sorted[i]!.id;
      if (idToIndex.has(id)) throw new Error(`Duplicate offer id ${id}`);
      idToIndex.set(id, i);
    }
    this.offers = sorted;
    this.size = n;
    this.idToIndex = idToIndex;

    // organisations, in order of first appearance over the id-sorted offers (deterministic)
    const orgIndex = new Map<string, number>();
    const orgIds: string[] = [];
    const offerOrg = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const org = sorted[i]!.organisationId;
      let g = orgIndex.get(org);
      if (g === undefined) {
        g = orgIds.length;
        orgIndex.set(org, g);
        orgIds.push(org);
      }
      offerOrg[i] = g;
    }
    const orgOfferStart = new Int32Array(orgIds.length + 1);
    for (let i = 0; i < n; i++) orgOfferStart[offerOrg[i]! + 1]!++;
    for (let g = 0; g < orgIds.length; g++) orgOfferStart[g + 1]! += orgOfferStart[g]!;
    const fill = orgOfferStart.slice(0, orgIds.length);
    const orgOffers = new Int32Array(n);
    for (let i = 0; i < n; i++) orgOffers[fill[offerOrg[i]!]!++] = i;
    this.orgIds = orgIds;
    this.orgIndex = orgIndex;
    this.offerOrg = offerOrg;
    this.orgOfferStart = orgOfferStart;
    this.orgOffers = orgOffers;

    // topics
    const topicIds = new Map<string, number>();
    for (const o of sorted) for (const t of o.topicKeys) if (!topicIds.has(t)) topicIds.set(t, topicIds.size);
    const words = Math.max(1, Math.ceil(topicIds.size / 32));
    const bits = new Uint32Array(n * words);
    const counts = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (const t of sorted[i]!.topicKeys) {
        const id = topicIds.get(t)!;
        const w = i * words + (id >>> 5);
        const mask = 1 << (id & 31);
        if ((bits[w]! & mask) === 0) {
          bits[w]! |= mask;
          c++;
        }
      }
      counts[i] = c;
    }
    this.topicIds = topicIds;
    this.topicWords = words;
    this.offerTopicBits = bits;
    this.offerTopicCount = counts;

    this.active = new Uint8Array(n);
    this.formatCode = new Uint8Array(n);
    this.availableFrom = new Float64Array(n);
    this.availableTo = new Float64Array(n);
    this.responseDays = new Float64Array(n);
    const buckets = new Map<string, Map<string, CoverageBuckets>>();
    let entries = 0;
    for (let i = 0; i < n; i++) {
      const o = sorted[i]!;
      this.active[i] = o.status === "active" ? 1 : 0;
      this.formatCode[i] = Math.max(0, FORMAT_CODES.indexOf(o.format));
      this.availableFrom[i] = o.availableFrom ? o.availableFrom.getTime() : -Infinity;
      this.availableTo[i] = o.availableTo ? o.availableTo.getTime() : Infinity;
      this.responseDays[i] = o.responseTimeDays ?? NaN;
      // only active offers of organisations the policy lets be matched can ever be candidates; the
      // `trusted` bucket holds those that may also serve needs requiring a trusted expert
      if (o.status !== "active" || !expertVettingAllowsMatch(o.organisationVetting, false)) continue;
      const tier = expertVettingAllowsMatch(o.organisationVetting, true) ? "trusted" : "verified";
      const covKeys: string[] = [];
      for (const c of new Set(o.coverageCountries)) covKeys.push("c:" + c);
      for (const r of new Set(o.coverageRegions)) covKeys.push("r:" + r);
      if (o.coverageGlobal) covKeys.push(GLOBAL_KEY);
      for (const cat of new Set(o.categoryIds)) {
        let byLang = buckets.get(cat);
        if (!byLang) buckets.set(cat, (byLang = new Map()));
        for (const lang of new Set(o.languages)) {
          let byCov = byLang.get(lang);
          if (!byCov) byLang.set(lang, (byCov = { verified: new Map(), trusted: new Map() }));
          const m = byCov[tier];
          for (const k of covKeys) {
            const list = m.get(k);
            if (list) list.push(i);
            else m.set(k, [i]);
            entries++;
          }
        }
      }
    }
    this.buckets = buckets;
    this.entries = entries;
  }

  /**
   * Offer lists for one need, in this order: for each of the need's languages (in preference order), the
   * offers covering its country, its region, globally — of trusted organisations, then (unless
   * `trustedOnly`) of verified ones. `visit(list, languageRank, geoLevel)` is called per non-empty list; an
   * offer may appear in several lists.
   */
  forEachCandidateList(
    categoryId: string,
    languages: readonly string[],
    countryCode: string,
    regionCode: string | null,
    trustedOnly: boolean,
    visit: (offers: readonly number[], languageRank: number, geo: number) => void,
  ): void {
    const byLang = this.buckets.get(categoryId);
    if (!byLang) return;
    const countryKey = "c:" + countryCode;
    const regionKey = regionCode != null ? "r:" + regionCode : null;
    for (let li = 0; li < languages.length; li++) {
      const byCov = byLang.get(languages[li]!);
      if (!byCov) continue;
      for (let tier = 0; tier < (trustedOnly ? 1 : 2); tier++) {
        const m = tier === 0 ? byCov.trusted : byCov.verified;
        const c = m.get(countryKey);
        if (c) visit(c, li, GEO_COUNTRY);
        if (regionKey !== null) {
          const r = m.get(regionKey);
          if (r) visit(r, li, GEO_REGION);
        }
        const g = m.get(GLOBAL_KEY);
        if (g) visit(g, li, GEO_GLOBAL);
      }
    }
  }

  /** Ids of the offers the index yields for a need (deduplicated, sorted) — for tests and tools. */
  candidateOfferIds(need: {
    categoryId: string;
    languages: readonly string[];
    countryCode: string;
    regionCode: string | null;
    requiresTrusted: boolean;
  }): string[] {
    const seen = new Set<number>();
    this.forEachCandidateList(
      need.categoryId,
      need.languages,
      need.countryCode,
      need.regionCode,
      need.requiresTrusted,
      (l) => {
        for (const i of l) seen.add(i);
      },
    );
    return [...seen].sort((a, b) => a - b).map((i) => this.offers[i]!.id);
  }
}
