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

/**
 * Always "sent" from the caller's point of view: the answer never says whether the account exists, and
 * neither does the time it takes (issue 15: known addresses took ~10 ms, unknown ~6.5 ms). Both paths
 * read the user, queue one email (an email row and an outbox row) and write one audit event; the worker
 * then sends both. An unknown address gets a notice that no account uses it, with no link that opens
 * anything. (A known one also gets its single-use token row.)
 */
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
    const known = user && !user.deletedAt ? user : null;
    const { token } = known
      ? await createUserToken(tx, { userId: known.id, purpose: "password_reset" })
      : { token: null };
    if (known && token) {
      await queueEmail(tx, {
        to: input.email,
        userId: known.id,
        template: "password_reset",
        locale: isLocale(known.locale) ? known.locale : "en",
        params: {
          resetUrl: appUrl(`/reset-password/${token}`),
          name: known.name.slice(0, 300),
          expiresInMinutes: TOKEN_TTL_MS.password_reset / 60_000,
        },
      });
    } else {
      await queueEmail(tx, {
        to: input.email,
        userId: null,
        template: "password_reset_no_account",
        locale: "en",
        params: { signInUrl: appUrl("/login") },
      });
    }
    await audit(tx, {
      actorId: null,
      action: "user.password_reset_requested",
      entityType: "user",
      entityId: known?.id ?? null,
      ip: input.ip,
      metadata: { known: !!known },
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
