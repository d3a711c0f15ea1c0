// Country coordination through the production build: scheduling a call (form, validation, invitations),
// the call page per role (agenda, times in each reader's zone, notes by visibility), actions turned into
// needs, the calendar file, activities, the secretariat's rating and the countries list, in en/es.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { linkFrom } from "../support/emails";
import { createNeed, createNetwork, createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";
import { localInDays } from "./support";

let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const n = await createNetwork();
  await enableTotpFor(n.secretariatUser.id);
  await db().user.update({ where: { id: n.coalitionUser.id }, data: { timeZone: "Europe/Madrid" } });
  const outsider = await createOrganisation({ kind: "COALITION", countryCode: "GT" });
  const outsiderUser = await createUser({}, { organisationId: outsider.id });
  const esUser = await createUser({ locale: "es" }, { organisationId: n.coalition.id });
  const openNeed = await createNeed({
    organisationId: n.coalition.id,
    createdById: n.coalitionUser.id,
    title: "Protest law analysis MX",
  });
  return {
    ...n,
    openNeed,
    cookies: {
      secretariat: (await createTestSession(n.secretariatUser.id, { twoFactorVerified: true })).cookie,
      coalition: (await createTestSession(n.coalitionUser.id)).cookie,
      coalitionEs: (await createTestSession(esUser.id)).cookie,
      expert: (await createTestSession(n.expertUser.id)).cookie,
      outsider: (await createTestSession(outsiderUser.id)).cookie,
    },
  };
}

let callId = "";

beforeAll(async () => {
  w = await setup();
});

describe("scheduling a call", () => {
  it("the form lists the country's organisations with labelled controls; a valid POST schedules and invites", async () => {
    const choose = await send("/secretariat/calls/new", { cookie: w.cookies.secretariat });
    expect(choose.status).toBe(200);
    expect(choose.body).toMatch(/<label[^>]*for="choose-country"[^>]*>Country/);
    const page = await send("/secretariat/calls/new?country=MX", { cookie: w.cookies.secretariat });
    expect(page.status).toBe(200);
    for (const label of [
      "Title",
      "Date and time",
      "Time zone",
      "Duration (minutes)",
      "Note for the agenda",
    ]) {
      expect(page.body, label).toMatch(new RegExp(`<label[^>]*>${label.replace(/[()]/g, "\\$&")}`));
    }
    expect(page.body).toContain(w.coalition.name);
    expect(page.body).toContain(w.expert.name);
    expect(page.body).toContain('value="America/Mexico_City"');

    const res = await send("/secretariat/calls/new?country=MX", {
      cookie: w.cookies.secretariat,
      form: {
        intent: "schedule",
        countryCode: "MX",
        title: "",
        localStart: "2027-01-14T10:00",
        timeZone: "America/Mexico_City",
        durationMinutes: "60",
        invitees: [w.coalition.id, w.expert.id],
        agendaNote: "Focus on the protest law",
      },
    });
    expect(res.status).toBe(302);
    callId = res.location!.match(/\/calls\/([^?]+)\?done=scheduled/)![1];
    const call = await db().coordinationCall.findUniqueOrThrow({ where: { id: callId } });
    expect(call.startsAt.toISOString()).toBe("2027-01-14T16:00:00.000Z");
    expect(await linkFrom("call_invitation", "callUrl", w.coalitionUser.email)).toBe(`/calls/${callId}`);
    expect(await linkFrom("call_invitation", "callUrl", w.expertUser.email)).toBe(`/calls/${callId}`);
  });

  it("answers bad input with translated field and form errors, never a 500", async () => {
    const base = {
      intent: "schedule",
      countryCode: "MX",
      localStart: localInDays(3),
      timeZone: "UTC",
      durationMinutes: "60",
      invitees: [w.coalition.id],
    };
    const none = await send("/secretariat/calls/new?country=MX", {
      cookie: w.cookies.secretariat,
      form: { ...base, invitees: [] },
    });
    expect(none.status).toBe(422);
    expect(none.body).toContain("Invite at least one organisation");
    const zone = await send("/secretariat/calls/new?country=MX", {
      cookie: w.cookies.secretariat,
      form: { ...base, timeZone: "Mars/Olympus", durationMinutes: "2" },
    });
    expect(zone.status).toBe(422);
    expect(zone.body).toContain("Choose a time zone from the list.");
    expect(zone.body).toContain("Between 15 and 480 minutes.");
    expect(zone.body).toMatch(/aria-invalid="true"/);
    const past = await send("/secretariat/calls/new?country=MX", {
      cookie: w.cookies.secretariat,
      form: { ...base, localStart: "2020-01-01T10:00" },
    });
    expect(past.status).toBe(400);
    expect(past.body).toContain("The call must be in the future.");
    // Another site's form: refused (React Router's origin check answers 400, our middleware 403), nothing scheduled.
    const before = await db().coordinationCall.count();
    const forged = await send("/secretariat/calls/new?country=MX", {
      cookie: w.cookies.secretariat,
      form: base,
      origin: "https://evil.example",
    });
    expect([400, 403]).toContain(forged.status);
    const noOrigin = await send("/secretariat/calls/new?country=MX", {
      cookie: w.cookies.secretariat,
      form: base,
      origin: null,
    });
    expect(noOrigin.status).toBe(403);
    expect(await db().coordinationCall.count()).toBe(before);
    const member = await send("/secretariat/calls/new?country=MX", {
      cookie: w.cookies.coalition,
      form: base,
    });
    expect(member.status).toBe(403);
  });
});

