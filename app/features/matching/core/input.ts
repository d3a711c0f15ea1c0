/**
 * What a run is given. Kept apart from types.ts because it may carry a prebuilt `OfferIndex` (candidates.ts
 * depends on the plain types, never the other way round).
 */
import type { OfferIndex } from "./candidates";
import type {
  ExpertLoad,
  LiveProposal,
  Lookup,
  MatchNeed,
  MatchOffer,
  OfferLoad,
  OutcomeHistory,
  PairRef,
} from "./types";

export interface MatchInput {
  /** The clock, passed in: the core never reads the system time. */
  now: Date;
  /** Needs to match; those whose status is not matchable are ignored. */
  needs: readonly MatchNeed[];
  /** Offers, or a prebuilt `OfferIndex` (reuse it across incremental runs). */
  offers: readonly MatchOffer[] | OfferIndex;
  /** Per offer id. Missing = no load. Totals: they include existing and movable proposals. */
  offerLoads?: Lookup<OfferLoad>;
  /**
   * Per expert organisation id (totals, like `offerLoads`). Missing entries are derived from `offerLoads`
   * of the organisation's offers that are present in `offers`.
   */
  expertLoads?: Lookup<ExpertLoad>;
  /**
   * The load an organisation's is compared with for the fairness penalty: the network's average load
   * (engagements + locked proposals) per expert organisation with an active offer. The caller computes it
   * network-wide, so that a run on a few needs and a full rebalance weigh loads alike; when missing, it is
   * the average over the organisations of `offers` (movable proposals excluded). Floored at
   * `fairness.minReferenceLoad`.
   */
  referenceLoad?: number;
  /** Per expert organisation id. Missing = newcomer (prior only). */
  outcomeHistory?: Lookup<OutcomeHistory>;
  /**
   * Locked live proposals on the needs of this run (reviewed by the secretariat, seen by the expert, or made
   * by hand): never moved, never proposed again, each uses one of the need's K proposal slots.
   */
  existingProposals?: readonly LiveProposal[];
  /**
   * Movable live proposals on the needs of this run (made by the worker, not yet reviewed or seen): the run
   * re-decides them with everything else — it keeps them (`MatchResult.kept`) or releases them with a reason
   * (`MatchResult.released`), so that a need opened later is not starved by one opened earlier. Their load
   * is in the totals above; the run takes it out.
   */
  movableProposals?: readonly LiveProposal[];
  /**
   * Pairs that must never be proposed again: declined by the expert or the coalition, rejected by the
   * secretariat, or otherwise closed (a proposal released for another need is not among them).
   */
  declinedPairs?: readonly PairRef[];
}
