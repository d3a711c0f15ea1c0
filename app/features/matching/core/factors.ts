/**
 * Hard filters and scoring factors, written as small pure functions. The fast path in `graph.ts` feeds them
 * precomputed numbers; `checkHardFilters` and `scorePair` are the plain reference versions (used for the
 * stored breakdowns and by the tests to check the fast path).
 */
import { coverageKind, expertVettingAllowsMatch } from "~/features/auth/policy";
import type { MatchingConfig } from "./config";
import type {
  FactorKey,
  FactorScore,
  GeoLevel,
  HardFilterCode,
  Lookup,
  MatchNeed,
  MatchOffer,
  OfferLoad,
  OutcomeHistory,
  Urgency,
  WorkFormat,
} from "./types";

const DAY_MS = 86_400_000;
const MONTH_MS = 30 * DAY_MS;

const FACTOR_KEYS: readonly FactorKey[] = [
  "topic",
  "language",
  "geography",
  "urgency",
  "quality",
  "format",
  "availability",
  "hours",
];

export function lookup<T>(map: Lookup<T> | undefined, key: string): T | undefined {
  if (!map) return undefined;
  if (map instanceof Map) return (map as ReadonlyMap<string, T>).get(key);
  return Object.prototype.hasOwnProperty.call(map, key)
    ? (map as Readonly<Record<string, T>>)[key]
    : undefined;
}

export function pairKey(needId: string, offerId: string): string {
  return `${needId}\u0000${offerId}`;
}

// ---------------------------------------------------------------------------------------------- capacity

/** Free engagement slots: maxConcurrent − active engagements − live proposals. */
export function freeSlots(offer: Pick<MatchOffer, "maxConcurrent">, load: OfferLoad | undefined): number {
  const used = (load?.activeEngagements ?? 0) + (load?.openProposals ?? 0);
  return Math.max(0, Math.floor(offer.maxConcurrent) - used);
}

/** Free hours per month: hoursPerMonth − hours committed by active engagements. */
export function freeHours(offer: Pick<MatchOffer, "hoursPerMonth">, load: OfferLoad | undefined): number {
  return offer.hoursPerMonth - (load?.hoursCommitted ?? 0);
}

/**
 * The need's effort per month: its estimated hours spread over the months until wanted-by (at least one,
 * at most `maxSpreadMonths`; `defaultSpreadMonths` without a date), or null when it states no effort.
 */
export function monthlyDemandHours(
  need: Pick<MatchNeed, "effortHours" | "wantedBy">,
  now: Date,
  cfg: MatchingConfig,
): number | null {
  const c = cfg.capacity;
  if (need.effortHours == null || !(need.effortHours > 0)) return null;
  const months = need.wantedBy
    ? Math.min(c.maxSpreadMonths, Math.max(1, (need.wantedBy.getTime() - now.getTime()) / MONTH_MS))
    : c.defaultSpreadMonths;
  return need.effortHours / months;
}

/**
 * Free hours per month an offer needs to be proposed for this need (a hard filter): at least
 * `minFreeHours`, and when the need states its effort, `minHoursCoverage` × its monthly demand.
 */
export function requiredFreeHours(
  need: Pick<MatchNeed, "effortHours" | "wantedBy">,
  now: Date,
  cfg: MatchingConfig,
): number {
  const demand = monthlyDemandHours(need, now, cfg);
  const min = cfg.capacity.minFreeHours;
  return demand === null ? min : Math.max(min, cfg.capacity.minHoursCoverage * demand);
}

/**
 * Availability overlaps the need's window [now, wanted-by] (open-ended without wanted-by; an overdue need's
 * window is just "now").
 */
export function availabilityOverlaps(
  need: Pick<MatchNeed, "wantedBy">,
  offer: Pick<MatchOffer, "availableFrom" | "availableTo">,
  now: Date,
): boolean {
  const start = now.getTime();
  const end = need.wantedBy ? Math.max(start, need.wantedBy.getTime()) : Infinity;
  const from = offer.availableFrom ? offer.availableFrom.getTime() : -Infinity;
  const to = offer.availableTo ? offer.availableTo.getTime() : Infinity;
  return from <= end && to >= start;
}

