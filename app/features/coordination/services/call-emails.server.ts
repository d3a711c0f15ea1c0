// The emails of a call, one per person, in their language and time zone, each with its own calendar
// file (that person as ATTENDEE) and, for invitations, updates and reminders, a signed RSVP link that
// works without signing in. Guests get a magic link to the call's shared parts instead of the member link.
// Each email is keyed (dedupeKey) by the call, its revision or reminder and the person, so a retried
// transaction or job never sends twice.
import { queueEmail } from "~/features/email/index.server";
import type { RsvpAnswer } from "~/generated/prisma/enums";
import { isLocale } from "~/i18n/config";
import type { Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/urls";
import { calendarAttachment, calendarCallSelect, callCalendarFile } from "./calendar.server";
import { epochSeconds, newLinkId, signLink } from "./links.server";

export type CallEmailKind = "call_invitation" | "call_updated" | "call_cancelled" | "call_reminder";

export type Recipient =
  | { kind: "member"; id: string; email: string; name: string; locale: string; timeZone: string }
  | {
      kind: "guest";
      id: string;
      email: string;
      name: string;
      locale: string;
      timeZone: string;
      nonce: string;
      expiresAt: Date;
    };

/** A signed, single-use RSVP link for one person and one revision of a call, valid until the call ends. */
export function rsvpUrl(
  call: { id: string; sequence: number; startsAt: Date; durationMinutes: number },
  who: { userId: string } | { guestId: string },
) {
  const token = signLink<"rsvp">({
    p: "rsvp",
    c: call.id,
    s: call.sequence,
    ...("userId" in who ? { u: who.userId } : { g: who.guestId }),
    j: newLinkId(),
    x: epochSeconds(new Date(call.startsAt.getTime() + call.durationMinutes * 60_000)),
  });
  return appUrl(`/rsvp/${token}`);
}

/** A guest's magic link: valid until the guest's access expires, dead once their nonce changes. */
export function guestUrl(guest: { id: string; nonce: string; expiresAt: Date }) {
  const token = signLink<"guest">({
    p: "guest",
    g: guest.id,
    n: guest.nonce,
    x: epochSeconds(guest.expiresAt),
  });
  return appUrl(`/guest/${token}`);
}

/** Members of the invited organisations (one each, however many of them they belong to) and live guests. */
export async function callRecipients(
  tx: Tx,
  callId: string,
  filter: { organisationIds?: string[]; guestIds?: string[]; members?: boolean; guests?: boolean } = {},
): Promise<Recipient[]> {
  const invitees = filter.organisationIds
    ? filter.organisationIds
    : (await tx.callInvitee.findMany({ where: { callId }, select: { organisationId: true } })).map(
        (i) => i.organisationId,
      );
  const members =
    filter.members === false
      ? []
      : await tx.membership.findMany({
          where: { organisationId: { in: invitees }, user: { deletedAt: null } },
          select: { user: { select: { id: true, email: true, name: true, locale: true, timeZone: true } } },
          orderBy: { createdAt: "asc" },
        });
  const guests =
    filter.guests === false
      ? []
      : await tx.callGuest.findMany({
          where: { callId, revokedAt: null, ...(filter.guestIds ? { id: { in: filter.guestIds } } : {}) },
          select: {
            id: true,
            email: true,
            name: true,
            locale: true,
            timeZone: true,
            nonce: true,
            expiresAt: true,
          },
        });
  const seen = new Map<string, Recipient>();
  for (const m of members) seen.set(m.user.id, { kind: "member", ...m.user });
  return [...seen.values(), ...guests.map((g) => ({ kind: "guest" as const, ...g }))];
}

/**
 * Queues one email of `template` to each recipient. `key` distinguishes the occasion (the call's
 * revision, or the reminder and the call's time) in the dedupe key. `cancelFor`: send these people a
 * cancellation even though the call goes on (they were taken off the invitation).
 */
export async function queueCallEmails(
  tx: Tx,
  callId: string,
  template: CallEmailKind,
  recipients: Recipient[],
  options: { key: string; hours?: 24 | 1; cancelled?: boolean },
) {
  const call = await tx.coordinationCall.findUniqueOrThrow({
    where: { id: callId },
    select: { ...calendarCallSelect, rsvps: { select: { userId: true, guestId: true, answer: true } } },
  });
  const answers = new Map<string, RsvpAnswer>();
  for (const r of call.rsvps) answers.set((r.userId ?? r.guestId)!, r.answer);
  const cancelled = options.cancelled || call.status === "cancelled";
  const fileCall = cancelled ? { ...call, status: "cancelled" } : call;
  for (const person of recipients) {
    const locale = isLocale(person.locale) ? person.locale : "en";
    const link = person.kind === "member" ? appUrl(`/calls/${call.id}`) : guestUrl(person);
    const file = await callCalendarFile(fileCall, {
      locale,
      attendees: [{ name: person.name, email: person.email, answer: answers.get(person.id) ?? null }],
      link: person.kind === "member" ? link : null,
    });
    const rsvp =
      template === "call_cancelled" || cancelled
        ? undefined
        : rsvpUrl(call, person.kind === "member" ? { userId: person.id } : { guestId: person.id });
    const common = {
      callUrl: link,
      title: call.title,
      countryCode: call.countryCode,
      startsAt: call.startsAt.toISOString(),
      durationMinutes: call.durationMinutes,
      timeZone: person.timeZone,
      meetingUrl: call.meetingUrl ?? undefined,
      place: call.place ?? undefined,
      guest: person.kind === "guest",
    };
    const params =
      template === "call_cancelled"
        ? common
        : template === "call_reminder"
          ? {
              ...common,
              rsvpUrl: rsvp,
              hours: options.hours ?? 24,
              answer: answers.get(person.id) ?? undefined,
            }
          : { ...common, rsvpUrl: rsvp };
    await queueEmail(tx, {
      to: person.email,
      userId: person.kind === "member" ? person.id : null,
      template,
      locale,
      timeZone: person.timeZone,
      params: params as never,
      attachments: [calendarAttachment(file)],
      dedupeKey: `${template}:${call.id}:${options.key}:${person.kind}:${person.id}`,
    });
  }
  return recipients.length;
}
