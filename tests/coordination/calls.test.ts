// Coordination call services against the real database: scheduling (emails, audit), who may see a call,
// agenda building per viewer, notes by visibility, actions, follow-up at the next call, action → need.
import { beforeAll, describe, expect, it } from "vitest";
import { actionToNeed, addAction, followUpAction } from "~/features/coordination/services/actions.server";
import { addNote, buildAgenda, loadNotesAndActions } from "~/features/coordination/services/agenda.server";
import { loadCallFor, scheduleCall } from "~/features/coordination/services/calls.server";
import { db } from "~/utils/db.server";
import {
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";
import { localInDays, viewerFor } from "./support";

let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const n = await createNetwork(); // coalition in MX, expert covering Latin America
  const outsider = await createOrganisation({ kind: "COALITION", countryCode: "GT" });
  const outsiderUser = await createUser({}, { organisationId: outsider.id });
  const colleague = await createUser({ locale: "es" }, { organisationId: n.coalition.id });
  // Someone in both invited organisations gets one email.
  const both = await createUser({}, { organisationId: n.coalition.id });
  await db().membership.create({ data: { userId: both.id, organisationId: n.expert.id } });
  return {
    ...n,
    outsider,
    outsiderUser,
    colleague,
    both,
    sec: await viewerFor(n.secretariatUser.id, { twoFactorVerified: true }),
    coal: await viewerFor(n.coalitionUser.id),
    exp: await viewerFor(n.expertUser.id),
    out: await viewerFor(outsiderUser.id),
  };
}

beforeAll(async () => {
  w = await setup();
});

