// Rows the authorisation matrix needs for the country-coordination routes: a call on Mexico inviting the
// owning coalition and the matched expert, with a secretariat-only note (marked shared with guests in the
// database, to prove the policy still keeps it from them), a members-only note and agenda item, a note and
// item shared with guests, a guest (and a revoked one), an RSVP link and a calendar feed; and a
// secretariat-visibility activity of the coalition. Their markers must never reach a role that may not see them.
import { createCalendarFeed } from "~/features/coordination/services/calendar.server";
import { guestUrl, rsvpUrl } from "~/features/coordination/services/call-emails.server";
import { db } from "~/utils/db.server";

export async function buildCoordinationFixture(args: {
  tag: string;
  secretariatUserId: string;
  coalitionId: string;
  coalitionUserId: string;
  expertId: string;
  expertUserId: string;
}) {
  const call = await db().coordinationCall.create({
    data: {
      countryCode: "MX",
      title: `Matrix call ${args.tag}`,
      startsAt: new Date(Date.now() + 7 * 86_400_000),
      timeZone: "America/Mexico_City",
      agendaSince: new Date(Date.now() - 30 * 86_400_000),
      createdById: args.secretariatUserId,
      invitees: { create: [{ organisationId: args.coalitionId }, { organisationId: args.expertId }] },
      notes: {
        create: [
          {
            authorId: args.secretariatUserId,
            body: `SECRET-CALL-NOTE-${args.tag}`,
            visibility: "secretariat",
            sharedWithGuests: true,
          },
          { authorId: args.secretariatUserId, body: `Shared call note ${args.tag}`, visibility: "network" },
          { authorId: args.coalitionUserId, body: `MEMBERS-ONLY-NOTE-${args.tag}`, visibility: "network" },
          {
            authorId: args.secretariatUserId,
            body: `Note for guests ${args.tag}`,
            visibility: "network",
            sharedWithGuests: true,
          },
        ],
      },
      agendaItems: {
        create: [
          { title: `MEMBERS-ONLY-ITEM-${args.tag}`, position: 1, proposedById: args.coalitionUserId },
          {
            title: `Item for guests ${args.tag}`,
            position: 2,
            proposedById: args.secretariatUserId,
            sharedWithGuests: true,
          },
        ],
      },
    },
    select: { id: true, sequence: true, startsAt: true, durationMinutes: true },
  });
  const expiresAt = new Date(call.startsAt.getTime() + 14 * 86_400_000);
  const guest = await db().callGuest.create({
    data: {
      callId: call.id,
      name: "Matrix Guest",
      email: `guest-${args.tag}@un.example`,
      nonce: `nonce-${args.tag}`,
      expiresAt,
      invitedById: args.secretariatUserId,
    },
  });
  const revoked = await db().callGuest.create({
    data: {
      callId: call.id,
      name: "Revoked Guest",
      email: `revoked-${args.tag}@press.example`,
      nonce: `nonce-revoked-${args.tag}`,
      expiresAt,
      revokedAt: new Date(),
      invitedById: args.secretariatUserId,
    },
  });
  await db().countryActivity.create({
    data: {
      countryCode: "MX",
      organisationId: args.coalitionId,
      createdById: args.coalitionUserId,
      kind: "advocacy",
      summary: `SECRET-ACTIVITY-${args.tag}`,
      startsOn: new Date("2026-01-01"),
      visibility: "secretariat",
    },
  });
  const tokenOf = (url: string, prefix: string) => new URL(url).pathname.slice(prefix.length);
  const members = ["coalitionOwner", "expertMatched", "secretariat"] as const;
  return {
    call,
    guestToken: tokenOf(guestUrl(guest), "/guest/"),
    revokedGuestToken: tokenOf(guestUrl(revoked), "/guest/"),
    rsvpToken: tokenOf(rsvpUrl(call, { userId: args.coalitionUserId }), "/rsvp/"),
    feedToken: tokenOf(await createCalendarFeed(args.expertUserId), "/calendar/").replace(/\.ics$/, ""),
    markers: [
      { text: `SECRET-CALL-NOTE-${args.tag}`, allowedFor: ["secretariat"] as const },
      { text: `SECRET-ACTIVITY-${args.tag}`, allowedFor: ["coalitionOwner", "secretariat"] as const },
      // Never on the guest page, whoever opens it: only on the call page of invitees and the secretariat.
      { text: `MEMBERS-ONLY-NOTE-${args.tag}`, allowedFor: members },
      { text: `MEMBERS-ONLY-ITEM-${args.tag}`, allowedFor: members },
      { text: guest.email, allowedFor: ["secretariat"] as const },
    ],
  };
}
