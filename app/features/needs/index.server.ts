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
// The one reader of a need's details (policy needAccess + the audit event): need page, proposal page,
// engagement workspace; and the light access check for actions and pages without details.
export { needWithAccess, readNeedDetails } from "./services/need-access.server";
// Confidential text at rest (a data key per need) and its retention (issue 16).
export {
  ConfidentialDestroyedError,
  needField,
  needKeyForRead,
  needKeyForWrite,
  openNeedField,
  sealNeedField,
} from "./services/confidential.server";
