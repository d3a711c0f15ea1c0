// Form schemas for sign-in, invitations, password and two-factor forms, shared by client and server.
// Messages are i18n keys, translated where they are shown.
import { z } from "zod";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

const required = (key = "auth:errors.required") => z.string({ error: key });

/** Postgres text cannot hold NUL; control characters have no place in names either. */
export const hasNoNul = (v: string) => !v.includes("\u0000");

/** A name is one line of text: no CR, LF, tab or other control character (names reach CSV exports and emails). */
export const hasNoControlCharacters = (v: string) =>
  ![...v].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);

/** The current password, asked again before a sensitive change (checked by `recheckPassword`). */
export const currentPasswordField = required("auth:errors.passwordRequired").max(
  PASSWORD_MAX,
  "auth:errors.currentPasswordWrong",
);

export const emailField = required("auth:errors.emailRequired")
  .trim()
  .max(254, "auth:errors.emailInvalid")
  .pipe(z.email({ error: "auth:errors.emailInvalid" }))
  .transform((v) => v.toLowerCase());

/** A new password: the length here; the common-password check runs on the server (password-policy). */
const newPasswordField = required("auth:errors.passwordRequired")
  .min(PASSWORD_MIN, "auth:errors.passwordTooShort")
  .max(PASSWORD_MAX, "auth:errors.passwordTooLong");

export const nameField = required("auth:errors.nameRequired")
  .trim()
  .min(1, "auth:errors.nameRequired")
  .max(120, "auth:errors.nameTooLong")
  .refine(hasNoControlCharacters, "auth:errors.nameInvalid");

const redirectToField = z.string().max(2000).optional();

export const loginSchema = z.object({
  email: emailField,
  password: required("auth:errors.passwordRequired").max(PASSWORD_MAX, "auth:errors.invalidCredentials"),
  redirectTo: redirectToField,
});

export const otpField = required("auth:errors.codeRequired")
  .trim()
  .max(40, "auth:errors.codeInvalid")
  .transform((v) => v.replace(/[\s-]/g, ""));

export const twoFactorChallengeSchema = z.object({
  code: otpField,
  redirectTo: redirectToField,
});

const confirmPasswords = <T extends { password: string; confirmPassword: string }>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  if (v.password !== v.confirmPassword) {
    ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "auth:errors.passwordsDiffer" });
  }
};

export const acceptInvitationSchema = z
  .object({
    name: nameField,
    password: newPasswordField,
    confirmPassword: required("auth:errors.passwordRequired"),
  })
  .superRefine(confirmPasswords);

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z
  .object({
    password: newPasswordField,
    confirmPassword: required("auth:errors.passwordRequired"),
  })
  .superRefine(confirmPasswords);

export const changePasswordSchema = z
  .object({
    currentPassword: currentPasswordField,
    password: newPasswordField,
    confirmPassword: required("auth:errors.passwordRequired"),
  })
  .superRefine(confirmPasswords);
