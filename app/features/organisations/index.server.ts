// The organisations feature's public surface for other features (server only).
export { createInvitation } from "./services/invitations.server";
// The last-admin guard (members page, account deletion).
export { isLastAdmin } from "./services/organisations.server";
