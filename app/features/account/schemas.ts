import { z } from "zod";
import { currentPasswordField, emailField, nameField } from "~/features/auth/schemas";
import { supportedLocales } from "~/i18n/config";

export const profileSchema = z.object({
  intent: z.literal("profile"),
  name: nameField,
  locale: z.enum(supportedLocales, { error: "account:errors.localeInvalid" }),
});

export const emailChangeSchema = z.object({
  intent: z.literal("email"),
  newEmail: emailField,
  currentPassword: currentPasswordField,
});

export const deleteAccountSchema = z.object({
  currentPassword: currentPasswordField,
  confirm: z.literal("on", { error: "account:errors.confirmDelete" }),
});
