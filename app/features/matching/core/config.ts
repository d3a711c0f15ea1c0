import type { FactorKey, NeedStatus, Urgency } from "./types";

/**
 * Every tunable of the matcher in one object. `DEFAULT_MATCHING_CONFIG` documents the defaults; callers pass
 * a partial override to `runMatching` (merged one level deep by `resolveMatchingConfig`).
 */
export interface MatchingConfig {
  /** K: proposals per open need, counting its live proposals. */
  proposalsPerNeed: number;
  /**
   * Up to this many scored pairs, the assignment sees them all (exact optimum). Beyond it the candidate
   * graph is pruned: each need keeps its best `candidatesPerNeed` offers, each offer its best
   * `2 + candidatesPerOfferSlot × free slots` needs (up to 5 slots).
   */
  exactCandidateLimit: number;
  candidatesPerNeed: number;
  candidatesPerOfferSlot: number;
  /**
   * After a pruned assignment, needs whose lists were cut and are still short of K get up to this many
   * repair rounds on the residual network (see runMatching).
   */
  maxRepairRounds: number;
  /**
   * Granularity (score points) of the costs inside the min-cost flow: gains and penalties are rounded to
   * multiples of it, and a proposal must be worth at least one unit. The assignment is exactly optimal for
   * the rounded costs, so its total is within one resolution per proposal (of either solution) of the true
   * optimum — measured ≥ 99.99 % at 1 point; a finer resolution costs more shortest-path phases.
   */
  assignmentResolution: number;
  /** Pairs whose base score (before fairness) is below this are never proposed. */
  minScore: number;
  /** Relative weights of the factors; the base score is 100 · Σ wᵢ·vᵢ / Σ wᵢ. */
  weights: Record<FactorKey, number>;
  /**
   * Format fit (a soft factor): the offer works the way the need wants (same format, or either side says
   * "either") → `fit`; remote-only for an in-person need or the reverse → `mismatch`.
   */
  format: { fit: number; mismatch: number };
  availability: {
    /**
     * Window of a need without a wanted-by date, in days from now. The availability factor is the share of
     * the need's window [now, wanted-by] in which the offer is available (graded; overlap is a hard filter).
     */
    openEndedDays: number;
  };
  topic: {
    /** Topic value = recallWeight · |N∩O|/|N| + (1 − recallWeight) · Jaccard(N, O). */
    recallWeight: number;
    /** Value when the need lists no topic (category fit alone). */
    noTopicsValue: number;
  };
  language: {
    /** Value when the offer speaks the need's first (primary) language. */
    primary: number;
    /** Value when it only shares one of the need's other languages. */
    secondary: number;
  };
  /** Geographic specificity: the most specific way the offer covers the need's country. */
  geography: Record<"country" | "region" | "global", number>;
  urgency: {
    /** Response time (days) each urgency wants; capped by the days left until `wantedBy`. */
    targetDays: Record<Urgency, number>;
    /** Assumed response time when an offer does not state one. */
    unknownResponseDays: number;
  };
  quality: {
    /** Bayesian prior: a newcomer's quality value. */
    priorMean: number;
    /** Weight of the prior, in observations. */
    priorWeight: number;
    /** Observation values of outcomes (ratings r in 1–5 count as (r − 1) / 4). */
    achieved: number;
    partlyAchieved: number;
    notAchieved: number;
  };
  fairness: {
    /**
     * Marginal penalty (score points) of giving one more proposal to an expert organisation already carrying
     * `load` proposals + engagements, when the network's reference load (average per organisation) is `ref`:
     * min(maxPenalty, perShare · load / max(ref, minReferenceLoad)) — it grows with the organisation's share
     * of the current load. Non-decreasing in `load`, so the total penalty is convex and the assignment
     * spreads load (and a tie goes to the less loaded organisation).
     */
    perShare: number;
    maxPenalty: number;
    minReferenceLoad: number;
    /**
     * Marginal penalty of one more proposal on an offer already using `used` of its `maxConcurrent` slots:
     * perOfferUse · used / maxConcurrent (per offer as well as per organisation).
     */
    perOfferUse: number;
  };
  diversity: {
    /**
     * At most one live proposal per expert organisation per need, unless no other organisation qualifies
     * for that need (then the one organisation may fill all K).
     */
    onePerOrganisation: boolean;
  };
  capacity: {
    /** An offer with fewer free hours per month than this is full. */
    minFreeHours: number;
    /**
     * When the need states its effort, the offer must have at least `minHoursCoverage` of the need's monthly
     * demand free (effort spread over the months until wanted-by, or `defaultSpreadMonths`).
     */
    minHoursCoverage: number;
    defaultSpreadMonths: number;
    maxSpreadMonths: number;
  };
  /** Need statuses that may receive proposals. */
  matchableNeedStatuses: readonly NeedStatus[];
  /** Thresholds of the banded reasons shown to non-secretariat users. */
  explain: {
    /** Topic value at or above which the fit is "strong"; any matched topic below it is a partial fit. */
    strongTopic: number;
    /** Urgency value at or above which the offer "meets the timeline". */
    fastResponse: number;
    /** …and "responds fast" when its stated response time is at most this many days. */
    fastResponseDays: number;
    provenQuality: number;
    provenMinObservations: number;
    /** Availability share at or above which the offer is "available through the need's date". */
    fullAvailability: number;
    /** Hours value at or above which the offer "has the hours the effort needs". */
    enoughHours: number;
  };
}

