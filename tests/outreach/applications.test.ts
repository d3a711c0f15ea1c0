// Applying to join (issue 17), through the production build: the public form (no JavaScript, honeypot,
// rate limit, field errors), the secretariat's vetting (checklist, a question by email answered through
// the secret link, approval creating the organisation and inviting its contact, decline with a reason),
// every step audited, refusals leaving the database unchanged; and the re-vetting reminders.
import { beforeAll, describe, expect, it } from "vitest";
import { sendRevetReminders } from "~/features/outreach/services/applications.server";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNetwork } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

let net: Awaited<ReturnType<typeof createNetwork>>;
let secretariat = "";

const valid = {
  kind: "coalition" as const,
  organisationName: "Red Nicaragüense por el Espacio Cívico",
  countryCode: "NI",
  website: "https://example.org",
  mission: "MISSION-we-defend-the-right-to-associate",
  references: "Known to the Mexican coalition",
  contactName: "Rosa",
  contactEmail: "Rosa@Example.org",
};

beforeAll(async () => {
  net = await createNetwork();
  await enableTotpFor(net.secretariatUser.id);
  secretariat = (await createTestSession(net.secretariatUser.id, { twoFactorVerified: true })).cookie;
});

const state = async () => ({
  applications: await db().membershipApplication.findMany({ orderBy: { id: "asc" } }),
  organisations: await db().organisation.count(),
  invitations: await db().invitation.count(),
  emails: await db().emailMessage.count(),
});

