// The needs feature's public surface: the need lifecycle other features drive (matching, review,
// engagements, coordination's actions) and the summaries country and call pages show.
export {
  closeNeedUnmet,
  completeNeed,
  createNeed,
  markNeedEngaged,
  markNeedMatching,
  reopenNeed,
  transitionNeeds,
} from "./services/need-lifecycle.server";
export { needSummaries, needSummarySelect } from "./services/need-summaries.server";
export { expertRelations } from "./services/needs-board.server";
