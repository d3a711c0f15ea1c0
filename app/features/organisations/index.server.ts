// The organisations feature's public surface for other features (server only).
export { createInvitation } from "./services/invitations.server";
