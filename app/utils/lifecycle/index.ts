// The lifecycle kit: coded errors, their one HTTP mapping (respond.server.ts, imported directly by
// routes), and a transition table per entity. Only what features use is listed here; the tables'
// builders (define.ts) and each entity's full status list stay with their modules.
export { AppError } from "./app-error";
export { editableNeedStatuses, needLifecycle, needStatuses, needTable, type NeedAction } from "./need";
export { editableOfferStatuses, offerLifecycle, offerStatuses, offerTable, type OfferAction } from "./offer";
export { proposalLifecycle, proposalTable, type ProposalAction } from "./proposal";
export {
  closeRequestLifecycle,
  engagementFeedbackStatuses,
  engagementLifecycle,
  engagementUpdatableStatuses,
} from "./engagement";