/** The most specific way the offer covers the need's country, or null when it does not. */
export function coverageLevel(
  need: Pick<MatchNeed, "countryCode" | "regionCode">,
  offer: Pick<MatchOffer, "coverageCountries" | "coverageRegions" | "coverageGlobal">,
): GeoLevel | null {
  return coverageKind(offer, need.countryCode, need.regionCode);
}

export interface PairContext {
  now: Date;
  config: MatchingConfig;
  offerLoad?: OfferLoad;
  /** The pair was declined / rejected before. */
  declined?: boolean;
  /** The pair already has a live proposal. */
  alreadyProposed?: boolean;
}

/**
 * Every hard filter the pair fails (empty = eligible). Reference implementation of domain.md "Matching":
 * category fits; a shared language; coverage includes the need's country (directly, region or global);
 * capacity left (slots and hours); availability overlaps the wanted-by date; the expert organisation is
 * verified (trusted when required); no exclusion, no declined pair; plus need matchable, offer active, not
 * already proposed, not the need's own organisation.
 */
export function checkHardFilters(need: MatchNeed, offer: MatchOffer, ctx: PairContext): HardFilterCode[] {
  const cfg = ctx.config;
  const out: HardFilterCode[] = [];
  if (!cfg.matchableNeedStatuses.includes(need.status)) out.push("need_not_matchable");
  if (offer.status !== "active") out.push("offer_not_active");
  if (offer.organisationId === need.organisationId) out.push("own_organisation");
  if (!offer.categoryIds.includes(need.categoryId)) out.push("category");
  if (!need.languages.some((l) => offer.languages.includes(l))) out.push("language");
  if (coverageLevel(need, offer) === null) out.push("coverage");
  if (freeSlots(offer, ctx.offerLoad) < 1) out.push("capacity_slots");
  if (freeHours(offer, ctx.offerLoad) < requiredFreeHours(need, ctx.now, cfg)) out.push("capacity_hours");
  if (!availabilityOverlaps(need, offer, ctx.now)) out.push("availability");
  if (!expertVettingAllowsMatch(offer.organisationVetting, need.requiresTrusted)) out.push("vetting");
  if (need.excludedOrganisationIds.includes(offer.organisationId)) out.push("excluded_organisation");
  if (ctx.declined) out.push("declined_pair");
  if (ctx.alreadyProposed) out.push("already_proposed");
  return out;
}

// ----------------------------------------------------------------------------------------------- factors

/** Topic overlap from the intersection size: mostly how much of the need is covered, a little Jaccard. */
export function topicValue(
  matched: number,
  needCount: number,
  offerCount: number,
  cfg: MatchingConfig,
): number {
  if (needCount <= 0) return cfg.topic.noTopicsValue;
  const recall = matched / needCount;
  const union = needCount + offerCount - matched;
  const jaccard = union > 0 ? matched / union : 0;
  const w = cfg.topic.recallWeight;
  return w * recall + (1 - w) * jaccard;
}

/** Language fit from the position (in the need's preference list) of the best shared language; −1 = none. */
export function languageValue(bestSharedRank: number, cfg: MatchingConfig): number {
  if (bestSharedRank < 0) return 0;
  return bestSharedRank === 0 ? cfg.language.primary : cfg.language.secondary;
}

export function geographyValue(level: GeoLevel | null, cfg: MatchingConfig): number {
  return level === null ? 0 : cfg.geography[level];
}

/** Response time the need wants: its urgency's target, capped by the days left until wanted-by (≥ 1). */
export function targetResponseDays(
  urgency: Urgency,
  wantedBy: Date | null,
  now: Date,
  cfg: MatchingConfig,
): number {
  let target = cfg.urgency.targetDays[urgency];
  if (wantedBy) target = Math.min(target, (wantedBy.getTime() - now.getTime()) / DAY_MS);
  return Math.max(1, target);
}

/** 1 when the offer responds within the target, decaying as target / responseTime beyond it. */
export function urgencyValue(
  targetDays: number,
  responseTimeDays: number | null,
  cfg: MatchingConfig,
): number {
  const rt = responseTimeDays ?? cfg.urgency.unknownResponseDays;
  if (!(rt > targetDays)) return 1;
  return targetDays / rt;
}

export interface QualityEstimate {
  /** Posterior mean in [0, 1]. */
  value: number;
  /** Observations behind it (0 = prior only). */
  observations: number;
}

