/**
 * Puente matching core — pure, deterministic, no I/O.
 *
 *   const result = runMatching({ now, needs, offers, offerLoads, expertLoads, referenceLoad, outcomeHistory,
 *                                existingProposals, movableProposals, declinedPairs }, { proposalsPerNeed: 3 });
 *   result.proposals  // new: [{ needId, offerId, expertOrganisationId, score, rank, breakdown }]
 *   result.kept       // movable proposals the run keeps; result.released: the others, with a reason
 *   explain(result.proposals[0].breakdown)  // [{ code: 'covers_country_directly', params: { country: 'MX' } }, …]
 *
 * For incremental runs (one need opened), build `new OfferIndex(offers)` once and pass it as `offers`.
 */
export { runMatching, withRunApplied } from "./match";
export { buildCandidateGraph } from "./graph";
export { buildBreakdown } from "./breakdown";
export { OfferIndex } from "./candidates";
export type { MatchInput } from "./input";
export {
  DEFAULT_MATCHING_CONFIG,
  resolveMatchingConfig,
  type MatchingConfig,
  type MatchingConfigOverrides,
} from "./config";
export {
  checkHardFilters,
  fairnessMarginal,
  lookup,
  offerFairnessMarginal,
  pairKey,
  referenceLoadOf,
  scorePair,
} from "./factors";
export { explain, MATCH_REASON_CODES, type ExplainAudience, type MatchReason } from "./explain";
export type * from "./types";
