/**
 * Plain data types of the pure matching core. Nothing here knows about Prisma, queues or HTTP: the
 * persistence layer maps its rows onto these shapes, calls `runMatching`, and stores the proposals.
 */
import type { OfferIndex } from "./candidates";

export type Urgency = "critical" | "high" | "normal" | "low";
export type VettingLevel = "unverified" | "verified" | "trusted";
export type NeedStatus =
  | "draft"
  | "submitted"
  | "open"
  | "needs_info"
  | "declined"
  | "matching"
  | "engaged"
  | "completed"
  | "closed_unmet"
  | "withdrawn";
export type OfferStatus = "draft" | "active" | "paused" | "retired";

/** A coalition's need, as the matcher sees it (no confidential text). */
export interface MatchNeed {
  id: string;
  /** The coalition that posted the need. */
  organisationId: string;
  status: NeedStatus;
  categoryId: string;
  topicKeys: readonly string[];
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  /** Region of `countryCode` (from the country table), or null when the country has none. */
  regionCode: string | null;
  /** ISO 639-1 codes in order of preference: the first one is the need's primary language. */
  languages: readonly string[];
  urgency: Urgency;
  wantedBy: Date | null;
  /** Estimated total effort in hours, or null when unknown. */
  effortHours: number | null;
  /**
   * True when only `trusted` expert organisations may be proposed: the caller derives it from the need's
   * visibility and the country's civic-space rating (`needRequiresTrustedExpert` in ~/features/auth/policy).
   */
  requiresTrusted: boolean;
  /** Expert organisations the coalition excluded. */
  excludedOrganisationIds: readonly string[];
}

/** An expert organisation's offer of capacity. */
export interface MatchOffer {
  id: string;
  /** The expert organisation publishing the offer. */
  organisationId: string;
  organisationVetting: VettingLevel;
  status: OfferStatus;
  categoryIds: readonly string[];
  topicKeys: readonly string[];
  coverageGlobal: boolean;
  coverageCountries: readonly string[];
  coverageRegions: readonly string[];
  languages: readonly string[];
  hoursPerMonth: number;
  /** Maximum concurrent engagements; live proposals count against it too. */
  maxConcurrent: number;
  availableFrom: Date | null;
  availableTo: Date | null;
  /** Typical response time in days, or null when not stated. */
  responseTimeDays: number | null;
}

/**
 * Current load of one offer. Totals from the database: `openProposals` counts ALL live proposals on the
 * offer (proposed / approved / accepted, not yet an engagement), including the ones listed in
 * `MatchInput.existingProposals`.
 */
export interface OfferLoad {
  activeEngagements: number;
  openProposals: number;
  /** Hours per month committed by the offer's active engagements. */
  hoursCommitted: number;
}

/** Current load of one expert organisation across all its offers (drives the fairness penalty). */
export interface ExpertLoad {
  activeEngagements: number;
  openProposals: number;
}

/** Outcome history of one expert organisation (closed engagements). */
export interface OutcomeHistory {
  /** Number of coalition ratings (1–5) received. */
  ratingCount: number;
  /** Sum of those ratings. */
  ratingSum: number;
  /** Engagement outcomes; `cancelled` carries no quality signal and is not counted. */
  achieved?: number;
  partlyAchieved?: number;
  notAchieved?: number;
}

export interface PairRef {
  needId: string;
  offerId: string;
}

/** A map keyed by id, either a `Map` or a plain object (JSON-friendly for job payloads). */
export type Lookup<T> = ReadonlyMap<string, T> | Readonly<Record<string, T>>;

export interface MatchInput {
  /** The clock, passed in: the core never reads the system time. */
  now: Date;
  /** Needs to match; those whose status is not matchable are ignored. */
  needs: readonly MatchNeed[];
  /** Offers, or a prebuilt `OfferIndex` (reuse it across incremental runs). */
  offers: readonly MatchOffer[] | OfferIndex;
  /** Per offer id. Missing = no load. */
  offerLoads?: Lookup<OfferLoad>;
  /**
   * Per expert organisation id. Missing entries are derived from `offerLoads` of the organisation's offers
   * that are present in `offers`.
   */
  expertLoads?: Lookup<ExpertLoad>;
  /** Per expert organisation id. Missing = newcomer (prior only). */
  outcomeHistory?: Lookup<OutcomeHistory>;
  /**
   * Live proposals on the needs of this run: these pairs are never proposed again and each one uses one of
   * the need's K proposal slots. (Their load on offers/organisations must already be in the loads.)
   */
  existingProposals?: readonly PairRef[];
  /**
   * Pairs that must never be proposed again: declined by the expert or the coalition, rejected by the
   * secretariat, or otherwise closed.
   */
  declinedPairs?: readonly PairRef[];
}