describe("scheduling a call", () => {
  it("stores UTC from the local time and zone, invites organisations, emails each member once, audits", async () => {
    const call = await db().$transaction((tx) =>
      scheduleCall(
        tx,
        { userId: w.secretariatUser.id },
        {
          countryCode: "MX",
          title: "Mexico monthly",
          localStart: "2027-01-14T10:00",
          timeZone: "America/Mexico_City",
          durationMinutes: 60,
          invitees: [w.coalition.id, w.expert.id],
        },
      ),
    );
    expect(call.startsAt.toISOString()).toBe("2027-01-14T16:00:00.000Z");
    const emails = await db().emailMessage.findMany({
      where: {
        template: "call_invitation",
        params: { path: ["callUrl"], string_ends_with: `/calls/${call.id}` },
      },
    });
    const to = emails.map((e) => e.toAddress).sort();
    expect(to).toEqual([w.coalitionUser.email, w.expertUser.email, w.colleague.email, w.both.email].sort());
    const es = emails.find((e) => e.toAddress === w.colleague.email)!;
    expect(es.locale).toBe("es");
    expect(es.params).toMatchObject({ countryCode: "MX", startsAt: "2027-01-14T16:00:00.000Z" });
    expect(await db().auditEvent.count({ where: { action: "call.scheduled", entityId: call.id } })).toBe(1);
    expect(await db().outboxEvent.count({ where: { name: "email.send" } })).toBeGreaterThanOrEqual(4);
  });

  it("refuses a time in the past, an unknown zone's garbage, a secretariat invitee and unknown organisations", async () => {
    const base = {
      countryCode: "MX",
      localStart: localInDays(5),
      timeZone: "UTC",
      durationMinutes: 60,
      invitees: [w.coalition.id],
    };
    await expect(
      db().$transaction((tx) =>
        scheduleCall(tx, { userId: w.secretariatUser.id }, { ...base, localStart: "2020-01-01T10:00" }),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
    await expect(
      db().$transaction((tx) =>
        scheduleCall(tx, { userId: w.secretariatUser.id }, { ...base, invitees: [w.secretariat.id] }),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
    await expect(
      db().$transaction((tx) =>
        scheduleCall(tx, { userId: w.secretariatUser.id }, { ...base, invitees: ["nope"] }),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
    await expect(
      db().$transaction((tx) =>
        scheduleCall(tx, { userId: w.secretariatUser.id }, { ...base, countryCode: "ZZ" }),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
  });
});

describe("who sees a call, its agenda and notes", () => {
  it("invitees and the secretariat see the call; other members get a 404; the agenda is filtered per viewer", async () => {
    // Earlier call (held) with an open action to follow up.
    const first = await db().$transaction((tx) =>
      scheduleCall(
        tx,
        { userId: w.secretariatUser.id },
        {
          countryCode: "MX",
          localStart: localInDays(1, 9),
          timeZone: "UTC",
          durationMinutes: 60,
          invitees: [w.coalition.id, w.expert.id],
        },
      ),
    );
    const task = await db().$transaction((tx) =>
      addAction(tx, { userId: w.secretariatUser.id }, first.id, {
        kind: "task",
        title: "Share the draft law analysis",
        ownerOrganisationId: w.expert.id,
        dueOn: "2027-02-01",
        visibility: "network",
      }),
    );
    const secretTask = await db().$transaction((tx) =>
      addAction(tx, { userId: w.secretariatUser.id }, first.id, {
        kind: "task",
        title: "SECRET-TASK check the funder",
        ownerOrganisationId: w.coalition.id,
        visibility: "secretariat",
      }),
    );
    // The first call took place ten days ago.
    const firstHeld = await db().coordinationCall.update({
      where: { id: first.id },
      data: { startsAt: new Date(Date.now() - 10 * 86_400_000), status: "held" },
    });
    await db().countryActivity.create({
      data: {
        countryCode: "MX",
        organisationId: w.expert.id,
        createdById: w.expertUser.id,
        kind: "research",
        summary: "Old activity before the first call",
        startsOn: new Date("2026-01-01"),
        createdAt: new Date(Date.now() - 20 * 86_400_000),
      },
    });

    const networkNeed = await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      title: "Open network need MX",
    });
    await createNeed({
      organisationId: w.coalition.id,
      createdById: w.coalitionUser.id,
      title: "SECRET-NEED MX",
      visibility: "secretariat",
    });
    const otherCountry = await createNeed({
      organisationId: w.outsider.id,
      createdById: w.outsiderUser.id,
      title: "Guatemala need",
      countryCode: "GT",
    });
    const offer = await createOffer({ organisationId: w.expert.id, createdById: w.expertUser.id });
    const proposal = await createProposal({
      needId: networkNeed.id,
      offerId: offer.id,
      expertOrganisationId: w.expert.id,
      status: "confirmed",
    });
    await db().engagement.create({
      data: {
        needId: networkNeed.id,
        offerId: offer.id,
        proposalId: proposal.id,
        expertOrganisationId: w.expert.id,
        coalitionOrganisationId: w.coalition.id,
        stalledAt: new Date(),
        lastActivityAt: new Date(Date.now() - 40 * 86_400_000),
      },
    });
    await db().countryActivity.createMany({
      data: [
        {
          countryCode: "MX",
          organisationId: w.expert.id,
          createdById: w.expertUser.id,
          kind: "legal",
          summary: "Legal clinic on the registration law",
          startsOn: new Date("2026-10-01"),
        },
        {
          countryCode: "MX",
          organisationId: w.coalition.id,
          createdById: w.coalitionUser.id,
          kind: "advocacy",
          summary: "SECRET-ACTIVITY lobbying plan",
          startsOn: new Date("2026-10-01"),
          visibility: "secretariat",
        },
      ],
    });

    const second = await db().$transaction((tx) =>
      scheduleCall(
        tx,
        { userId: w.secretariatUser.id },
        {
          countryCode: "MX",
          localStart: localInDays(20, 9),
          timeZone: "Europe/Madrid",
          durationMinutes: 45,
          invitees: [w.coalition.id, w.expert.id],
        },
      ),
    );
    await db().$transaction((tx) =>
      addNote(tx, { userId: w.secretariatUser.id }, second.id, "secretariat", {
        body: "Shared summary of the call",
        contentLanguage: "en",
        visibility: "network",
      }),
    );
    await db().$transaction((tx) =>
      addNote(tx, { userId: w.secretariatUser.id }, second.id, "secretariat", {
        body: "SECRET-NOTE about a member's safety",
        contentLanguage: "en",
        visibility: "secretariat",
      }),
    );

    await expect(loadCallFor(w.out, second.id)).rejects.toMatchObject({ init: { status: 404 } });
    await expect(loadCallFor(null, second.id)).rejects.toMatchObject({ init: { status: 404 } });
    const asExpert = await loadCallFor(w.exp, second.id);
    expect(asExpert.access).toBe("invitee");
    const asSec = await loadCallFor(w.sec, second.id);
    expect(asSec.access).toBe("secretariat");
    // Secretariat without a 2FA-verified session is no secretariat.
    await expect(loadCallFor(await viewerFor(w.secretariatUser.id), second.id)).rejects.toMatchObject({
      init: { status: 404 },
    });

    const expertAgenda = await buildAgenda(w.exp, asExpert.call, asExpert.access);
    expect(expertAgenda.since.toISOString()).toBe(firstHeld.startsAt.toISOString());
    const titles = expertAgenda.openNeeds.map((n) => n.title);
    expect(titles).toContain("Open network need MX");
    expect(titles).not.toContain("SECRET-NEED MX");
    expect(titles).not.toContain(otherCountry.title);
    expect(expertAgenda.activities.map((a) => a.summary)).toEqual(["Legal clinic on the registration law"]);
    expect(expertAgenda.stalledEngagements).toHaveLength(1);
    expect(expertAgenda.stalledEngagements[0]).toMatchObject({
      needId: networkNeed.id,
      expertName: w.expert.name,
    });
    expect(expertAgenda.followUps.map((a) => a.id)).toEqual([task.id]);

    const coalitionAgenda = await buildAgenda(w.coal, asExpert.call, "invitee");
    expect(coalitionAgenda.openNeeds.map((n) => n.title)).toContain("SECRET-NEED MX"); // their own
    expect(coalitionAgenda.followUps.map((a) => a.id).sort()).toEqual([task.id, secretTask.id].sort()); // owner sees its own

    const secAgenda = await buildAgenda(w.sec, asSec.call, "secretariat");
    expect(secAgenda.openNeeds.map((n) => n.title)).toEqual(
      expect.arrayContaining(["Open network need MX", "SECRET-NEED MX"]),
    );
    expect(secAgenda.activities.map((a) => a.summary)).toContain("SECRET-ACTIVITY lobbying plan");

    const forExpert = await loadNotesAndActions(w.exp, second.id, "invitee");
    expect(forExpert.notes.items.map((n) => n.body)).toEqual(["Shared summary of the call"]);
    const forSec = await loadNotesAndActions(w.sec, second.id, "secretariat");
    expect(forSec.notes.items.map((n) => n.body)).toEqual([
      "Shared summary of the call",
      "SECRET-NOTE about a member's safety",
    ]);

    // Follow-up at the next call: recorded there, out of the open list.
    await db().$transaction((tx) =>
      followUpAction(tx, { userId: w.secretariatUser.id }, second.id, {
        actionId: task.id,
        status: "done",
        followUpNote: "Analysis shared",
      }),
    );
    const after = await db().callAction.findUniqueOrThrow({ where: { id: task.id } });
    expect(after).toMatchObject({
      status: "done",
      followedUpAtCallId: second.id,
      followUpNote: "Analysis shared",
    });
    expect((await buildAgenda(w.exp, asExpert.call, "invitee")).followUps.map((a) => a.status)).toEqual([
      "done",
    ]);
    // A later call no longer lists it.
    const third = await db().$transaction((tx) =>
      scheduleCall(
        tx,
        { userId: w.secretariatUser.id },
        {
          countryCode: "MX",
          localStart: localInDays(40, 9),
          timeZone: "UTC",
          durationMinutes: 45,
          invitees: [w.expert.id],
        },
      ),
    );
    const thirdAgenda = await buildAgenda(w.sec, (await loadCallFor(w.sec, third.id)).call, "secretariat");
    expect(thirdAgenda.followUps.map((a) => a.id)).toEqual([secretTask.id]);
    expect(
      await db().auditEvent.count({ where: { action: "call.action_followed_up", entityId: task.id } }),
    ).toBe(1);
  });
});

describe("actions", () => {
  it("validates owners: a need belongs to an invited coalition; a user owner belongs to the owning organisation", async () => {
    const call = await db().$transaction((tx) =>
      scheduleCall(
        tx,
        { userId: w.secretariatUser.id },
        {
          countryCode: "MX",
          localStart: localInDays(3),
          timeZone: "UTC",
          durationMinutes: 60,
          invitees: [w.coalition.id, w.expert.id],
        },
      ),
    );
    const me = { userId: w.secretariatUser.id };
    await expect(
      db().$transaction((tx) =>
        addAction(tx, me, call.id, {
          kind: "need",
          title: "x",
          categoryId: "legal",
          ownerOrganisationId: w.expert.id,
          visibility: "network",
        }),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
    await expect(
      db().$transaction((tx) =>
        addAction(tx, me, call.id, {
          kind: "need",
          title: "x",
          categoryId: "legal",
          ownerOrganisationId: w.outsider.id,
          visibility: "network",
        }),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
    await expect(
      db().$transaction((tx) =>
        addAction(tx, me, call.id, {
          kind: "task",
          title: "x",
          ownerOrganisationId: w.expert.id,
          ownerUserId: w.coalitionUser.id,
          visibility: "network",
        }),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
    await expect(
      db().$transaction((tx) =>
        addAction(tx, me, call.id, {
          kind: "need",
          title: "x",
          categoryId: "astrology",
          ownerOrganisationId: w.coalition.id,
          visibility: "network",
        }),
      ),
    ).rejects.toMatchObject({ init: { status: 400 } });
    const ok = await db().$transaction((tx) =>
      addAction(tx, me, call.id, {
        kind: "task",
        title: "Call the rapporteur",
        ownerOrganisationId: w.expert.id,
        ownerUserId: w.expertUser.id,
        dueOn: "2027-03-01",
        visibility: "network",
      }),
    );
    expect(await db().callAction.findUniqueOrThrow({ where: { id: ok.id } })).toMatchObject({
      ownerUserId: w.expertUser.id,
      status: "open",
    });
  });

  it("an action becomes a pre-filled need draft for the owning coalition through createNeed, once, audited", async () => {
    await db().country.update({
      where: { code: "MX" },
      data: { ratingTrend: "worsening", civicSpaceRating: "obstructed" },
    });
    const call = await db().$transaction((tx) =>
      scheduleCall(
        tx,
        { userId: w.secretariatUser.id },
        {
          countryCode: "MX",
          localStart: localInDays(4),
          timeZone: "UTC",
          durationMinutes: 60,
          invitees: [w.coalition.id],
        },
      ),
    );
    const me = { userId: w.secretariatUser.id };
    const action = await db().$transaction((tx) =>
      addAction(tx, me, call.id, {
        kind: "need",
        title: "Legal review of the foreign agents bill",
        description: "The coalition needs an opinion on the bill before the vote.",
        categoryId: "legal",
        ownerOrganisationId: w.coalition.id,
        dueOn: "2027-02-15",
        visibility: "network",
      }),
    );
    const need = await db().$transaction((tx) => actionToNeed(tx, me, w.sec, action.id, call.id));
    const row = await db().need.findUniqueOrThrow({ where: { id: need.id } });
    expect(row).toMatchObject({
      status: "draft",
      organisationId: w.coalition.id,
      title: "Legal review of the foreign agents bill",
      summary: "The coalition needs an opinion on the bill before the vote.",
      categoryId: "legal",
      countryCode: "MX",
      civicContext: "closing",
      visibility: "network",
      languages: ["es", "en"],
    });
    expect(row.wantedBy?.toISOString()).toBe("2027-02-15T00:00:00.000Z");
    expect((await db().callAction.findUniqueOrThrow({ where: { id: action.id } })).createdNeedId).toBe(
      need.id,
    );
    expect(await db().auditEvent.count({ where: { action: "need.created", entityId: need.id } })).toBe(1);
    expect(
      await db().auditEvent.count({ where: { action: "call.action_to_need", entityId: action.id } }),
    ).toBe(1);
    await expect(
      db().$transaction((tx) => actionToNeed(tx, me, w.sec, action.id, call.id)),
    ).rejects.toMatchObject({
      init: { status: 409 },
    });
    expect(await db().need.count({ where: { title: "Legal review of the foreign agents bill" } })).toBe(1);

    // The owner sees the draft linked from the action; the secretariat sees that a need was made, not the draft.
    const forOwner = await loadNotesAndActions(w.coal, call.id, "invitee");
    expect(forOwner.actions[0]).toMatchObject({
      needCreated: true,
      createdNeedId: need.id,
      createdNeedStatus: "draft",
    });
    const forSec = await loadNotesAndActions(w.sec, call.id, "secretariat");
    expect(forSec.actions[0]).toMatchObject({ needCreated: true, createdNeedId: null });

    // A task cannot become a need; a secretariat-only action becomes a secretariat-visibility need.
    const task = await db().$transaction((tx) =>
      addAction(tx, me, call.id, {
        kind: "task",
        title: "t",
        ownerOrganisationId: w.coalition.id,
        visibility: "network",
      }),
    );
    await expect(
      db().$transaction((tx) => actionToNeed(tx, me, w.sec, task.id, call.id)),
    ).rejects.toMatchObject({ init: { status: 409 } });
    const quiet = await db().$transaction((tx) =>
      addAction(tx, me, call.id, {
        kind: "need",
        title: "Quiet need",
        categoryId: "digital_security",
        ownerOrganisationId: w.coalition.id,
        visibility: "secretariat",
      }),
    );
    const quietNeed = await db().$transaction((tx) => actionToNeed(tx, me, w.sec, quiet.id, call.id));
    expect((await db().need.findUniqueOrThrow({ where: { id: quietNeed.id } })).visibility).toBe(
      "secretariat",
    );
    await db().country.update({
      where: { code: "MX" },
      data: { ratingTrend: "stable", civicSpaceRating: "narrowed" },
    });
  });
});
