// The review feature's public surface on the server: who to tell (shared with engagements). Its refusals
// are the lifecycle kit's AppError (app/utils/lifecycle).
export { membersOf, secretariatMembers } from "./services/recipients.server";
export { proposalReplyBy, replyByOf } from "./services/proposal-steps.server";
