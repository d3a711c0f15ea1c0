// The auth feature's public surface: the guards every loader and action calls, and what the account and
// organisation pages use to check and change passwords and second factors. Everything else under
// services/ is internal. Access rules themselves live in policy.ts.
export {
  IDLE_MS,
  clearSessionCookie,
  createSession,
  getViewer,
  hashToken,
  isVerifiedSecretariat,
  newToken,
  requireMember,
  requireOrganisationAdmin,
  requireSecretariat,
  requireUser,
  safeRedirect,
} from "./services/session.server";
export { hashPassword, recheckPassword } from "./services/password.server";
export { newPasswordErrors } from "./services/password-policy.server";
export { changePassword } from "./services/password-reset.server";
export { createUserToken, isTokenShaped } from "./services/tokens.server";
export {
  beginTwoFactorSetup,
  confirmTwoFactorSetup,
  disableTwoFactor,
  regenerateRecoveryCodes,
  remainingRecoveryCodes,
  setupDetails,
  verifySecondFactor,
} from "./services/two-factor.server";