export interface FactorScore {
  /** Raw factor value in [0, 1]. */
  value: number;
  /** Configured weight (relative). */
  weight: number;
  /** Points this factor adds to the 0–100 base score: 100 · weight · value / Σ weights. */
  contribution: number;
}

export type FactorKey = "topic" | "language" | "geography" | "urgency" | "quality";
export type GeoLevel = "country" | "region" | "global";

export interface ScoreBreakdown {
  factors: Record<FactorKey, FactorScore>;
  /** Σ contributions, 0–100. */
  baseScore: number;
  /** Fairness points subtracted (average marginal penalty of the expert organisation's new proposals). */
  fairnessPenalty: number;
  /** baseScore − fairnessPenalty, clamped to 0–100. */
  score: number;
  details: {
    matchedTopics: string[];
    needTopicCount: number;
    /** Shared languages in the need's order of preference. */
    sharedLanguages: string[];
    primaryLanguageShared: boolean;
    geography: GeoLevel;
    countryCode: string;
    regionCode: string | null;
    responseTimeDays: number | null;
    targetResponseDays: number;
    /** Number of outcome observations behind the quality factor (0 = newcomer, prior only). */
    qualityObservations: number;
    /** Expert organisation's load (proposals + engagements) before this run. */
    expertLoadBefore: number;
    /** Proposals given to the expert organisation in this run. */
    expertAssignedInRun: number;
    /** Free engagement slots of the offer before this run. */
    offerSlotsBefore: number;
    /** Free hours per month of the offer before this run. */
    offerHoursFree: number;
  };
}

export interface Proposal {
  needId: string;
  offerId: string;
  expertOrganisationId: string;
  /** Net score 0–100 (== breakdown.score). */
  score: number;
  /** 1 = best proposal of this need in this run. */
  rank: number;
  breakdown: ScoreBreakdown;
}

export type HardFilterCode =
  | "need_not_matchable"
  | "offer_not_active"
  | "own_organisation"
  | "category"
  | "language"
  | "coverage"
  | "capacity_slots"
  | "capacity_hours"
  | "availability"
  | "vetting"
  | "excluded_organisation"
  | "declined_pair"
  | "already_proposed";

/** Counters of a run; the work counters (pairs, augmentations, phases) are summed over repair rounds. */
export interface MatchStats {
  needsInput: number;
  /** Matchable needs with at least one free proposal slot. */
  needsConsidered: number;
  offersInput: number;
  /** Pairs produced by the category × language × coverage index (before the other hard filters). */
  candidatePairsIndexed: number;
  /** Pairs that passed every hard filter and were scored. */
  candidatePairsScored: number;
  /** Pairs in the assignment graph (all scored pairs, or the pruned graph beyond `exactCandidateLimit`). */
  candidatePairsKept: number;
  /** True when the assignment saw every scored pair, i.e. its result is the exact optimum. */
  candidateGraphComplete: boolean;
  /** Why indexed pairs were dropped. */
  filtered: Partial<Record<HardFilterCode | "below_min_score", number>>;
  proposals: number;
  needsWithProposals: number;
  /** Σ base scores − Σ fairness penalties of the new proposals (the maximised objective). */
  totalScore: number;
  totalBaseScore: number;
  totalFairnessPenalty: number;
  /** Units routed by the assignment (augmenting paths, including "no proposal" ones). */
  augmentations: number;
  /** Shortest-path phases of the assignment. */
  phases: number;
  /** Nodes settled over all searches (effort indicator). */
  nodesSettled: number;
  /** Repair rounds run after a pruned assignment (see runMatching). */
  repairRounds: number;
}

export interface MatchResult {
  /** Sorted by need id, then rank. */
  proposals: Proposal[];
  stats: MatchStats;
}
