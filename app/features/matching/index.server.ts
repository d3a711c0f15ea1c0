// The matching feature's public surface on the server: run the matcher, score one pair, read reason
// labels. The model itself is ./core (pure; its index is its own public surface).
export { liveProposalStatuses, scoreNeedOfferPair, takeMatchingLock } from "./services/matching.server";
export { reasonTopicLabels } from "./services/reasons.server";
export { REASSIGNED } from "./services/matching.server";
