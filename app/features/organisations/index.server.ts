// The organisations feature's public surface (what other features use).
export { organisationKeyForWrite } from "./services/organisations.server";