describe("the call page", () => {
  it("invitees see the agenda and the time in their own zone; others get a 404; every view is audited", async () => {
    const page = await send(`/calls/${callId}`, { cookie: w.cookies.coalition });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Coordination call: Mexico");
    expect(page.body).toContain("Central European Standard Time"); // the coalition member's zone (Europe/Madrid)
    expect(page.body).toContain("Central Standard Time"); // the call's zone (America/Mexico_City)
    expect(page.body).toContain("Protest law analysis MX");
    expect(page.body).toContain("Focus on the protest law");
    // Invitees contribute (issue 20): they add notes and propose agenda items; the secretariat's forms
    // (actions, guests, ordering, visibility of notes) are not theirs.
    expect(page.body).toContain("Record the note");
    expect(page.body).toContain("Propose the item");
    expect(page.body).not.toContain("Record the action");
    expect(page.body).not.toContain("Invite the guest");
    expect(page.body).not.toContain("Secretariat only: never shown to invitees");
    const es = await send(`/calls/${callId}`, { cookie: w.cookies.coalitionEs });
    expect(es.body).toContain("Llamada de coordinación: México");
    expect(es.body).toContain("Su hora");
    expect((await send(`/calls/${callId}`, { cookie: w.cookies.outsider })).status).toBe(404);
    expect((await send(`/calls/${callId}`)).status).toBe(302);
    expect(
      await db().auditEvent.count({ where: { action: "call.viewed", entityId: callId } }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("notes: secretariat-only notes never reach invitees; invitees write network notes only", async () => {
    const a = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: {
        intent: "note",
        body: "Shared: agreed to draft a joint statement",
        contentLanguage: "en",
        visibility: "network",
      },
    });
    expect(a.status).toBe(302);
    const b = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: {
        intent: "note",
        body: "SECRET-NOTE member under surveillance",
        contentLanguage: "en",
        visibility: "secretariat",
      },
    });
    expect(b.status).toBe(302);
    const empty = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "note", body: "", contentLanguage: "en", visibility: "network" },
    });
    expect(empty.status).toBe(422);
    expect(empty.body).toContain("This field is required.");
    const junk = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "explode" },
    });
    expect(junk.status).toBe(400);
    const forInvitee = await send(`/calls/${callId}`, { cookie: w.cookies.expert });
    expect(forInvitee.body).toContain("agreed to draft a joint statement");
    expect(forInvitee.body).not.toContain("SECRET-NOTE");
    const forSec = await send(`/calls/${callId}`, { cookie: w.cookies.secretariat });
    expect(forSec.body).toContain("SECRET-NOTE member under surveillance");
    // Issue 20: invitees add notes within their visibility (network), never secretariat-only ones, and
    // never actions (the secretariat's).
    const byInvitee = await send(`/calls/${callId}`, {
      cookie: w.cookies.coalition,
      form: {
        intent: "note",
        body: "Invitee note on the protest law",
        contentLanguage: "en",
        visibility: "network",
      },
    });
    expect(byInvitee.status).toBe(302);
    expect((await send(`/calls/${callId}`, { cookie: w.cookies.expert })).body).toContain(
      "Invitee note on the protest law",
    );
    const denied = await send(`/calls/${callId}`, {
      cookie: w.cookies.coalition,
      form: { intent: "note", body: "x", contentLanguage: "en", visibility: "secretariat" },
    });
    expect(denied.status).toBe(403);
    const noAction = await send(`/calls/${callId}`, {
      cookie: w.cookies.coalition,
      form: {
        intent: "action",
        kind: "task",
        title: "x",
        visibility: "network",
        ownerOrganisationId: w.coalition.id,
      },
    });
    expect(noAction.status).toBe(403);
  });

  it("an action becomes a pre-filled need draft; the coalition sees it on the country page", async () => {
    const bad = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "action", kind: "need", title: "x", visibility: "network" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain("Choose the category of the need.");
    const add = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: {
        intent: "action",
        kind: "need",
        title: "Legal opinion on the protest bill",
        description: "Before the vote in March.",
        categoryId: "legal",
        ownerOrganisationId: w.coalition.id,
        ownerUserId: "",
        dueOn: "2027-03-01",
        visibility: "network",
      },
    });
    expect(add.status).toBe(302);
    const action = await db().callAction.findFirstOrThrow({
      where: { callId, title: "Legal opinion on the protest bill" },
    });
    const made = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "to_need", actionId: action.id },
    });
    expect(made.status).toBe(302);
    expect(made.location).toBe(`/calls/${callId}?done=need_created`);
    const again = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "to_need", actionId: action.id },
    });
    expect(again.status).toBe(409);
    const needId = (await db().callAction.findUniqueOrThrow({ where: { id: action.id } })).createdNeedId!;
    expect(await db().need.findUniqueOrThrow({ where: { id: needId } })).toMatchObject({
      status: "draft",
      organisationId: w.coalition.id,
      countryCode: "MX",
    });

    const coalitionCall = await send(`/calls/${callId}`, { cookie: w.cookies.coalition });
    expect(coalitionCall.body).toContain(`/needs/${needId}`);
    const country = await send("/countries/MX", { cookie: w.cookies.coalition });
    expect(country.status).toBe(200);
    expect(country.body).toContain("Legal opinion on the protest bill");
    // A draft is the coalition's own: the expert does not see it anywhere.
    expect((await send("/countries/MX", { cookie: w.cookies.expert })).body).not.toContain(
      "Legal opinion on the protest bill",
    );
  });

  it("serves the calendar file to invitees (RFC 5545, UTC) and to nobody else", async () => {
    const ics = await send(`/calls/${callId}/invite.ics`, { cookie: w.cookies.expert });
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(ics.body).toContain("\r\nDTSTART:20270114T160000Z\r\n");
    expect(ics.body).toContain(`UID:call-${callId}@localhost`);
    expect(ics.body).not.toContain("SECRET-NOTE");
    expect((await send(`/calls/${callId}/invite.ics`, { cookie: w.cookies.outsider })).status).toBe(404);
    expect(
      await db().auditEvent.count({ where: { action: "call.calendar_downloaded", entityId: callId } }),
    ).toBe(1);
  });

  it("the secretariat lists calls and can cancel one (409 when already cancelled)", async () => {
    const list = await send("/secretariat/calls", { cookie: w.cookies.secretariat });
    expect(list.status).toBe(200);
    expect(list.body).toContain(`/calls/${callId}`);
    const cancel = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "cancel" },
    });
    expect(cancel.status).toBe(302);
    const twice = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "cancel" },
    });
    expect(twice.status).toBe(409);
    expect(twice.body).toContain("This call is no longer scheduled.");
    expect((await send("/secretariat/calls", { cookie: w.cookies.coalition })).status).toBe(403);
  });
});