export const DEFAULT_MATCHING_CONFIG: MatchingConfig = Object.freeze({
  proposalsPerNeed: 3,
  exactCandidateLimit: 250_000,
  candidatesPerNeed: 16,
  candidatesPerOfferSlot: 2,
  maxRepairRounds: 3,
  assignmentResolution: 1,
  minScore: 25,
  weights: Object.freeze({
    topic: 30,
    language: 12,
    geography: 12,
    urgency: 10,
    quality: 14,
    format: 8,
    availability: 7,
    hours: 7,
  }),
  format: Object.freeze({ fit: 1, mismatch: 0 }),
  availability: Object.freeze({ openEndedDays: 90 }),
  topic: Object.freeze({ recallWeight: 0.75, noTopicsValue: 0.5 }),
  language: Object.freeze({ primary: 1, secondary: 0.7 }),
  geography: Object.freeze({ country: 1, region: 0.6, global: 0.3 }),
  urgency: Object.freeze({
    targetDays: Object.freeze({ critical: 3, high: 14, normal: 30, low: 60 }),
    unknownResponseDays: 14,
  }),
  quality: Object.freeze({
    priorMean: 0.65,
    priorWeight: 4,
    achieved: 1,
    partlyAchieved: 0.5,
    notAchieved: 0,
  }),
  // Chosen from `npm run bench:matching`'s trade-off table (see the README): where capacity is spare, the load
  // Gini falls to 0.8 × the per-need greedy pick's for 0.79 % of total score; twice as strong costs > 1 %.
  fairness: Object.freeze({ perShare: 0.5, maxPenalty: 30, minReferenceLoad: 1, perOfferUse: 1 }),
  diversity: Object.freeze({ onePerOrganisation: true }),
  capacity: Object.freeze({
    minFreeHours: 1,
    minHoursCoverage: 0.25,
    defaultSpreadMonths: 3,
    maxSpreadMonths: 12,
  }),
  matchableNeedStatuses: Object.freeze(["open", "matching"] as NeedStatus[]),
  explain: Object.freeze({
    strongTopic: 0.75,
    fastResponse: 0.95,
    fastResponseDays: 7,
    provenQuality: 0.75,
    provenMinObservations: 3,
    fullAvailability: 0.999,
    enoughHours: 0.999,
  }),
}) as MatchingConfig;

type Nested = {
  [K in keyof MatchingConfig]?: MatchingConfig[K] extends readonly unknown[]
    ? MatchingConfig[K]
    : MatchingConfig[K] extends object
      ? Partial<MatchingConfig[K]>
      : MatchingConfig[K];
};

/** A partial configuration: top-level keys, or some fields of a nested group. */
export type MatchingConfigOverrides = Omit<Nested, "urgency"> & {
  urgency?: Partial<Omit<MatchingConfig["urgency"], "targetDays">> & {
    targetDays?: Partial<Record<Urgency, number>>;
  };
};

export function resolveMatchingConfig(overrides?: MatchingConfigOverrides): MatchingConfig {
  const d = DEFAULT_MATCHING_CONFIG;
  if (!overrides) return d;
  const o = overrides;
  const cfg: MatchingConfig = {
    proposalsPerNeed: o.proposalsPerNeed ?? d.proposalsPerNeed,
    exactCandidateLimit: o.exactCandidateLimit ?? d.exactCandidateLimit,
    candidatesPerNeed: o.candidatesPerNeed ?? d.candidatesPerNeed,
    candidatesPerOfferSlot: o.candidatesPerOfferSlot ?? d.candidatesPerOfferSlot,
    maxRepairRounds: o.maxRepairRounds ?? d.maxRepairRounds,
    assignmentResolution: o.assignmentResolution ?? d.assignmentResolution,
    minScore: o.minScore ?? d.minScore,
    weights: { ...d.weights, ...o.weights },
    format: { ...d.format, ...o.format },
    availability: { ...d.availability, ...o.availability },
    topic: { ...d.topic, ...o.topic },
    language: { ...d.language, ...o.language },
    geography: { ...d.geography, ...o.geography },
    urgency: {
      ...d.urgency,
      ...o.urgency,
      targetDays: { ...d.urgency.targetDays, ...o.urgency?.targetDays },
    },
    quality: { ...d.quality, ...o.quality },
    fairness: { ...d.fairness, ...o.fairness },
    diversity: { ...d.diversity, ...o.diversity },
    capacity: { ...d.capacity, ...o.capacity },
    matchableNeedStatuses: o.matchableNeedStatuses ?? d.matchableNeedStatuses,
    explain: { ...d.explain, ...o.explain },
  };
  validateConfig(cfg);
  return cfg;
}

function validateConfig(cfg: MatchingConfig): void {
  const bad = (what: string) => {
    throw new RangeError(`Invalid matching config: ${what}`);
  };
  if (!Number.isInteger(cfg.proposalsPerNeed) || cfg.proposalsPerNeed < 0) bad("proposalsPerNeed");
  if (!(cfg.candidatesPerNeed >= 1)) bad("candidatesPerNeed");
  if (!(cfg.candidatesPerOfferSlot >= 0)) bad("candidatesPerOfferSlot");
  if (!(cfg.exactCandidateLimit >= 0)) bad("exactCandidateLimit");
  if (!(cfg.assignmentResolution > 0) || cfg.assignmentResolution > 100) bad("assignmentResolution");
  const ws = Object.values(cfg.weights);
  if (ws.some((w) => !(w >= 0)) || ws.reduce((a, b) => a + b, 0) <= 0) bad("weights");
  const f = cfg.fairness;
  if (!(f.perShare >= 0) || !(f.maxPenalty >= 0) || !(f.minReferenceLoad > 0) || !(f.perOfferUse >= 0))
    bad("fairness");
  if (!(cfg.availability.openEndedDays > 0)) bad("availability.openEndedDays");
  if (!(cfg.quality.priorWeight >= 0)) bad("quality.priorWeight");
}
