// Issue 15: a call's follow-ups are earlier calls' actions, each visible by the rules of the call it belongs
// to — an organisation invited to a later call never reads actions of an earlier call it was not invited to.
import { beforeAll, describe, expect, it } from "vitest";
import { addAction } from "~/features/coordination/services/actions.server";
import { buildAgenda } from "~/features/coordination/services/agenda.server";
import { loadCallFor, scheduleCall } from "~/features/coordination/services/calls.server";
import { db } from "~/utils/db.server";
import { createNetwork, createOrganisation, createUser } from "../support/factories";
import { localInDays, viewerFor } from "./support";

let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const n = await createNetwork();
  const late = await createOrganisation({
    kind: "EXPERT",
    vettingLevel: "trusted",
    coverageRegions: ["latin_america_caribbean"],
    name: "Latecomer Experts",
  });
  const lateUser = await createUser({}, { organisationId: late.id });
  return { ...n, late, lateUser };
}

beforeAll(async () => {
  w = await setup();
});

describe("follow-ups across calls", () => {
  it("shows an invitee of a later call only the earlier calls' actions it was invited to", async () => {
    const sec = { userId: w.secretariatUser.id };
    const first = await db().$transaction((tx) =>
      scheduleCall(tx, sec, {
        countryCode: "MX",
        localStart: localInDays(1, 9),
        timeZone: "UTC",
        durationMinutes: 60,
        invitees: [w.coalition.id, w.expert.id],
      }),
    );
    const earlier = await db().$transaction((tx) =>
      addAction(tx, sec, first.id, {
        kind: "task",
        title: "EARLIER-CALL-ACTION brief the lawyers",
        ownerOrganisationId: w.expert.id,
        visibility: "network",
      }),
    );
    await db().coordinationCall.update({
      where: { id: first.id },
      data: { startsAt: new Date(Date.now() - 10 * 86_400_000), status: "held" },
    });
    // A later call in the same country, with the latecomer invited too; it sets a network action of its own
    // that nobody owns from the latecomer's side, so visibility there comes from the invitation alone.
    const second = await db().$transaction((tx) =>
      scheduleCall(tx, sec, {
        countryCode: "MX",
        localStart: localInDays(5, 9),
        timeZone: "UTC",
        durationMinutes: 60,
        invitees: [w.coalition.id, w.expert.id, w.late.id],
      }),
    );
    const third = await db().$transaction((tx) =>
      scheduleCall(tx, sec, {
        countryCode: "MX",
        localStart: localInDays(9, 9),
        timeZone: "UTC",
        durationMinutes: 60,
        invitees: [w.coalition.id, w.expert.id, w.late.id],
      }),
    );
    const sameRoom = await db().$transaction((tx) =>
      addAction(tx, sec, second.id, {
        kind: "task",
        title: "SECOND-CALL-ACTION share the template",
        ownerOrganisationId: w.expert.id,
        visibility: "network",
      }),
    );

    const lateViewer = await viewerFor(w.lateUser.id);
    const asLate = await loadCallFor(lateViewer, second.id);
    expect(asLate.access).toBe("invitee");
    const lateAgenda = await buildAgenda(lateViewer, asLate.call, asLate.access);
    expect(lateAgenda.followUps.map((a) => a.id)).not.toContain(earlier.id);
    expect(JSON.stringify(lateAgenda)).not.toContain("EARLIER-CALL-ACTION");
    // At the third call the latecomer sees the second call's action (it was invited there), not the first's.
    const asLateThird = await loadCallFor(lateViewer, third.id);
    const thirdAgenda = await buildAgenda(lateViewer, asLateThird.call, asLateThird.access);
    expect(thirdAgenda.followUps.map((a) => a.id)).toContain(sameRoom.id);
    expect(thirdAgenda.followUps.map((a) => a.id)).not.toContain(earlier.id);

    // Those invited to the earlier call still see its action at the later one.
    const expertViewer = await viewerFor(w.expertUser.id);
    const asExpert = await loadCallFor(expertViewer, second.id);
    const expertAgenda = await buildAgenda(expertViewer, asExpert.call, asExpert.access);
    expect(expertAgenda.followUps.map((a) => a.id)).toContain(earlier.id);
  });
});
