/**
 * Puente matching core — pure, deterministic, no I/O.
 *
 *   const result = runMatching({ now, needs, offers, offerLoads, expertLoads, outcomeHistory,
 *                                existingProposals, declinedPairs }, { proposalsPerNeed: 3 });
 *   result.proposals  // [{ needId, offerId, expertOrganisationId, score, rank, breakdown }]
 *   explain(result.proposals[0].breakdown)  // [{ code: 'covers_country_directly', params: { country: 'MX' } }, …]
 *
 * For incremental runs (one need opened), build `new OfferIndex(offers)` once and pass it as `offers`.
 */
export { runMatching, withProposalsApplied, buildCandidateGraph, assignCandidates } from "./match";
export type { CandidateGraph } from "./match";
export { OfferIndex } from "./candidates";
export {
  DEFAULT_MATCHING_CONFIG,
  resolveMatchingConfig,
  type MatchingConfig,
  type MatchingConfigOverrides,
} from "./config";
export {
  availabilityOverlaps,
  bayesianQuality,
  checkHardFilters,
  coverageLevel,
  fairnessMarginal,
  fairnessPenaltyTotal,
  freeHours,
  freeSlots,
  pairKey,
  requiredFreeHours,
  scorePair,
  targetResponseDays,
  type PairContext,
  type PairScore,
  type QualityEstimate,
} from "./factors";
export { explain, MATCH_REASON_CODES, type MatchReason, type MatchReasonCode } from "./explain";
export type * from "./types";