describe("countries, activities and ratings", () => {
  it("members record an activity (labelled form, field errors, then shown on the country page)", async () => {
    const form = await send("/countries/MX/activities/new", { cookie: w.cookies.expert });
    expect(form.status).toBe(200);
    for (const label of ["Organisation", "Kind of activity", "Summary", "From", "Until", "Visibility"])
      expect(form.body, label).toMatch(new RegExp(`<label[^>]*>${label}`));
    const bad = await send("/countries/MX/activities/new", {
      cookie: w.cookies.expert,
      form: {
        intent: "create",
        organisationId: w.expert.id,
        kind: "legal",
        summary: "",
        contentLanguage: "en",
        startsOn: "2026-10-01",
        visibility: "network",
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain("This field is required.");
    expect(bad.body).toMatch(/aria-invalid="true"/);
    const backwards = await send("/countries/MX/activities/new", {
      cookie: w.cookies.expert,
      form: {
        intent: "create",
        organisationId: w.expert.id,
        kind: "legal",
        summary: "Clinic",
        contentLanguage: "en",
        startsOn: "2026-10-01",
        endsOn: "2026-01-01",
        visibility: "network",
      },
    });
    expect(backwards.status).toBe(422);
    expect(backwards.body).toContain("The end cannot come before the start.");
    const foreign = await send("/countries/MX/activities/new", {
      cookie: w.cookies.expert,
      form: {
        intent: "create",
        organisationId: w.coalition.id,
        kind: "legal",
        summary: "Not mine",
        contentLanguage: "en",
        startsOn: "2026-10-01",
        visibility: "network",
      },
    });
    expect(foreign.status).toBe(403);
    const ok = await send("/countries/MX/activities/new", {
      cookie: w.cookies.expert,
      form: {
        intent: "create",
        organisationId: w.expert.id,
        kind: "digital_security",
        summary: "Device security clinics for journalists",
        contentLanguage: "en",
        startsOn: "2026-10-01",
        visibility: "network",
      },
    });
    expect(ok.status).toBe(302);
    expect(ok.location).toBe("/countries/MX?done=activity");
    const page = await send("/countries/MX", { cookie: w.cookies.coalition });
    expect(page.body).toContain("Device security clinics for journalists");
    expect(page.body).toContain("Response map");
    expect((await send("/countries/mx", { cookie: w.cookies.coalition })).status).toBe(301);
    expect(
      await db().auditEvent.count({ where: { action: "country.viewed", entityId: "MX" } }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("the secretariat sets the rating; members cannot; the list filters by region, in the reader's language", async () => {
    const res = await send("/secretariat/countries/MX/rating", {
      cookie: w.cookies.secretariat,
      form: {
        intent: "rate",
        rating: "obstructed",
        trend: "worsening",
        note: "Protest law passed in first reading.",
      },
    });
    expect(res.status).toBe(302);
    const page = await send("/countries/MX", { cookie: w.cookies.expert });
    expect(page.body).toContain("Obstructed · worsening");
    expect(page.body).toContain("Protest law passed in first reading.");
    const bad = await send("/secretariat/countries/MX/rating", {
      cookie: w.cookies.secretariat,
      form: { intent: "rate", rating: "fine", trend: "stable" },
    });
    expect(bad.status).toBe(422);
    expect(
      (
        await send("/secretariat/countries/MX/rating", {
          cookie: w.cookies.coalition,
          form: { intent: "rate", rating: "open", trend: "stable" },
        })
      ).status,
    ).toBe(403);
    const list = await send("/countries?region=latin_america_caribbean", { cookie: w.cookies.coalitionEs });
    expect(list.status).toBe(200);
    expect(list.body).toContain("México");
    expect(list.body).toContain("Obstruido");
    const africa = await send("/countries?region=sub_saharan_africa", { cookie: w.cookies.coalition });
    expect(africa.body).not.toContain('href="/countries/MX"');
  });
});