/**
 * Bayesian (beta-style) quality of an expert organisation: (priorMean · priorWeight + Σ obs) / (priorWeight + n),
 * where a rating r (1–5) observes (r − 1) / 4 and outcomes observe the configured values. Newcomers sit at the
 * prior mean instead of zero; a few bad or good results move it only gradually.
 */
export function bayesianQuality(history: OutcomeHistory | undefined, cfg: MatchingConfig): QualityEstimate {
  const q = cfg.quality;
  const nn = (x: number | undefined) => (x != null && x > 0 && Number.isFinite(x) ? x : 0);
  const ratings = nn(history?.ratingCount);
  const ratingSum = ratings > 0 ? Math.min(5 * ratings, Math.max(ratings, nn(history?.ratingSum))) : 0;
  const a = nn(history?.achieved);
  const p = nn(history?.partlyAchieved);
  const n = nn(history?.notAchieved);
  const observations = ratings + a + p + n;
  const sum = (ratingSum - ratings) / 4 + a * q.achieved + p * q.partlyAchieved + n * q.notAchieved;
  const denom = q.priorWeight + observations;
  const value = denom > 0 ? (q.priorMean * q.priorWeight + sum) / denom : q.priorMean;
  return { value: Math.min(1, Math.max(0, value)), observations };
}

/** Format fit: the offer works the way the need wants (either side "either", or the same format). */
export function formatValue(needFormat: WorkFormat, offerFormat: WorkFormat, cfg: MatchingConfig): number {
  const fits = needFormat === "either" || offerFormat === "either" || needFormat === offerFormat;
  return fits ? cfg.format.fit : cfg.format.mismatch;
}

/**
 * End of the need's window in ms: its wanted-by date (an overdue need's window is just "now"), or
 * `openEndedDays` from now without one.
 */
export function windowEnd(need: Pick<MatchNeed, "wantedBy">, nowMs: number, cfg: MatchingConfig): number {
  if (need.wantedBy) return Math.max(nowMs, need.wantedBy.getTime());
  return nowMs + cfg.availability.openEndedDays * DAY_MS;
}

/**
 * Share (0–1) of the need's window [now, end] in which the offer is available ([from, to], open-ended
 * when null). An empty window (overdue need) counts as fully covered when the offer is available now.
 */
export function availabilityShare(nowMs: number, endMs: number, fromMs: number, toMs: number): number {
  if (!(endMs > nowMs)) return fromMs <= nowMs && toMs >= nowMs ? 1 : 0;
  const overlap = Math.min(endMs, toMs) - Math.max(nowMs, fromMs);
  return overlap <= 0 ? 0 : Math.min(1, overlap / (endMs - nowMs));
}

/** Hours fit: the share of the need's monthly demand the offer's free hours cover (1 without a stated effort). */
export function hoursValue(freeHoursPerMonth: number, demand: number | null): number {
  if (demand === null || !(demand > 0)) return 1;
  return Math.min(1, Math.max(0, freeHoursPerMonth) / demand);
}

/** The load every organisation's is compared with: the network average, floored at `minReferenceLoad`. */
export function referenceLoadOf(average: number | undefined, cfg: MatchingConfig): number {
  const a = average != null && Number.isFinite(average) ? average : 0;
  return Math.max(cfg.fairness.minReferenceLoad, a);
}

/**
 * Marginal fairness penalty (score points) of one more proposal for an expert organisation that already
 * carries `load` proposals + engagements, against the reference load `ref` (see `referenceLoadOf`): it
 * grows with the organisation's share of the current load. Non-decreasing in `load` (convex total cost).
 */
export function fairnessMarginal(load: number, ref: number, cfg: MatchingConfig): number {
  const f = cfg.fairness;
  return Math.min(f.maxPenalty, (f.perShare * Math.max(0, load)) / ref);
}

/** Total organisation penalty of adding `count` proposals on top of `load`. */
export function fairnessPenaltyTotal(load: number, count: number, ref: number, cfg: MatchingConfig): number {
  let s = 0;
  for (let j = 0; j < count; j++) s += fairnessMarginal(load + j, ref, cfg);
  return s;
}

/**
 * Marginal penalty of one more proposal on an offer already using `used` of its `maxConcurrent` slots
 * (engagements + live proposals): grows with the share of its slots in use. Non-decreasing in `used`.
 */
export function offerFairnessMarginal(used: number, maxConcurrent: number, cfg: MatchingConfig): number {
  if (!(maxConcurrent > 0)) return cfg.fairness.perOfferUse;
  return (cfg.fairness.perOfferUse * Math.min(maxConcurrent, Math.max(0, used))) / maxConcurrent;
}

