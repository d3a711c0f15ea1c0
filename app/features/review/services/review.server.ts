// The review feature's service surface: one module per actor (secretariat, expert, coalition) and the
// worker's maintenance, over the proposal lifecycle table of the lifecycle kit (app/utils/lifecycle).
export { approveProposal, proposeManually, rejectProposal } from "./secretariat.server";
export { acceptProposal, declineProposalAsExpert } from "./expert.server";
export { confirmExpert, declineExpertAsCoalition } from "./coalition.server";
export { expireProposals, sendProposalReminders } from "./maintenance.server";
