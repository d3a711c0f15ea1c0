// The account feature's public surface.
export { updateProfile } from "./services/account.server";