/** Total offer penalty of adding `count` proposals on top of `used`. */
export function offerFairnessTotal(used: number, count: number, maxConcurrent: number, cfg: MatchingConfig) {
  let s = 0;
  for (let j = 0; j < count; j++) s += offerFairnessMarginal(used + j, maxConcurrent, cfg);
  return s;
}

/** 100 · wᵢ / Σ w: the points each factor is worth at value 1. */
export function factorMultipliers(cfg: MatchingConfig): Record<FactorKey, number> {
  const w = cfg.weights;
  let total = 0;
  for (const k of FACTOR_KEYS) total += w[k];
  const m = {} as Record<FactorKey, number>;
  for (const k of FACTOR_KEYS) m[k] = (100 * w[k]) / total;
  return m;
}

/** Base score from factor values; same summation order as the fast path, so both agree bit for bit. */
function baseScoreOf(values: Record<FactorKey, number>, m: Record<FactorKey, number>): number {
  return (
    m.topic * values.topic +
    m.language * values.language +
    m.geography * values.geography +
    m.urgency * values.urgency +
    m.quality * values.quality +
    m.format * values.format +
    m.availability * values.availability +
    m.hours * values.hours
  );
}

export interface PairScore {
  factors: Record<FactorKey, FactorScore>;
  baseScore: number;
  matchedTopics: string[];
  needTopicCount: number;
  sharedLanguages: string[];
  geography: GeoLevel | null;
  targetResponseDays: number;
  qualityObservations: number;
  availabilityShare: number;
  monthlyDemandHours: number | null;
  offerHoursFree: number;
}

export interface ScoreContext {
  now: Date;
  config: MatchingConfig;
  /** The expert organisation's outcome history (missing = newcomer). */
  history?: OutcomeHistory;
  /** The offer's load (free hours feed the hours factor; missing = none committed). */
  offerLoad?: OfferLoad;
}

/** Reference scoring of one pair (no filters applied). */
export function scorePair(need: MatchNeed, offer: MatchOffer, ctx: ScoreContext): PairScore {
  const { now, config: cfg } = ctx;
  const nowMs = now.getTime();
  const needTopics = [...new Set(need.topicKeys)];
  const offerTopics = new Set(offer.topicKeys);
  const matchedTopics = needTopics.filter((t) => offerTopics.has(t));
  const needLangs = [...new Set(need.languages)];
  const sharedLanguages = needLangs.filter((l) => offer.languages.includes(l));
  const bestRank = sharedLanguages.length ? needLangs.indexOf(sharedLanguages[0]!) : -1;
  const geography = coverageLevel(need, offer);
  const target = targetResponseDays(need.urgency, need.wantedBy, now, cfg);
  const quality = bayesianQuality(ctx.history, cfg);
  const share = availabilityShare(
    nowMs,
    windowEnd(need, nowMs, cfg),
    offer.availableFrom ? offer.availableFrom.getTime() : -Infinity,
    offer.availableTo ? offer.availableTo.getTime() : Infinity,
  );
  const demand = monthlyDemandHours(need, now, cfg);
  const hoursFree = freeHours(offer, ctx.offerLoad);
  const values: Record<FactorKey, number> = {
    topic: topicValue(matchedTopics.length, needTopics.length, offerTopics.size, cfg),
    language: languageValue(bestRank, cfg),
    geography: geographyValue(geography, cfg),
    urgency: urgencyValue(target, offer.responseTimeDays, cfg),
    quality: quality.value,
    format: formatValue(need.format, offer.format, cfg),
    availability: share,
    hours: hoursValue(hoursFree, demand),
  };
  const m = factorMultipliers(cfg);
  const factors = {} as Record<FactorKey, FactorScore>;
  for (const k of FACTOR_KEYS) {
    factors[k] = { value: values[k], weight: cfg.weights[k], contribution: m[k] * values[k] };
  }
  return {
    factors,
    baseScore: baseScoreOf(values, m),
    matchedTopics,
    needTopicCount: needTopics.length,
    sharedLanguages,
    geography,
    targetResponseDays: target,
    qualityObservations: quality.observations,
    availabilityShare: share,
    monthlyDemandHours: demand,
    offerHoursFree: hoursFree,
  };
}
