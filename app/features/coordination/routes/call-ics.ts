// /calls/:id/invite.ics: the calendar file of a call, for its invitees and the secretariat (404 for anyone
// else), written by the `ics` library: REQUEST (or CANCEL once cancelled) with the call's UID and SEQUENCE.
// An invitee's file carries them as the one ATTENDEE; the organiser's lists everyone invited. It carries
// the title, time, place or link and a link back; never the agenda or notes. Audited.
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/utils/db.server";
import { appUrl } from "~/utils/urls";
import { callCalendarFile, type CalendarPerson } from "../services/calendar.server";
import { auditCallView, loadCallFor } from "../services/calls.server";
import { attendance } from "../services/rsvp.server";
import type { Route } from "./+types/call-ics";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const { call, access } = await loadCallFor(ctx.viewer, params.id);
  const locale = getLocale(request, ctx.user.locale);
  let attendees: CalendarPerson[];
  if (access === "secretariat") {
    const people = await attendance(call.id);
    const emails = await db().user.findMany({
      where: { id: { in: people.people.map((p) => p.id) } },
      select: { id: true, email: true },
    });
    const emailOf = new Map(emails.map((u) => [u.id, u.email]));
    attendees = [
      ...people.people.map((p) => ({ name: p.name, email: emailOf.get(p.id)!, answer: p.answer })),
      ...people.guests
        .filter((g) => !g.revokedAt)
        .map((g) => ({ name: g.name, email: g.email, answer: g.answer })),
    ];
  } else {
    const own = await db().callRsvp.findUnique({
      where: { callId_userId: { callId: call.id, userId: ctx.user.id } },
      select: { answer: true },
    });
    attendees = [{ name: ctx.user.name, email: ctx.user.email, answer: own?.answer ?? null }];
  }
  await auditCallView({ userId: ctx.user.id, ip: clientIp(context) }, call.id, "call.calendar_downloaded");
  const file = await callCalendarFile(call, { locale, attendees, link: appUrl(`/calls/${call.id}`) });
  return new Response(file.content, {
    headers: {
      "Content-Type": `text/calendar; charset=utf-8; method=${file.method}`,
      "Content-Disposition": `attachment; filename="puente-call-${call.id}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
