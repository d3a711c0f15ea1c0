// A call invitation goes out through real SMTP with the call's calendar file attached; the file and the
// mail carry the country, the time and a link back, never the agenda or the notes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleCall, setCallStatus } from "~/features/coordination/services/calls.server";
import { closeCommitPool } from "~/features/email/services/commit-marker.server";
import { createMailer, type Mailer } from "~/features/email/services/mailer.server";
import { sendEmailMessage } from "~/features/email/services/send-email.server";
import { db } from "~/utils/db.server";
import { createNetwork } from "../support/factories";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { localInDays } from "./support";

let smtp: TestSmtpServer;
let mailer: Mailer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, from: "Puente <no-reply@puente.test>" });
});
afterAll(async () => {
  mailer.close();
  await closeCommitPool();
  await smtp.close();
});

describe("call invitation email", () => {
  it("arrives with the .ics attached (UTC start, link back, no agenda note)", async () => {
    const n = await createNetwork();
    const call = await db().$transaction((tx) =>
      scheduleCall(
        tx,
        { userId: n.secretariatUser.id },
        {
          countryCode: "MX",
          title: "Mexico monthly",
          localStart: localInDays(10, 10),
          timeZone: "America/Mexico_City",
          durationMinutes: 60,
          invitees: [n.coalition.id],
          agendaNote: "PRIVATE-AGENDA-NOTE",
        },
      ),
    );
    const message = await db().emailMessage.findFirstOrThrow({
      where: { template: "call_invitation", toAddress: n.coalitionUser.email },
    });
    expect(await sendEmailMessage({ db: db(), mailer }, message.id)).toBe("sent");
    const [mail] = await smtp.waitFor(1);
    const ics = mail.parsed.attachments.find((a) => a.filename === "puente-call.ics");
    expect(ics, "calendar attachment").toBeDefined();
    const body = ics!.content.toString("utf8");
    expect(body).toContain("BEGIN:VCALENDAR");
    expect(body).toContain(
      `DTSTART:${call.startsAt
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "")}`,
    );
    expect(body).toContain(`/calls/${call.id}`);
    expect(body).not.toContain("PRIVATE-AGENDA-NOTE");
    expect(mail.raw.toString()).not.toContain("PRIVATE-AGENDA-NOTE");
  });

  it("a cancellation reaches the same people, once, with a calendar file that removes the event", async () => {
    const n = await createNetwork();
    const call = await db().$transaction((tx) =>
      scheduleCall(
        tx,
        { userId: n.secretariatUser.id },
        {
          countryCode: "MX",
          title: "Mexico monthly",
          localStart: localInDays(12, 10),
          timeZone: "America/Mexico_City",
          durationMinutes: 60,
          invitees: [n.coalition.id, n.expert.id],
          agendaNote: "",
        },
      ),
    );
    const invited = await db().emailMessage.findMany({
      where: { template: "call_invitation", dedupeKey: { startsWith: `call_invitation:${call.id}:` } },
      select: { toAddress: true },
    });
    await db().$transaction((tx) => setCallStatus(tx, { userId: n.secretariatUser.id }, call.id, "cancel"));
    // A second cancel is refused (the call is no longer scheduled) and queues nothing more.
    await expect(
      db().$transaction((tx) => setCallStatus(tx, { userId: n.secretariatUser.id }, call.id, "cancel")),
    ).rejects.toMatchObject({
      init: { status: 409 },
    });
    const cancelled = await db().emailMessage.findMany({
      where: { template: "call_cancelled", dedupeKey: { startsWith: `call_cancelled:${call.id}:` } },
    });
    expect(cancelled.map((m) => m.toAddress).sort()).toEqual(invited.map((m) => m.toAddress).sort());
    const event = await db().auditEvent.findFirstOrThrow({
      where: { action: "call.cancelled", entityId: call.id },
    });
    expect(event.metadata).toEqual({ emails: cancelled.length });

    const message = cancelled.find((m) => m.toAddress === n.coalitionUser.email)!;
    smtp.clear();
    expect(await sendEmailMessage({ db: db(), mailer }, message.id)).toBe("sent");
    const [mail] = await smtp.waitFor(1);
    // The subject names the call (its title since the call emails were reworked for issue 20).
    expect(mail!.parsed.subject).toBe("Cancelled: Mexico monthly");
    const ics = mail!.parsed.attachments.find((a) => a.filename === "puente-call.ics")!;
    const body = ics.content.toString("utf8");
    expect(body).toContain("METHOD:CANCEL");
    expect(body).toContain("STATUS:CANCELLED");
    expect(body).toContain(`UID:call-${call.id}@`);
    expect(body).toContain("SEQUENCE:1");
    expect(ics.contentType).toContain("text/calendar");
  });
});
