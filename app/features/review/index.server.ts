// The review feature's public surface on the server: its refusals (shared with engagements) and who
// to tell.
export { LifecycleRefusedError, refusalResponse } from "./services/errors.server";
export { membersOf, secretariatMembers } from "./services/recipients.server";
