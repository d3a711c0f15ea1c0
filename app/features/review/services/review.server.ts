// The review feature's service surface: one module per actor (secretariat, expert, coalition) and the
// worker's maintenance, over the proposal lifecycle table of the lifecycle kit (app/utils/lifecycle).
export { approveProposal, loadExpertHistory, proposeManually, rejectProposal } from "./secretariat.server";
export { acceptProposal, declineProposalAsExpert } from "./expert.server";
export { CLOSED_NEED_FILLED, confirmExpert, declineExpertAsCoalition } from "./coalition.server";
export { expireProposals, sendProposalReminders } from "./maintenance.server";
export { proposalExpiryDays, reopenIfNoLiveProposals, type Actor } from "./proposal-steps.server";
export { proposalTable } from "~/utils/lifecycle";
