// The lifecycle kit: coded errors, their one HTTP mapping (respond.server.ts, imported directly by
// routes), and a transition table per entity.
export { AppError, appErrorStatus, isAppError, type AppErrorCode, type LifecycleEntity } from "./app-error";
export { defineLifecycle, defineTable, type LifecycleStore, type TransitionTable } from "./define";
export { editableNeedStatuses, needLifecycle, needStatuses, needTable, type NeedAction } from "./need";
export { editableOfferStatuses, offerLifecycle, offerStatuses, offerTable, type OfferAction } from "./offer";
export { proposalLifecycle, proposalStatuses, proposalTable, type ProposalAction } from "./proposal";
export {
  closeRequestLifecycle,
  closeRequestStatuses,
  closeRequestTable,
  type CloseRequestAction,
  engagementFeedbackStatuses,
  engagementLifecycle,
  engagementStatuses,
  engagementTable,
  engagementUpdatableStatuses,
  type EngagementAction,
} from "./engagement";
export {
  legislationLifecycle,
  legislationStages,
  legislationTable,
  type LegislationAction,
} from "./legislation";
