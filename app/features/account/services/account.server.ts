// Account settings: name and language, email change (verified by a link sent to the new address).
import { queueEmail } from "~/features/email/index.server";
import { createUserToken } from "~/features/auth/index.server";
import { isLocale, type Locale } from "~/i18n/config";
import { audit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/urls";

export async function updateProfile(
  tx: Tx,
  input: {
    userId: string;
    name: string;
    locale: Locale;
    ip: string | null;
  },
) {
  const before = await tx.user.findUniqueOrThrow({
    where: { id: input.userId },
    select: { name: true, locale: true },
  });
  await tx.user.update({ where: { id: input.userId }, data: { name: input.name, locale: input.locale } });
  await audit(tx, {
    actorId: input.userId,
    action: "user.profile_updated",
    entityType: "user",
    entityId: input.userId,
    ip: input.ip,
    metadata: { nameChanged: before.name !== input.name, locale: input.locale },
  });
}

/**
 * Sends a confirmation link to the new address. The address changes only when the link is opened.
 * When the new address belongs to another account, nothing is sent and the answer is the same, so the
 * form cannot be used to find out who has an account.
 */
export async function requestEmailChange(
  tx: Tx,
  input: { userId: string; newEmail: string; ip: string | null },
) {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: input.userId },
    select: { name: true, locale: true, email: true },
  });
  const taken = await tx.user.findUnique({ where: { email: input.newEmail }, select: { id: true } });
  await audit(tx, {
    actorId: input.userId,
    action: "user.email_change_requested",
    entityType: "user",
    entityId: input.userId,
    ip: input.ip,
  });
  if (taken || user.email === input.newEmail) return;
  const { token } = await createUserToken(tx, {
    userId: input.userId,
    purpose: "email_change",
    newEmail: input.newEmail,
  });
  await queueEmail(tx, {
    to: input.newEmail,
    userId: input.userId,
    template: "email_change",
    locale: isLocale(user.locale) ? user.locale : "en",
    params: { verifyUrl: appUrl(`/verify-email/${token}`), name: user.name.slice(0, 300) },
  });
}
