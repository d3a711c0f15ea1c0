// The engagements feature's public surface for other features (server side).
export { engagementWithAccess } from "./services/engagement-access.server";
