// Calls people can join (issue 20), through the production build and real PostgreSQL and SMTP: times in
// each reader's zone (pages and emails), calendar files parsed back with ical.js (request, update,
// cancellation, the organiser's file, the private feed), RSVP links (confirm page, reuse, tampering,
// expiry, an outdated revision), guests (only the shared parts of one call, no other page, revocation,
// follow-up closing, expiry), invitees' agenda items ordered by the organiser, "My actions" and the
// coalition turning its action into a need, and reminders sent once per person whatever the retries.
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGuestLink } from "~/features/coordination/services/guests.server";
import { readRsvpLink } from "~/features/coordination/services/rsvp.server";
import { sendActionReminders, sendCallReminders } from "~/features/coordination/services/reminders.server";
import { closeCommitPool } from "~/features/email/services/commit-marker.server";
import { createMailer, type Mailer } from "~/features/email/services/mailer.server";
import { sendEmailMessage } from "~/features/email/services/send-email.server";
import { db } from "~/utils/db.server";
import { cookiesFrom, send } from "../support/app";
import { createNetwork, createOrganisation, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

let smtp: TestSmtpServer;
let mailer: Mailer;
let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const n = await createNetwork();
  await enableTotpFor(n.secretariatUser.id);
  const sn = await createOrganisation({ kind: "COALITION", countryCode: "SN", name: "Coalition Sénégal" });
  const mexican = await createUser(
    { timeZone: "America/Mexico_City", locale: "es" },
    { organisationId: n.coalition.id },
  );
  const dakar = await createUser({ timeZone: "Africa/Dakar", locale: "fr" }, { organisationId: sn.id });
  const outsiderOrg = await createOrganisation({ kind: "COALITION", countryCode: "GT" });
  const outsider = await createUser({}, { organisationId: outsiderOrg.id });
  const cookie = async (id: string, twoFactorVerified = false) =>
    (await createTestSession(id, { twoFactorVerified })).cookie;
  return {
    ...n,
    sn,
    mexican,
    dakar,
    outsider,
    cookies: {
      secretariat: await cookie(n.secretariatUser.id, true),
      coalition: await cookie(n.coalitionUser.id),
      mexican: await cookie(mexican.id),
      dakar: await cookie(dakar.id),
      outsider: await cookie(outsider.id),
    },
  };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, from: "Puente <no-reply@puente.test>" });
  w = await setup();
});
afterAll(async () => {
  mailer.close();
  await closeCommitPool();
  await smtp.close();
});

/** Schedules a call through the page, as the secretariat does; returns its id. */
async function schedule(form: Record<string, string | string[]>) {
  const res = await send("/secretariat/calls/new?country=MX", {
    cookie: w.cookies.secretariat,
    form: {
      intent: "schedule",
      countryCode: "MX",
      durationMinutes: "90",
      invitees: [w.coalition.id, w.sn.id],
      ...form,
    },
  });
  expect(res.status, res.body.slice(0, 300)).toBe(302);
  return res.location!.match(/\/calls\/([^?]+)/)![1];
}

function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    status: vevent.getFirstPropertyValue("status"),
    location: vevent.getFirstPropertyValue("location"),
    organizer: String(event.organizer).toLowerCase(),
    attendees: event.attendees.map((a) => ({
      email: String(a.getFirstValue()).toLowerCase().replace("mailto:", ""),
      partstat: a.getParameter("partstat"),
    })),
  };
}

async function emailTo(template: string, to: string) {
  return db().emailMessage.findFirstOrThrow({
    where: { template, toAddress: to },
    orderBy: { createdAt: "desc" },
  });
}

function attachment(message: { attachments: unknown }) {
  return (message.attachments as Array<{ content: string; contentType: string }>)[0];
}

let callId = "";