describe("applying to join", () => {
  it("takes a valid application, drops a bot's silently, answers bad input with field errors and limits by IP", async () => {
    const form = await send("/apply");
    expect(form.status).toBe(200);
    expect(form.body).toMatch(/<label[^>]*>Mission/);
    expect(form.body).not.toMatch(/captcha|recaptcha|hcaptcha/i);

    let before = await state();
    const bad = await send("/apply", {
      form: { ...valid, contactEmail: "nope", mission: " " },
      ip: "10.0.0.1",
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("Enter a valid email address.");
    expect(bad.body).toContain("This is required.");
    expect(await state()).toEqual(before);

    const bot = await send("/apply", { form: { ...valid, homepage: "http://spam.example" }, ip: "10.0.0.2" });
    expect(bot.status).toBe(302);
    expect(bot.location).toBe("/apply?done=sent");
    expect(await state()).toEqual(before);

    const ok = await send("/apply", { form: valid, ip: "10.0.0.3" });
    expect(ok.status).toBe(302);
    const a = await db().membershipApplication.findFirstOrThrow({
      where: { organisationName: valid.organisationName },
    });
    expect(a).toMatchObject({ status: "pending", contactEmail: "rosa@example.org", kind: "coalition" });
    const submitted = await db().auditEvent.findFirstOrThrow({
      where: { action: "application.submitted", entityId: a.id },
    });
    expect(JSON.stringify(submitted.metadata)).not.toContain("MISSION");

    for (let i = 0; i < 5; i++)
      await send("/apply", { form: { ...valid, organisationName: `Org ${i}` }, ip: "10.0.0.9" });
    before = await state();
    const limited = await send("/apply", {
      form: { ...valid, organisationName: "One too many" },
      ip: "10.0.0.9",
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
    expect(await state()).toEqual(before);
  });

  it("is vetted by the secretariat: checklist, a question by email answered through the link, approval with invitation", async () => {
    const a = await db().membershipApplication.create({
      data: { ...valid, organisationName: "Applicant to approve", contactEmail: "approve@example.org" },
    });
    const page = await send(`/secretariat/applications/${a.id}`, { cookie: secretariat });
    expect(page.status).toBe(200);
    expect(page.body).toContain("MISSION-we-defend-the-right-to-associate");
    expect(await db().auditEvent.count({ where: { action: "application.viewed", entityId: a.id } })).toBe(1);
    const queue = await send("/secretariat/applications", { cookie: secretariat });
    expect(queue.body).toContain("Applicant to approve");

    // Approving before the checklist is done: refused, nothing created.
    let before = await state();
    const early = await send(`/secretariat/applications/${a.id}`, {
      cookie: secretariat,
      form: { intent: "approve" },
    });
    expect(early.status).toBe(400);
    expect(early.body).toContain("Complete the checklist before approving.");
    expect(await state()).toEqual(before);

    // A question by email; the applicant answers through the secret link.
    const asked = await send(`/secretariat/applications/${a.id}`, {
      cookie: secretariat,
      form: { intent: "ask", question: "Who in the network knows your work?" },
    });
    expect(asked.status).toBe(302);
    const email = await db().emailMessage.findFirstOrThrow({
      where: { template: "application_question", toAddress: "approve@example.org" },
    });
    const answerUrl = String((email.params as Record<string, unknown>).answerUrl);
    const path = new URL(answerUrl).pathname;
    const answerPage = await send(path);
    expect(answerPage.status).toBe(200);
    expect(answerPage.body).toContain("Who in the network knows your work?");
    const answered = await send(path, { form: { answer: "The Mexican coalition, since 2021." } });
    expect(answered.status).toBe(302);
    expect((await db().membershipApplication.findUniqueOrThrow({ where: { id: a.id } })).status).toBe(
      "pending",
    );
    // The link is single-purpose: a second answer is refused.
    expect((await send(path, { form: { answer: "again" } })).status).toBe(409);

    const checked = await send(`/secretariat/applications/${a.id}`, {
      cookie: secretariat,
      form: {
        intent: "checklist",
        checkMission: "on",
        checkReferences: "on",
        checkRisk: "on",
        checkConflicts: "on",
        riskNote: "Repressed country: contact by Signal only.",
      },
    });
    expect(checked.status).toBe(302);
    const approved = await send(`/secretariat/applications/${a.id}`, {
      cookie: secretariat,
      form: { intent: "approve" },
    });
    expect(approved.status).toBe(302);
    const done = await db().membershipApplication.findUniqueOrThrow({ where: { id: a.id } });
    expect(done).toMatchObject({
      status: "approved",
      decidedById: net.secretariatUser.id,
      answerTokenHash: null,
    });
    const org = await db().organisation.findUniqueOrThrow({ where: { id: done.organisationId! } });
    expect(org).toMatchObject({
      kind: "COALITION",
      vettingLevel: "verified",
      vettedById: net.secretariatUser.id,
    });
    expect(org.revetDueAt!.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    const invitation = await db().invitation.findFirstOrThrow({ where: { organisationId: org.id } });
    expect(invitation).toMatchObject({ email: "approve@example.org", role: "admin" });
    expect(
      await db().emailMessage.count({ where: { template: "invitation", toAddress: "approve@example.org" } }),
    ).toBe(1);
    for (const action of [
      "application.checklist_updated",
      "application.question_asked",
      "application.answered",
      "application.approved",
    ])
      expect(await db().auditEvent.count({ where: { action, entityId: a.id } }), action).toBe(1);

    // Decided: no second decision.
    before = await state();
    const again = await send(`/secretariat/applications/${a.id}`, {
      cookie: secretariat,
      form: { intent: "decline", reason: "late" },
    });
    expect(again.status).toBe(409);
    expect(await state()).toEqual(before);
  });

  it("is declined with a reason the applicant receives", async () => {
    const a = await db().membershipApplication.create({
      data: { ...valid, organisationName: "Applicant to decline", contactEmail: "decline@example.org" },
    });
    const noReason = await send(`/secretariat/applications/${a.id}`, {
      cookie: secretariat,
      form: { intent: "decline", reason: " " },
    });
    expect(noReason.status).toBe(400);
    const declined = await send(`/secretariat/applications/${a.id}`, {
      cookie: secretariat,
      form: { intent: "decline", reason: "Outside the network's scope." },
    });
    expect(declined.status).toBe(302);
    expect(await db().membershipApplication.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
      status: "declined",
      decisionReason: "Outside the network's scope.",
    });
    const email = await db().emailMessage.findFirstOrThrow({
      where: { template: "application_declined", toAddress: "decline@example.org" },
    });
    expect(JSON.stringify(email.params)).toContain("Outside the network");
  });

  it("reminds the secretariat once when an organisation is due for vetting again", async () => {
    await db().organisation.update({
      where: { id: net.expert.id },
      data: { revetDueAt: new Date(Date.now() - 1000) },
    });
    expect((await sendRevetReminders(db())).reminded).toBe(1);
    expect((await sendRevetReminders(db())).reminded).toBe(0);
    expect(
      await db().emailMessage.count({
        where: { template: "organisation_revet_due", userId: net.secretariatUser.id },
      }),
    ).toBe(1);
    const queue = await send("/secretariat/applications", { cookie: secretariat });
    expect(queue.body).toContain(net.expert.name);
  });
});
