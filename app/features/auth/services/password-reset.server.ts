// Password reset by emailed single-use link, and password change. Setting a password through a reset
// ends every session; changing it from the settings ends every other session.
import { queueEmail } from "~/features/email/index.server";
import { isLocale } from "~/i18n/config";
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { appUrl } from "~/utils/urls";
import { hashPassword } from "./password.server";
import { hitAll } from "~/utils/rate-limit.server";
import { endUserSessions } from "./session.server";
import { consumeUserToken, createUserToken, TOKEN_TTL_MS } from "./tokens.server";

/** Always "sent" from the caller's point of view: the answer never says whether the account exists. */
export async function requestPasswordReset(input: { email: string; ip: string | null }) {
  const limited = await hitAll([
    ["resetIp", input.ip ?? "no-ip"],
    ["resetAccount", input.email],
  ]);
  if (!limited.ok) return limited;
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { email: input.email },
      select: { id: true, name: true, locale: true, deletedAt: true },
    });
    if (!user || user.deletedAt) {
      await audit(tx, {
        action: "user.password_reset_requested",
        entityType: "user",
        ip: input.ip,
        metadata: { known: false },
      });
      return;
    }
    const { token } = await createUserToken(tx, { userId: user.id, purpose: "password_reset" });
    await queueEmail(tx, {
      to: input.email,
      userId: user.id,
      template: "password_reset",
      locale: isLocale(user.locale) ? user.locale : "en",
      params: {
        resetUrl: appUrl(`/reset-password/${token}`),
        name: user.name.slice(0, 300),
        expiresInMinutes: TOKEN_TTL_MS.password_reset / 60_000,
      },
    });
    await audit(tx, {
      actorId: null,
      action: "user.password_reset_requested",
      entityType: "user",
      entityId: user.id,
      ip: input.ip,
      metadata: { known: true },
    });
  });
  return { ok: true as const };
}

/** Sets the new password if the token is valid; ends every session. Returns false for a bad token. */
export async function resetPassword(input: { token: string; password: string; ip: string | null }) {
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    const row = await consumeUserToken(tx, input.token, "password_reset");
    if (!row) return false;
    const user = await tx.user.findUnique({
      where: { id: row.userId },
      select: { deletedAt: true, emailVerifiedAt: true },
    });
    if (!user || user.deletedAt) return false;
    // Receiving the link proves the address.
    await tx.user.update({
      where: { id: row.userId },
      data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() },
    });
    const ended = await endUserSessions(tx, row.userId);
    await audit(tx, {
      actorId: row.userId,
      action: "user.password_reset",
      entityType: "user",
      entityId: row.userId,
      ip: input.ip,
      metadata: { sessionsEnded: ended },
    });
    return true;
  });
}

export async function changePassword(input: {
  userId: string;
  sessionId: string;
  password: string;
  ip: string | null;
}) {
  const passwordHash = await hashPassword(input.password);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: input.userId }, data: { passwordHash } });
    const ended = await endUserSessions(tx, input.userId, input.sessionId);
    await audit(tx, {
      actorId: input.userId,
      action: "user.password_changed",
      entityType: "user",
      entityId: input.userId,
      ip: input.ip,
      metadata: { otherSessionsEnded: ended },
    });
  });
}