describe("time zones", () => {
  it("members in America/Mexico_City and Africa/Dakar see the same call at their own hours, on the page and in the email", async () => {
    callId = await schedule({
      title: "Protest law exchange",
      localStart: "2027-03-10T10:00",
      timeZone: "America/Mexico_City",
      meetingUrl: "https://meet.example.org/protest-law",
      place: "Casa de la sociedad civil, CDMX",
    });
    // 10:00 in Mexico City (UTC−6, no daylight saving since 2022) is 16:00 UTC, 16:00 in Dakar (UTC+0).
    const mx = await send(`/calls/${callId}`, { cookie: w.cookies.mexican });
    expect(mx.status).toBe(200);
    expect(mx.body).toMatch(/10:00[^<]*hora estándar central/i);
    const sn = await send(`/calls/${callId}`, { cookie: w.cookies.dakar });
    expect(sn.status).toBe(200);
    expect(sn.body).toMatch(/16:00[^<]*heure moyenne de Greenwich/i);
    expect(sn.body).toContain("https://meet.example.org/protest-law");
    expect(sn.body).toContain("Casa de la sociedad civil, CDMX");

    const forMx = await emailTo("call_invitation", w.mexican.email);
    const forSn = await emailTo("call_invitation", w.dakar.email);
    expect(forMx.timeZone).toBe("America/Mexico_City");
    expect(forSn.timeZone).toBe("Africa/Dakar");
    expect(await sendEmailMessage({ db: db(), mailer }, forMx.id)).toBe("sent");
    expect(await sendEmailMessage({ db: db(), mailer }, forSn.id)).toBe("sent");
    const mails = await smtp.waitFor(2);
    const mxMail = mails.find((m) => m.envelope.to.includes(w.mexican.email))!;
    const snMail = mails.find((m) => m.envelope.to.includes(w.dakar.email))!;
    expect(mxMail.parsed.text).toMatch(/10:00[^\n]*hora estándar central/i);
    expect(snMail.parsed.text).toMatch(/16:00[^\n]*heure moyenne de Greenwich/i);
    expect(snMail.parsed.text).toContain("https://meet.example.org/protest-law");
    expect(snMail.parsed.text).toMatch(/\/rsvp\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\?answer=yes/);
    // Single-use links are wiped from the stored message once it is sent.
    const stored = await db().emailMessage.findUniqueOrThrow({ where: { id: forSn.id } });
    expect((stored.params as { rsvpUrl: string }).rsvpUrl).toBe("[sent]");
  });

  it("the settings page finds a zone by country without JavaScript, saves it and refuses garbage", async () => {
    const found = await send("/settings/time-zone?q=Senegal", { cookie: w.cookies.coalition });
    expect(found.status).toBe(200);
    expect(found.body).toContain('value="Africa/Dakar"');
    expect(found.body).not.toContain('value="Asia/Tokyo"');
    const saved = await send("/settings/time-zone", {
      cookie: w.cookies.coalition,
      form: { intent: "set", timeZone: "Africa/Nairobi" },
    });
    expect(saved.status).toBe(302);
    const user = await db().user.findUniqueOrThrow({ where: { id: w.coalitionUser.id } });
    expect(user.timeZone).toBe("Africa/Nairobi");
    expect(user.timeZoneConfirmedAt).not.toBeNull();
    const bad = await send("/settings/time-zone", {
      cookie: w.cookies.coalition,
      form: { intent: "set", timeZone: "Mars/Olympus" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("Choose a time zone from the list.");
  });
});

describe("calendar files (parsed back with ical.js)", () => {
  it("an invitation is a REQUEST with organiser, the person as attendee, UID, SEQUENCE and place", async () => {
    const ics = parseIcs(attachment(await emailTo("call_invitation", w.dakar.email)).content);
    expect(ics.method).toBe("REQUEST");
    expect(ics.uid).toBe(`call-${callId}@localhost`);
    expect(ics.sequence).toBe(0);
    expect(ics.start).toBe("2027-03-10T16:00:00.000Z");
    expect(ics.end).toBe("2027-03-10T17:30:00.000Z");
    expect(ics.organizer).toBe(`mailto:${w.secretariatUser.email}`);
    expect(ics.attendees).toEqual([{ email: w.dakar.email, partstat: "NEEDS-ACTION" }]);
    expect(ics.location).toContain("https://meet.example.org/protest-law");
  });

  it("a change of time sends a new REQUEST (same UID, higher SEQUENCE); a cancellation a CANCEL", async () => {
    const res = await send(`/calls/${callId}/edit`, {
      cookie: w.cookies.secretariat,
      form: {
        intent: "update",
        title: "Protest law exchange",
        localStart: "2027-03-11T09:30",
        timeZone: "America/Mexico_City",
        durationMinutes: "90",
        meetingUrl: "https://meet.example.org/protest-law",
        place: "Casa de la sociedad civil, CDMX",
        invitees: [w.coalition.id, w.sn.id],
      },
    });
    expect(res.status).toBe(302);
    expect(res.location).toContain("done=updated");
    const update = parseIcs(attachment(await emailTo("call_updated", w.dakar.email)).content);
    expect(update).toMatchObject({
      method: "REQUEST",
      uid: `call-${callId}@localhost`,
      sequence: 1,
      start: "2027-03-11T15:30:00.000Z",
    });
    // The organiser's own file lists every invited person.
    const organiser = parseIcs(
      (await send(`/calls/${callId}/invite.ics`, { cookie: w.cookies.secretariat })).body,
    );
    const emails = organiser.attendees.map((a) => a.email).sort();
    expect(emails).toEqual([w.coalitionUser.email, w.mexican.email, w.dakar.email].sort());
    // A cancellation: CANCEL, same UID, a higher SEQUENCE, STATUS:CANCELLED.
    const doomed = await schedule({ localStart: "2027-03-20T10:00", timeZone: "America/Mexico_City" });
    const first = parseIcs(attachment(await emailTo("call_invitation", w.dakar.email)).content);
    expect(first).toMatchObject({ method: "REQUEST", uid: `call-${doomed}@localhost`, sequence: 0 });
    expect(
      (await send(`/calls/${doomed}`, { cookie: w.cookies.secretariat, form: { intent: "cancel" } })).status,
    ).toBe(302);
    const cancel = parseIcs(attachment(await emailTo("call_cancelled", w.dakar.email)).content);
    expect(cancel).toMatchObject({
      method: "CANCEL",
      uid: `call-${doomed}@localhost`,
      sequence: 1,
      status: "CANCELLED",
      start: "2027-03-20T16:00:00.000Z",
    });
    // An invitee's own file lists only them.
    const own = parseIcs((await send(`/calls/${callId}/invite.ics`, { cookie: w.cookies.dakar })).body);
    expect(own.attendees.map((a) => a.email)).toEqual([w.dakar.email]);
  });

  it("a private feed lists the member's calls, and stops working once revoked", async () => {
    const created = await send("/settings/calendar", { cookie: w.cookies.dakar, form: { intent: "create" } });
    expect(created.status).toBe(200);
    const url = created.body.match(/value="(http[^"]+\/calendar\/[^"]+\.ics)"/)![1];
    const path = new URL(url).pathname;
    const feed = await send(path);
    expect(feed.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(feed.body));
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    const uids = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v).uid);
    expect(uids).toContain(`call-${callId}@localhost`);
    expect((await send(`${path.slice(0, -8)}AAAAAAAA.ics`)).status).toBe(404);
    await send("/settings/calendar", { cookie: w.cookies.dakar, form: { intent: "revoke" } });
    expect((await send(path)).status).toBe(404);
  });
});

describe("RSVP from the email", () => {
  it("shows a confirmation page (nothing recorded), records on POST, refuses reuse, tampering and an outdated revision", async () => {
    const message = await emailTo("call_updated", w.dakar.email);
    const rsvpUrl = (message.params as { rsvpUrl: string }).rsvpUrl;
    const path = new URL(rsvpUrl).pathname;
    const page = await send(`${path}?answer=yes`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Confirm my answer");
    expect(await db().callRsvp.count({ where: { callId, userId: w.dakar.id } })).toBe(0);
    const ok = await send(path, { form: { answer: "yes" } });
    expect(ok.status).toBe(200);
    expect((await db().callRsvp.findFirstOrThrow({ where: { callId, userId: w.dakar.id } })).answer).toBe(
      "yes",
    );
    expect(await db().auditEvent.count({ where: { action: "call.rsvp", entityId: callId } })).toBe(1);

    const reused = await send(path, { form: { answer: "no" } });
    expect(reused.status).toBe(410);
    expect(reused.body).toContain("already used");
    expect((await db().callRsvp.findFirstOrThrow({ where: { callId, userId: w.dakar.id } })).answer).toBe(
      "yes",
    );

    const [payload, signature] = path.slice("/rsvp/".length).split(".");
    const forged = JSON.parse(Buffer.from(payload, "base64url").toString());
    forged.u = w.mexican.id;
    const tampered = `/rsvp/${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature}`;
    expect((await send(tampered, { form: { answer: "no" } })).status).toBe(404);
    expect(await db().callRsvp.count({ where: { callId, userId: w.mexican.id } })).toBe(0);

    // The invitation's link was for revision 0: the call changed since.
    const old = (
      await db().emailMessage.findFirstOrThrow({
        where: {
          template: "call_invitation",
          toAddress: w.coalitionUser.email,
          params: { path: ["callUrl"], string_ends_with: `/calls/${callId}` },
        },
      })
    ).params as { rsvpUrl: string };
    const outdated = await send(new URL(old.rsvpUrl).pathname, { form: { answer: "yes" } });
    expect(outdated.status).toBe(410);
    expect(outdated.body).toContain("has changed since this email");
  });

  it("expires when the call ends; the organiser sees who comes; the calendar file carries the answer", async () => {
    const mx = (await emailTo("call_updated", w.mexican.email)).params as { rsvpUrl: string };
    const token = new URL(mx.rsvpUrl).pathname.slice("/rsvp/".length);
    expect((await readRsvpLink(token)).state).toBe("ok");
    expect((await readRsvpLink(token, new Date("2027-03-11T17:00:01Z"))).state).toBe("expired");
    // On the call page as well (signed in).
    const page = await send(`/calls/${callId}`, {
      cookie: w.cookies.mexican,
      form: { intent: "rsvp", answer: "maybe" },
    });
    expect(page.status).toBe(302);
    const organiser = await send(`/calls/${callId}`, { cookie: w.cookies.secretariat });
    expect(organiser.body).toContain("Yes: 1 · Maybe: 1 · No: 0 · No answer: 1");
    const own = parseIcs((await send(`/calls/${callId}/invite.ics`, { cookie: w.cookies.mexican })).body);
    expect(own.attendees).toEqual([{ email: w.mexican.email, partstat: "TENTATIVE" }]);
  });
});

describe("guests", () => {
  let guestPath = "";

  it("the secretariat invites a guest by email; the magic link opens only the parts shared with guests, audited", async () => {
    // Invitees propose agenda items; the secretariat shares one and one note with guests.
    const item = await send(`/calls/${callId}`, {
      cookie: w.cookies.coalition,
      form: { intent: "agenda_item", title: "SHARED-ITEM the bill's article 12", contentLanguage: "en" },
    });
    expect(item.status).toBe(302);
    await send(`/calls/${callId}`, {
      cookie: w.cookies.dakar,
      form: { intent: "agenda_item", title: "MEMBERS-ONLY-ITEM strategy", contentLanguage: "fr" },
    });
    await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: {
        intent: "note",
        body: "SHARED-NOTE context for guests",
        contentLanguage: "en",
        visibility: "network",
        sharedWithGuests: "on",
      },
    });
    await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "note", body: "MEMBERS-NOTE between us", contentLanguage: "en", visibility: "network" },
    });
    await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: {
        intent: "note",
        body: "SECRET-NOTE safety",
        contentLanguage: "en",
        visibility: "secretariat",
        sharedWithGuests: "on",
      },
    });
    const shared = await db().callAgendaItem.findFirstOrThrow({
      where: { callId, title: { startsWith: "SHARED-ITEM" } },
    });
    expect(
      (
        await send(`/calls/${callId}`, {
          cookie: w.cookies.secretariat,
          form: { intent: "share", kind: "agenda", id: shared.id, shared: "true" },
        })
      ).status,
    ).toBe(302);
    // An invitee may not share.
    expect(
      (
        await send(`/calls/${callId}`, {
          cookie: w.cookies.coalition,
          form: { intent: "share", kind: "agenda", id: shared.id, shared: "true" },
        })
      ).status,
    ).toBe(403);
    const invited = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: {
        intent: "guest_invite",
        name: "Ana Officer",
        email: "ana.officer@ohchr.example",
        affiliation: "OHCHR",
        locale: "en",
        timeZone: "Europe/Zurich",
      },
    });
    expect(invited.status).toBe(302);
    const email = await emailTo("call_invitation", "ana.officer@ohchr.example");
    expect(email.userId).toBeNull();
    const params = email.params as { callUrl: string; guest: boolean };
    expect(params.guest).toBe(true);
    guestPath = new URL(params.callUrl).pathname;
    expect(guestPath).toMatch(/^\/guest\//);
    const ics = parseIcs(attachment(email).content);
    expect(ics.attendees).toEqual([{ email: "ana.officer@ohchr.example", partstat: "NEEDS-ACTION" }]);

    const page = await send(guestPath);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toContain("no-store");
    expect(page.headers.getSetCookie()).toEqual([]);
    expect(page.body).toContain("SHARED-ITEM");
    expect(page.body).toContain("SHARED-NOTE");
    expect(page.body).toMatch(/4:30[^<]*PM[^<]*Central European Standard Time/); // 15:30 UTC in Zurich (CET)
    for (const hidden of ["MEMBERS-ONLY-ITEM", "MEMBERS-NOTE", "SECRET-NOTE", w.coalition.name, w.dakar.name])
      expect(page.body, hidden).not.toContain(hidden);
    expect(await db().auditEvent.count({ where: { action: "call.guest_viewed", entityId: callId } })).toBe(1);
    // The guest answers on their page.
    expect((await send(guestPath, { form: { intent: "rsvp", answer: "yes" } })).status).toBe(302);
  });

  it("a guest reaches no other page: the call's member page, its calendar file, the country, actions, boards", async () => {
    const visit = await send(guestPath);
    const jar = cookiesFrom(visit);
    for (const path of [
      `/calls/${callId}`,
      `/calls/${callId}/invite.ics`,
      "/countries/MX",
      "/actions",
      "/needs",
      "/settings",
    ]) {
      const res = await send(path, { cookie: jar || undefined });
      expect(res.status, path).toBe(302);
      expect(res.location, path).toMatch(/^\/login\?redirectTo=/);
    }
    // Another call's link cannot be made from this one.
    const [payload, signature] = guestPath.slice("/guest/".length).split(".");
    const forged = JSON.parse(Buffer.from(payload, "base64url").toString());
    forged.x += 86_400 * 365;
    expect(
      (await send(`/guest/${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${signature}`)).status,
    ).toBe(404);
  });

  it("access ends when revoked, when the follow-up closes, and at expiry", async () => {
    const token = guestPath.slice("/guest/".length);
    expect((await readGuestLink(token, new Date("2027-03-26T15:00:00Z"))).state).toBe("expired");
    const guest = await db().callGuest.findFirstOrThrow({ where: { callId } });
    // Closing the follow-up (after the call is held) ends it.
    await db().coordinationCall.update({ where: { id: callId }, data: { status: "held" } });
    const closed = await send(`/calls/${callId}`, {
      cookie: w.cookies.secretariat,
      form: { intent: "close_follow_up" },
    });
    expect(closed.status).toBe(302);
    const after = await send(guestPath);
    expect(after.status).toBe(410);
    expect(after.body).toContain("follow-up is closed");
    expect(after.body).not.toContain("SHARED-NOTE");
    // Revocation: a fresh invitation on another call, revoked.
    const other = await schedule({ localStart: "2027-04-01T10:00", timeZone: "UTC" });
    await send(`/calls/${other}`, {
      cookie: w.cookies.secretariat,
      form: {
        intent: "guest_invite",
        name: "Jo Journalist",
        email: "jo@press.example",
        locale: "fr",
        timeZone: "Africa/Dakar",
      },
    });
    const link = new URL(
      ((await emailTo("call_invitation", "jo@press.example")).params as { callUrl: string }).callUrl,
    ).pathname;
    expect((await send(link)).status).toBe(200);
    const jo = await db().callGuest.findFirstOrThrow({ where: { email: "jo@press.example" } });
    expect(
      (
        await send(`/calls/${other}`, {
          cookie: w.cookies.secretariat,
          form: { intent: "guest_revoke", guestId: jo.id },
        })
      ).status,
    ).toBe(302);
    expect((await send(link)).status).toBe(410);
    expect(guest.id).not.toBe(jo.id);
  });
});

