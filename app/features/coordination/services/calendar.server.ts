// Calendar files (RFC 5545, written by the `ics` library) for coordination calls.
// - An invitation or update is METHOD:REQUEST and a cancellation METHOD:CANCEL, with the same UID
//   (call-<id>@<host>) and the call's SEQUENCE, so calendar clients replace or remove the event.
// - ORGANIZER is the secretariat member who scheduled the call. A file mailed to one person carries one
//   ATTENDEE, that person (with their answer as PARTSTAT), so the list of who is invited never travels
//   outside the platform; the organiser's own file lists every invited person.
// - A file carries the title, time, place or meeting link and a link back; never the agenda or notes.
// - A member's private feed (METHOD:PUBLISH) lists the calls they are invited to, cancelled ones as
//   STATUS:CANCELLED. Its URL holds a secret stored hashed (CalendarFeed), revocable from the settings.
import { createHash, randomBytes } from "node:crypto";
import { createEvents, type Attendee, type EventAttributes } from "ics";
import type { RsvpAnswer } from "~/generated/prisma/enums";
import { countryArgs } from "~/i18n/countries";
import { countryName } from "~/i18n/format";
import { getFixedT } from "~/i18n/i18n.server";
import { isLocale, type Locale } from "~/i18n/config";
import { db } from "~/utils/db.server";
import { appUrl } from "~/utils/urls";

export type CalendarCall = {
  id: string;
  sequence: number;
  startsAt: Date;
  durationMinutes: number;
  title: string;
  countryCode: string;
  status: string;
  meetingUrl: string | null;
  place: string | null;
  createdBy: { name: string; email: string };
};

export const calendarCallSelect = {
  id: true,
  sequence: true,
  startsAt: true,
  durationMinutes: true,
  title: true,
  countryCode: true,
  status: true,
  meetingUrl: true,
  place: true,
  createdBy: { select: { name: true, email: true } },
} as const;

export type CalendarPerson = { name: string; email: string; answer?: RsvpAnswer | null };

const partstat: Record<RsvpAnswer, Attendee["partstat"]> = {
  yes: "ACCEPTED",
  no: "DECLINED",
  maybe: "TENTATIVE",
};

function host() {
  return new URL(appUrl("/")).hostname;
}

function callUid(callId: string) {
  return `call-${callId}@${host()}`;
}

async function eventFor(
  call: CalendarCall,
  locale: Locale,
  options: { attendees: CalendarPerson[]; link: string | null; cancelled: boolean },
): Promise<EventAttributes> {
  const t = await getFixedT(locale, "coordination");
  const country = countryName(call.countryCode, locale);
  const summary = call.title || t("call.defaultTitle", { country });
  const lines = [
    t("ics.description", { ...countryArgs(call.countryCode, locale), url: options.link ?? "" }).trim(),
    call.meetingUrl ? t("ics.meetingUrl", { url: call.meetingUrl }) : null,
    call.place ? t("ics.place", { place: call.place }) : null,
  ].filter(Boolean);
  return {
    uid: callUid(call.id),
    sequence: call.sequence,
    start: call.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: call.durationMinutes },
    title: summary,
    description: lines.join("\n"),
    ...(call.place || call.meetingUrl
      ? { location: [call.place, call.meetingUrl].filter(Boolean).join(" — ") }
      : {}),
    ...(call.meetingUrl ? { url: call.meetingUrl } : options.link ? { url: options.link } : {}),
    status: options.cancelled ? "CANCELLED" : "CONFIRMED",
    organizer: { name: call.createdBy.name, email: call.createdBy.email },
    attendees: options.attendees.map((p) => ({
      name: p.name,
      email: p.email,
      rsvp: false,
      role: "REQ-PARTICIPANT",
      partstat: p.answer ? partstat[p.answer] : "NEEDS-ACTION",
    })),
  };
}

function write(events: EventAttributes[], method: "REQUEST" | "CANCEL" | "PUBLISH", calName?: string) {
  const { error, value } = createEvents(events, {
    productId: "-//Puente//Coordination calls//EN",
    method,
    ...(calName ? { calName } : {}),
  });
  if (error || !value) throw error ?? new Error("calendar file could not be written");
  return value;
}

