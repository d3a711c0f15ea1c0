/**
 * Plain data types of the pure matching core. Nothing here knows about Prisma, queues or HTTP: the
 * persistence layer maps its rows onto these shapes, calls `runMatching`, and stores the proposals.
 * (The run's input, which may carry a prebuilt `OfferIndex`, is in input.ts.)
 */

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
/** How the work can be done: remotely, in person, or either. */
export type WorkFormat = "remote" | "in_person" | "either";

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
  /** How the coalition wants the work done. */
  format: WorkFormat;
  /** When the need opened (its age breaks ties: the older need first); null = not yet. */
  openedAt: Date | null;
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
  format: WorkFormat;
}

/**
 * Current load of one offer. Totals from the database: `openProposals` counts ALL live proposals on the
 * offer (proposed / approved / accepted, not yet an engagement), including the ones listed in
 * `MatchInput.existingProposals` and `MatchInput.movableProposals`.
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

/** A live proposal: the pair, and its expert organisation when known (else taken from the offer). */
export interface LiveProposal extends PairRef {
  expertOrganisationId?: string;
}

/** A map keyed by id, either a `Map` or a plain object (JSON-friendly for job payloads). */
export type Lookup<T> = ReadonlyMap<string, T> | Readonly<Record<string, T>>;

export interface FactorScore {
  /** Raw factor value in [0, 1]. */
  value: number;
  /** Configured weight (relative). */
  weight: number;
  /** Points this factor adds to the 0–100 base score: 100 · weight · value / Σ weights. */
  contribution: number;
}

export type FactorKey =
  "topic" | "language" | "geography" | "urgency" | "quality" | "format" | "availability" | "hours";
export type GeoLevel = "country" | "region" | "global";

export interface ScoreBreakdown {
  factors: Record<FactorKey, FactorScore>;
  /** Σ contributions, 0–100. */
  baseScore: number;
  /** Fairness points subtracted: `fairness.organisation + fairness.offer`. */
  fairnessPenalty: number;
  /**
   * The two parts of the penalty: the expert organisation's convex penalty for its new proposals in the run
   * (it grows with the organisation's share of the network's load), and the offer's (it grows with the
   * share of its slots in use), each shared equally by the proposals that incur it.
   */
  fairness: { organisation: number; offer: number };
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
    needFormat: WorkFormat;
    offerFormat: WorkFormat;
    /** Share (0–1) of the need's window [now, wanted-by] in which the offer is available. */
    availabilityShare: number;
    /** The need's effort spread per month (hours), or null when it states no effort. */
    monthlyDemandHours: number | null;
    /** Expert organisation's load (proposals + engagements) before this run (movable proposals excluded). */
    expertLoadBefore: number;
    /** The load every organisation's is compared with (network average, at least the configured floor). */
    referenceLoad: number;
    /** Proposals given to the expert organisation in this run. */
    expertAssignedInRun: number;
    /** Engagements + live proposals of the offer before this run (movable proposals excluded). */
    offerLoadBefore: number;
    /** Proposals given to the offer in this run. */
    offerAssignedInRun: number;
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

/**
 * Why a movable proposal (unreviewed, unseen) was not kept by a run: a hard filter it now fails, its base
 * score fell below the minimum, its need now holds a locked proposal of the same organisation (`diversity`),
 * or the global assignment gives its slot to another need
 * (`slot_reassigned`), gives its need better proposals (`better_fit`), or spreads load otherwise
 * (`rebalanced`).
 */
export type ReleaseReason =
  HardFilterCode | "below_min_score" | "diversity" | "slot_reassigned" | "better_fit" | "rebalanced";

export interface ReleasedProposal {
  needId: string;
  offerId: string;
  expertOrganisationId: string;
  reason: ReleaseReason;
  /** With `slot_reassigned`: the need that now holds the offer's slot. */
  takenByNeedId?: string;
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
  /** Why indexed pairs were dropped (`diversity`: the need already holds a proposal of that organisation). */
  filtered: Partial<Record<HardFilterCode | "below_min_score" | "diversity", number>>;
  /** Needs whose candidates come from ≥ 2 organisations: at most one proposal per organisation. */
  needsDiverse: number;
  /** New proposals. */
  proposals: number;
  /** Movable proposals kept, and released (see `MatchResult`). */
  proposalsKept: number;
  proposalsReleased: number;
  needsWithProposals: number;
  /** Σ base scores − Σ fairness penalties of the run's proposals, new and kept (the maximised objective). */
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
  /** New proposals, sorted by need id, then rank. */
  proposals: Proposal[];
  /** Movable proposals the run keeps, with their breakdowns as of this run (same order). */
  kept: Proposal[];
  /** Movable proposals the run does not keep, with the reason (sorted by need id, offer id). */
  released: ReleasedProposal[];
  stats: MatchStats;
}