describe("everyone contributes", () => {
  it("the organiser orders the agenda with plain forms; a proposer removes their own item, not another's", async () => {
    const id = await schedule({ localStart: "2027-05-05T10:00", timeZone: "America/Mexico_City" });
    for (const [cookie, title] of [
      [w.cookies.coalition, "First item"],
      [w.cookies.dakar, "Second item"],
    ] as const)
      expect(
        (
          await send(`/calls/${id}`, {
            cookie,
            form: { intent: "agenda_item", title, contentLanguage: "en" },
          })
        ).status,
      ).toBe(302);
    const second = await db().callAgendaItem.findFirstOrThrow({
      where: { callId: id, title: "Second item" },
    });
    expect(
      (
        await send(`/calls/${id}`, {
          cookie: w.cookies.dakar,
          form: { intent: "agenda_move", itemId: second.id, direction: "up" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await send(`/calls/${id}`, {
          cookie: w.cookies.secretariat,
          form: { intent: "agenda_move", itemId: second.id, direction: "up" },
        })
      ).status,
    ).toBe(302);
    const order = await db().callAgendaItem.findMany({ where: { callId: id }, orderBy: { position: "asc" } });
    expect(order.map((i) => i.title)).toEqual(["Second item", "First item"]);
    const page = await send(`/calls/${id}`, { cookie: w.cookies.mexican });
    expect(page.body.indexOf("Second item")).toBeLessThan(page.body.indexOf("First item"));
    expect(
      (
        await send(`/calls/${id}`, {
          cookie: w.cookies.coalition,
          form: { intent: "agenda_remove", itemId: second.id },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await send(`/calls/${id}`, {
          cookie: w.cookies.dakar,
          form: { intent: "agenda_remove", itemId: second.id },
        })
      ).status,
    ).toBe(302);
    // Someone not invited learns nothing.
    expect(
      (
        await send(`/calls/${id}`, {
          cookie: w.cookies.outsider,
          form: { intent: "agenda_item", title: "x", contentLanguage: "en" },
        })
      ).status,
    ).toBe(404);
  });

  it("'My actions' lists the organisation's actions; the coalition turns its action into a need draft with the country's context", async () => {
    const id = await schedule({ localStart: "2027-05-06T10:00", timeZone: "America/Mexico_City" });
    await db().country.update({ where: { code: "MX" }, data: { ratingTrend: "worsening" } });
    const added = await send(`/calls/${id}`, {
      cookie: w.cookies.secretariat,
      form: {
        intent: "action",
        kind: "need",
        title: "Legal opinion on the foreign agents bill",
        categoryId: "legal",
        ownerOrganisationId: w.coalition.id,
        dueOn: "2027-06-01",
        visibility: "network",
      },
    });
    expect(added.status).toBe(302);
    const mine = await send("/actions", { cookie: w.cookies.mexican });
    expect(mine.status).toBe(200);
    expect(mine.body).toContain("Legal opinion on the foreign agents bill");
    expect((await send("/actions", { cookie: w.cookies.dakar })).body).not.toContain("foreign agents bill");
    const action = await db().callAction.findFirstOrThrow({ where: { callId: id } });
    // Dakar's coalition was invited and sees the action, but does not own it; an outsider does not see it.
    expect(
      (await send("/actions", { cookie: w.cookies.dakar, form: { intent: "to_need", actionId: action.id } }))
        .status,
    ).toBe(403);
    expect(
      (
        await send("/actions", {
          cookie: w.cookies.outsider,
          form: { intent: "to_need", actionId: action.id },
        })
      ).status,
    ).toBe(404);
    const made = await send("/actions", {
      cookie: w.cookies.mexican,
      form: { intent: "to_need", actionId: action.id },
    });
    expect(made.status).toBe(302);
    const need = await db().need.findFirstOrThrow({
      where: { title: "Legal opinion on the foreign agents bill" },
    });
    expect(made.location).toBe(`/needs/${need.id}/edit`);
    expect(need).toMatchObject({
      status: "draft",
      organisationId: w.coalition.id,
      countryCode: "MX",
      civicContext: "closing",
    });
    expect(
      (
        await send("/actions", {
          cookie: w.cookies.mexican,
          form: { intent: "to_need", actionId: action.id },
        })
      ).status,
    ).toBe(409);
  });
});

describe("reminders (scheduled jobs)", () => {
  it("24 h and 1 h before, to those who did not decline, exactly once per person whatever the retries", async () => {
    const id = await schedule({ localStart: "2027-06-10T10:00", timeZone: "UTC" });
    await db().coordinationCall.update({
      where: { id },
      data: { timeSetAt: new Date("2027-06-01T00:00:00Z") },
    });
    await db().callRsvp.create({ data: { callId: id, userId: w.mexican.id, answer: "no", via: "page" } });
    const dayBefore = new Date("2027-06-09T10:30:00Z");
    // Two workers at once, then a retry.
    await Promise.all([sendCallReminders(db(), dayBefore), sendCallReminders(db(), dayBefore)]);
    await sendCallReminders(db(), dayBefore);
    const reminders = await db().emailMessage.findMany({
      where: { template: "call_reminder", params: { path: ["callUrl"], string_ends_with: `/calls/${id}` } },
    });
    expect(reminders.map((r) => r.toAddress).sort()).toEqual([w.coalitionUser.email, w.dakar.email].sort());
    expect(reminders.every((r) => (r.params as { hours: number }).hours === 24)).toBe(true);
    await sendCallReminders(db(), new Date("2027-06-10T09:10:00Z"));
    await sendCallReminders(db(), new Date("2027-06-10T09:20:00Z"));
    const hour = await db().emailMessage.count({
      where: {
        template: "call_reminder",
        params: { path: ["hours"], equals: 1 },
        toAddress: { in: [w.coalitionUser.email, w.dakar.email, w.mexican.email] },
      },
    });
    expect(hour).toBe(2);
    // Sent through SMTP, in the recipient's zone.
    const message = reminders.find((r) => r.toAddress === w.dakar.email)!;
    expect(await sendEmailMessage({ db: db(), mailer }, message.id)).toBe("sent");
    expect(await sendEmailMessage({ db: db(), mailer }, message.id)).toBe("already");
  });

  it("actions due within 3 days and overdue ones, to their owners, once each", async () => {
    const id = await schedule({ localStart: "2027-07-01T10:00", timeZone: "UTC" });
    const make = (title: string, dueOn: string) =>
      db().callAction.create({
        data: {
          callId: id,
          kind: "task",
          title,
          ownerUserId: w.dakar.id,
          dueOn: new Date(`${dueOn}T00:00:00Z`),
          createdById: w.secretariatUser.id,
        },
      });
    await make("Soon task", "2027-07-12");
    await make("Late task", "2027-07-01");
    await make("Far task", "2027-08-30");
    const now = new Date("2027-07-10T08:00:00Z");
    await sendActionReminders(db(), now);
    await sendActionReminders(db(), now);
    const sent = await db().emailMessage.findMany({
      where: { template: "action_reminder", toAddress: w.dakar.email },
    });
    expect(
      sent.map((s) => [(s.params as { title: string }).title, (s.params as { state: string }).state]).sort(),
    ).toEqual([
      ["Late task", "overdue"],
      ["Soon task", "due_soon"],
    ]);
    expect(sent.every((s) => s.timeZone === "Africa/Dakar")).toBe(true);
  });
});