/**
 * The calendar file of one call for one person (their own ATTENDEE) or for the organiser (`attendees`:
 * everyone invited). `link`: where the person reads the call on the platform (null for guests, whose
 * link is a secret that does not belong in a file).
 */
export async function callCalendarFile(
  call: CalendarCall,
  options: { locale: string; attendees: CalendarPerson[]; link: string | null },
) {
  const cancelled = call.status === "cancelled";
  const locale = isLocale(options.locale) ? options.locale : "en";
  const event = await eventFor(call, locale, { ...options, cancelled });
  return {
    method: cancelled ? ("CANCEL" as const) : ("REQUEST" as const),
    content: write([event], cancelled ? "CANCEL" : "REQUEST"),
  };
}

/** The email attachment form of a call's calendar file (for queueEmail). */
export function calendarAttachment(file: { method: "REQUEST" | "CANCEL"; content: string }) {
  return {
    filename: "puente-call.ics",
    content: file.content,
    contentType: `text/calendar; charset=utf-8; method=${file.method}`,
  };
}

// ───────────── private feeds ─────────────

function hashFeedToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates (or replaces, revoking the old URL) a member's feed; returns the secret URL, shown once. */
export async function createCalendarFeed(userId: string) {
  const token = randomBytes(32).toString("base64url");
  await db().calendarFeed.upsert({
    where: { userId },
    create: { userId, tokenHash: hashFeedToken(token) },
    update: { tokenHash: hashFeedToken(token), createdAt: new Date(), lastUsedAt: null },
  });
  return appUrl(`/calendar/${token}.ics`);
}

export async function revokeCalendarFeed(userId: string) {
  const { count } = await db().calendarFeed.deleteMany({ where: { userId } });
  return count > 0;
}

export async function calendarFeedStatus(userId: string) {
  return db().calendarFeed.findUnique({
    where: { userId },
    select: { createdAt: true, lastUsedAt: true },
  });
}

/** The feed behind a secret, or null (unknown or revoked). At most 200 calls: the last 90 days and ahead. */
export async function readCalendarFeed(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const feed = await db().calendarFeed.findUnique({
    where: { tokenHash: hashFeedToken(token) },
    select: {
      userId: true,
      lastUsedAt: true,
      user: {
        select: {
          name: true,
          email: true,
          locale: true,
          deletedAt: true,
          memberships: { select: { organisationId: true } },
        },
      },
    },
  });
  if (!feed || feed.user.deletedAt) return null;
  const organisationIds = feed.user.memberships.map((m) => m.organisationId);
  const calls = await db().coordinationCall.findMany({
    where: {
      invitees: { some: { organisationId: { in: organisationIds } } },
      startsAt: { gte: new Date(now.getTime() - 90 * 86_400_000) },
    },
    orderBy: { startsAt: "asc" },
    take: 200,
    select: { ...calendarCallSelect, rsvps: { where: { userId: feed.userId }, select: { answer: true } } },
  });
  // Written at most hourly, so a calendar client polling the feed is not a write per poll.
  if (!feed.lastUsedAt || now.getTime() - feed.lastUsedAt.getTime() > 3_600_000)
    await db().calendarFeed.updateMany({ where: { userId: feed.userId }, data: { lastUsedAt: now } });
  const locale = isLocale(feed.user.locale) ? feed.user.locale : "en";
  const t = await getFixedT(locale, "coordination");
  const events = await Promise.all(
    calls.map((c) =>
      eventFor(c, locale, {
        attendees: [{ name: feed.user.name, email: feed.user.email, answer: c.rsvps[0]?.answer ?? null }],
        link: appUrl(`/calls/${c.id}`),
        cancelled: c.status === "cancelled",
      }),
    ),
  );
  if (!events.length)
    return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Puente//Coordination calls//EN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:${t("feed.name")}\r\nEND:VCALENDAR\r\n`;
  return write(events, "PUBLISH", t("feed.name"));
}
