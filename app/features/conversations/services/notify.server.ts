// "You have a new message" emails: no content (no title, no name, no text), a link, in the reader's
// language; at most one per thread and reader every 15 minutes; only to readers who still take part
// (policy) and want them (notification settings). Run every minute by the worker; the email itself
// goes through the outbox like every email. Idempotent: a reader's owed email is claimed in the same
// transaction that queues it.
import { threadAccess, type Viewer } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/index.server";
import { isLocale } from "~/i18n/config";
import type { PrismaClient } from "~/generated/prisma/client";
import { appUrl } from "~/utils/urls";
import { policyInput, threadSelect, type ThreadRow } from "./threads.server";

const NOTIFY_EVERY_MS = 15 * 60 * 1000;

export async function sendMessageNotifications(client: PrismaClient, now = new Date()) {
  const since = new Date(now.getTime() - NOTIFY_EVERY_MS);
  const owed = await client.threadReader.findMany({
    where: {
      pendingSince: { not: null, lte: now },
      OR: [{ lastNotifiedAt: null }, { lastNotifiedAt: { lte: since } }],
    },
    select: { threadId: true, userId: true },
    orderBy: { pendingSince: "asc" },
    take: 500,
  });
  let sent = 0;
  for (const row of owed) {
    const done = await client.$transaction(async (tx) => {
      // Claim: only the run that moves pendingSince to null sends (another worker gets count 0).
      const { count } = await tx.threadReader.updateMany({
        where: {
          threadId: row.threadId,
          userId: row.userId,
          pendingSince: { not: null },
          OR: [{ lastNotifiedAt: null }, { lastNotifiedAt: { lte: since } }],
        },
        data: { pendingSince: null, lastNotifiedAt: now },
      });
      if (!count) return false;
      const [user, thread] = await Promise.all([
        tx.user.findUnique({
          where: { id: row.userId },
          select: {
            id: true,
            email: true,
            locale: true,
            deletedAt: true,
            totpEnabledAt: true,
            digestSubscription: { select: { messageEmails: true } },
            memberships: {
              select: {
                organisationId: true,
                role: true,
                organisation: { select: { kind: true, vettingLevel: true } },
              },
            },
          },
        }),
        tx.thread.findUnique({ where: { id: row.threadId }, select: threadSelect }),
      ]);
      if (!user || user.deletedAt || !thread) return false;
      if (user.digestSubscription && !user.digestSubscription.messageEmails) return false;
      // Would this person be let in? (A secretariat member's link asks for two-factor when opened.)
      const viewer: NonNullable<Viewer> = {
        userId: user.id,
        twoFactorVerified: !!user.totpEnabledAt,
        memberships: user.memberships.map((m) => ({
          organisationId: m.organisationId,
          kind: m.organisation.kind,
          vettingLevel: m.organisation.vettingLevel,
          role: m.role,
        })),
      };
      if (!threadAccess(viewer, policyInput(thread as ThreadRow)).read) return false;
      await queueEmail(tx, {
        to: user.email,
        userId: user.id,
        template: "new_message",
        locale: isLocale(user.locale) ? user.locale : "en",
        params: { threadUrl: appUrl(`/threads/${thread.id}`) },
        dedupeKey: `new_message:${thread.id}:${user.id}:${now.getTime()}`,
      });
      return true;
    });
    if (done) sent++;
  }
  return { owed: owed.length, sent };
}
