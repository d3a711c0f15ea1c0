// The outreach feature's public surface for other features (server only).
export { exclusionsOfCoalitions } from "./services/exclusions.server";
