// Reminders, run by scheduled worker jobs (../jobs.server.ts) and idempotent: each email is keyed by
// (reminder, call time or due date, person) in EmailMessage.dedupeKey, unique in the database, and the
// email job sends each message once (its commit marker) — so a retry, a crash or two workers running the
// same schedule send every person each reminder exactly once.
// - Calls: 24 hours and 1 hour before, to everyone invited (members and guests) who did not decline.
//   No reminder for a moment that had already passed when the time was set (they just got the email).
// - Actions: to their owners (the owning person, else the owning organisation's members), once when due
//   within 3 days and once when overdue.
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { queueEmail } from "~/features/email/index.server";
import { isLocale } from "~/i18n/config";
import { appUrl } from "~/utils/urls";
import { callRecipients, queueCallEmails } from "./call-emails.server";

const REMINDER_HOURS = [24, 1] as const;
const ACTION_DUE_SOON_DAYS = 3;

/** Retries a transaction once when a concurrent run inserted the same email first (unique dedupe key). */
async function once<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return work();
    throw error;
  }
}

export async function sendCallReminders(client: PrismaClient, now = new Date()) {
  let emails = 0;
  let calls = 0;
  for (const hours of REMINDER_HOURS) {
    const moment = hours * 3_600_000;
    const due = await client.coordinationCall.findMany({
      where: {
        status: "scheduled",
        startsAt: {
          gt: now,
          lte: new Date(now.getTime() + moment),
          // The 24-hour reminder stops once the 1-hour one is due.
          ...(hours === 24 ? { gt: new Date(now.getTime() + 3_600_000) } : {}),
        },
      },
      select: { id: true, startsAt: true, timeSetAt: true },
      take: 500,
    });
    for (const call of due) {
      if (call.timeSetAt.getTime() > call.startsAt.getTime() - moment) continue;
      calls++;
      emails += await once(() =>
        client.$transaction(async (tx) => {
          const declined = new Set(
            (
              await tx.callRsvp.findMany({
                where: { callId: call.id, answer: "no" },
                select: { userId: true, guestId: true },
              })
            ).map((r) => (r.userId ?? r.guestId)!),
          );
          const recipients = (await callRecipients(tx, call.id)).filter((r) => !declined.has(r.id));
          return queueCallEmails(tx, call.id, "call_reminder", recipients, {
            key: `${hours}h-${call.startsAt.toISOString()}`,
            hours,
          });
        }),
      );
    }
  }
  return { calls, emails };
}

function day(date: Date) {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export async function sendActionReminders(client: PrismaClient, now = new Date()) {
  const today = day(now);
  const soon = new Date(today.getTime() + ACTION_DUE_SOON_DAYS * 86_400_000);
  const actions = await client.callAction.findMany({
    where: { status: "open", createdNeedId: null, dueOn: { not: null, lte: soon } },
    orderBy: { dueOn: "asc" },
    take: 1000,
    select: {
      id: true,
      title: true,
      dueOn: true,
      ownerUser: { select: { id: true, email: true, locale: true, timeZone: true, deletedAt: true } },
      ownerOrganisation: {
        select: {
          memberships: {
            where: { user: { deletedAt: null } },
            select: {
              user: { select: { id: true, email: true, locale: true, timeZone: true, deletedAt: true } },
            },
          },
        },
      },
    },
  });
  let emails = 0;
  for (const action of actions) {
    const state = action.dueOn! < today ? "overdue" : "due_soon";
    const owners = action.ownerUser
      ? [action.ownerUser]
      : (action.ownerOrganisation?.memberships.map((m) => m.user) ?? []);
    const dueOn = action.dueOn!.toISOString().slice(0, 10);
    await once(() =>
      client.$transaction(async (tx) => {
        for (const owner of owners) {
          if (owner.deletedAt) continue;
          await queueEmail(tx, {
            to: owner.email,
            userId: owner.id,
            template: "action_reminder",
            locale: isLocale(owner.locale) ? owner.locale : "en",
            timeZone: owner.timeZone,
            params: { actionsUrl: appUrl("/actions"), title: action.title.slice(0, 300), dueOn, state },
            dedupeKey: `action_reminder:${action.id}:${state}:${dueOn}:${owner.id}`,
          });
        }
      }),
    );
    emails += owners.length;
  }
  return { actions: actions.length, emails };
}
