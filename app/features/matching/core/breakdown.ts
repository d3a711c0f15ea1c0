/**
 * The score breakdown of a pair — built here and nowhere else: the worker's proposals, the secretariat's
 * hand-made ones and the demo seed all store this shape, which `explain` turns into banded reasons.
 */
import { freeSlots, type PairScore } from "./factors";
import type { MatchNeed, MatchOffer, OfferLoad, ScoreBreakdown } from "./types";

export interface BreakdownFairness {
  /** Points of the organisation's penalty this proposal carries (its share of the run's total). */
  organisation: number;
  /** Points of the offer's penalty this proposal carries. */
  offer: number;
  /** The organisation's load before the run, and the reference load it is compared with. */
  expertLoadBefore: number;
  referenceLoad: number;
  /** Proposals the organisation / the offer receives in the run. */
  expertAssignedInRun: number;
  offerAssignedInRun: number;
}

export function buildBreakdown(
  need: MatchNeed,
  offer: MatchOffer,
  pair: PairScore,
  offerLoad: OfferLoad | undefined,
  fairness: BreakdownFairness,
): ScoreBreakdown {
  const penalty = fairness.organisation + fairness.offer;
  const score = Math.min(100, Math.max(0, pair.baseScore - penalty));
  return {
    factors: pair.factors,
    baseScore: pair.baseScore,
    fairnessPenalty: penalty,
    fairness: { organisation: fairness.organisation, offer: fairness.offer },
    score,
    details: {
      matchedTopics: pair.matchedTopics,
      needTopicCount: pair.needTopicCount,
      sharedLanguages: pair.sharedLanguages,
      primaryLanguageShared: pair.sharedLanguages.length > 0 && pair.sharedLanguages[0] === need.languages[0],
      geography: pair.geography ?? "global",
      countryCode: need.countryCode,
      regionCode: need.regionCode,
      responseTimeDays: offer.responseTimeDays,
      targetResponseDays: pair.targetResponseDays,
      qualityObservations: pair.qualityObservations,
      needFormat: need.format,
      offerFormat: offer.format,
      availabilityShare: pair.availabilityShare,
      monthlyDemandHours: pair.monthlyDemandHours,
      expertLoadBefore: fairness.expertLoadBefore,
      referenceLoad: fairness.referenceLoad,
      expertAssignedInRun: fairness.expertAssignedInRun,
      offerLoadBefore: (offerLoad?.activeEngagements ?? 0) + (offerLoad?.openProposals ?? 0),
      offerAssignedInRun: fairness.offerAssignedInRun,
      offerSlotsBefore: freeSlots(offer, offerLoad),
      offerHoursFree: pair.offerHoursFree,
    },
  };
}
