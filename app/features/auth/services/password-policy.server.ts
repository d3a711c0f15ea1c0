// What a password must be: at least 12 characters (at most 200, argon2 input is bounded), not one of the
// most common passwords (top 10,000 of the zxcvbn-ts list plus every listed one of 12+ characters, MIT),
// not a common password padded with digits or symbols, and not the user's email or name.
import list from "./common-passwords.txt?raw";
import { PASSWORD_MAX, PASSWORD_MIN } from "../schemas";

let common: Set<string> | undefined;
function commonPasswords() {
  common ??= new Set(list.split("\n").filter(Boolean));
  return common;
}

export type PasswordProblem = "tooShort" | "tooLong" | "common" | "personal";

export function passwordProblem(
  password: string,
  personal: Array<string | null | undefined> = [],
): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN) return "tooShort";
  if (password.length > PASSWORD_MAX) return "tooLong";
  const lower = password.toLowerCase();
  const set = commonPasswords();
  if (set.has(lower)) return "common";
  const core = lower.replace(/^[\d\W_]+/u, "").replace(/[\d\W_]+$/u, "");
  if (core.length >= 4 && set.has(core)) return "common";
  if (new Set(lower).size <= 3) return "common";
  // "passwordpassword", "qwertyqwerty"
  const half = lower.slice(0, lower.length / 2);
  if (lower.length % 2 === 0 && half + half === lower && set.has(half)) return "common";
  for (const p of personal) {
    if (!p) continue;
    const local = p.toLowerCase().split("@")[0];
    if (local.length >= 4 && lower.includes(local)) return "personal";
  }
  return null;
}

/** What each problem says to the member (i18n keys): the one list for every form that sets a password. */
const problemMessages: Record<PasswordProblem, string> = {
  tooShort: "auth:errors.passwordTooShort",
  tooLong: "auth:errors.passwordTooLong",
  common: "auth:errors.passwordCommon",
  personal: "auth:errors.passwordPersonal",
};

/** A new password's problem as the field errors to show next to the `password` field, or null. */
export function newPasswordErrors(
  password: string,
  personal: Array<string | null | undefined> = [],
): { password: string[] } | null {
  const problem = passwordProblem(password, personal);
  return problem ? { password: [problemMessages[problem]] } : null;
}
