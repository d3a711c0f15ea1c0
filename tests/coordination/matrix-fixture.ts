// Rows the authorisation matrix needs for the country-coordination routes: a call on Mexico inviting the
// owning coalition and the matched expert, with a secretariat-only note, and a secretariat-visibility
// activity of the coalition. Their markers must never reach a role that may not see them.
import { db } from "~/utils/db.server";

export async function buildCoordinationFixture(args: {
  tag: string;
  secretariatUserId: string;
  coalitionId: string;
  coalitionUserId: string;
  expertId: string;
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
          },
          { authorId: args.secretariatUserId, body: `Shared call note ${args.tag}`, visibility: "network" },
        ],
      },
    },
    select: { id: true },
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
  return {
    call,
    markers: [
      { text: `SECRET-CALL-NOTE-${args.tag}`, allowedFor: ["secretariat"] as const },
      { text: `SECRET-ACTIVITY-${args.tag}`, allowedFor: ["coalitionOwner", "secretariat"] as const },
    ],
  };
}
