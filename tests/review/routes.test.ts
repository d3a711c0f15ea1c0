// The review, proposal, coalition and engagement pages through the production build: forms without
// JavaScript (POST + redirect), refusals as 409 with a translated message, staged disclosure, feedback
// for the secretariat only, the insight dashboard and its CSV exports, in en/es/fr.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createTestSession, enableTotpFor } from "../support/sessions";
import { reviewFixture } from "./helpers";

let f: Awaited<ReturnType<typeof reviewFixture>>;
const cookies: Record<"secretariat" | "coalition" | "expert" | "expert2", string> = {
  secretariat: "",
  coalition: "",
  expert: "",
  expert2: "",
};

beforeAll(async () => {
  f = await reviewFixture({
    anonymised: true,
    title: "Registration law review",
    summary: "SUMMARY-registration-law",
    // The coalition shares its contacts with the expert it accepts (issue 16: not shared by default).
    shareContacts: true,
  });
  await enableTotpFor(f.secretariatUser.id);
  cookies.secretariat = (await createTestSession(f.secretariatUser.id, { twoFactorVerified: true })).cookie;
  cookies.coalition = (await createTestSession(f.coalitionUser.id)).cookie;
  cookies.expert = (await createTestSession(f.expertUser.id)).cookie;
  cookies.expert2 = (await createTestSession(f.expert2User.id)).cookie;
});

const DETAILS = "Confidential: names of the lawyers involved";

describe("review, proposals and engagements through the app", () => {
  it("runs the whole lifecycle with forms, refusing illegal and repeated submissions", async () => {
    // The secretariat's queue: the need and both candidates side by side with their numbers.
    const queue = await send("/secretariat/review", { cookie: cookies.secretariat });
    expect(queue.status).toBe(200);
    expect(queue.body).toContain("Registration law review");
    expect(queue.body).toContain("Second Expert Org");
    expect(queue.body).toContain("Fairness penalty");

    // Reject without a reason: 400, nothing changed.
    const noReason = await send("/secretariat/review", {
      cookie: cookies.secretariat,
      form: { intent: "reject", proposalId: f.p2.id, reason: " " },
    });
    expect(noReason.status).toBe(400);
    expect((await db().proposal.findUniqueOrThrow({ where: { id: f.p2.id } })).status).toBe("proposed");

    // Bulk approval of both candidates, then the same form again: refused with a translated 409.
    const bulk = await send("/secretariat/review", {
      cookie: cookies.secretariat,
      form: { intent: "bulk_approve", proposalIds: [f.p1.id, f.p2.id] },
    });
    expect(bulk.status).toBe(302);
    expect(bulk.location).toContain("done=bulk_approved");
    const again = await send("/secretariat/review", {
      cookie: cookies.secretariat,
      form: { intent: "approve", proposalId: f.p1.id },
    });
    expect(again.status).toBe(409);
    expect(again.body).toContain("already moved on");
    expect(
      await db().auditEvent.count({ where: { action: "proposal.approved", actorId: f.secretariatUser.id } }),
    ).toBe(2);

    // The expert before accepting: summary and country only, no details, no coalition name (anonymised).
    const before = await send(`/proposals/${f.p1.id}`, { cookie: cookies.expert });
    expect(before.status).toBe(200);
    expect(before.body).toContain("SUMMARY-registration-law");
    expect(before.body).toContain("A coalition in Mexico");
    expect(before.body).not.toContain(DETAILS);
    expect(before.body).not.toContain(f.coalition.name);
    expect(before.body).not.toContain(f.coalitionUser.email);
    // Another expert organisation cannot open it; the list shows the expert's own proposals only.
    expect((await send(`/proposals/${f.p1.id}`, { cookie: cookies.expert2 })).status).toBe(404);
    const list = await send("/proposals", { cookie: cookies.expert });
    expect(list.status).toBe(200);
    expect(list.body).toContain(`/proposals/${f.p1.id}`);
    expect(list.body).not.toContain(`/proposals/${f.p2.id}`);

    // Accepting needs both undertakings.
    const missing = await send(`/proposals/${f.p1.id}`, {
      cookie: cookies.expert,
      form: { intent: "accept", conflictConfirmed: "on" },
    });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain("Accept the confidentiality undertaking");
    const accepted = await send(`/proposals/${f.p1.id}`, {
      cookie: cookies.expert,
      form: { intent: "accept", conflictConfirmed: "on", confidentialityAccepted: "on" },
    });
    expect(accepted.status).toBe(302);
    const after = await send(`/proposals/${f.p1.id}`, { cookie: cookies.expert });
    expect(after.body).toContain(DETAILS);
    expect(after.body).toContain(f.coalitionUser.email);
    expect(
      await db().auditEvent.count({
        where: { action: "need.details_viewed", actorId: f.expertUser.id, entityId: f.need.id },
      }),
    ).toBeGreaterThan(0);
    const declineLate = await send(`/proposals/${f.p1.id}`, {
      cookie: cookies.expert,
      form: { intent: "decline", reason: "changed our mind" },
    });
    expect(declineLate.status).toBe(409);

    // The coalition confirms the expert: the engagement starts, the competing proposal is closed.
    const experts = await send(`/needs/${f.need.id}/experts`, { cookie: cookies.coalition });
    expect(experts.status).toBe(200);
    expect(experts.body).toContain(f.expert.name);
    expect((await send(`/needs/${f.need.id}/experts`, { cookie: cookies.expert })).status).toBe(404);
    const confirm = await send(`/needs/${f.need.id}/experts`, {
      cookie: cookies.coalition,
      form: { intent: "confirm", proposalId: f.p1.id },
    });
    expect(confirm.status).toBe(302);
    const engagement = await db().engagement.findFirstOrThrow({ where: { proposalId: f.p1.id } });
    expect(confirm.location).toContain(`/engagements/${engagement.id}`);
    expect((await db().proposal.findUniqueOrThrow({ where: { id: f.p2.id } })).status).toBe("closed");
    // The other expert, who had seen the approved proposal, reads a polite closing note.
    const closedPage = await send(`/proposals/${f.p2.id}`, { cookie: cookies.expert2 });
    expect(closedPage.status).toBe(200);
    expect(closedPage.body).toContain("The coalition has confirmed another expert");
    expect(closedPage.body).not.toContain(DETAILS);
    const confirmAgain = await send(`/needs/${f.need.id}/experts`, {
      cookie: cookies.coalition,
      form: { intent: "confirm", proposalId: f.p1.id },
    });
    expect(confirmAgain.status).toBe(409);
    expect(await db().engagement.count({ where: { needId: f.need.id } })).toBe(1);

    // The workspace: both sides see details and contacts; outsiders do not.
    const ws = await send(`/engagements/${engagement.id}`, { cookie: cookies.expert });
    expect(ws.status).toBe(200);
    expect(ws.body).toContain(DETAILS);
    expect(ws.body).toContain(f.coalitionUser.email);
    expect((await send(`/engagements/${engagement.id}`, { cookie: cookies.expert2 })).status).toBe(404);
    const update = await send(`/engagements/${engagement.id}`, {
      cookie: cookies.expert,
      form: { intent: "update", body: "Kick-off held", hours: "2,5", milestone: "Kick-off" },
    });
    expect(update.status).toBe(302);
    expect(
      (await db().engagementUpdate.findFirstOrThrow({ where: { engagementId: engagement.id } })).hours,
    ).toBe(2.5);
    const problem = await send(`/engagements/${engagement.id}`, {
      cookie: cookies.coalition,
      form: { intent: "problem", body: "No news for a while" },
    });
    expect(problem.status).toBe(302);
    expect(await db().emailMessage.count({ where: { template: "engagement_problem" } })).toBeGreaterThan(0);
    const badHours = await send(`/engagements/${engagement.id}`, {
      cookie: cookies.expert,
      form: { intent: "update", body: "x", hours: "lots" },
    });
    expect(badHours.status).toBe(400);
    // Closing is agreed (issue 21): the coalition asks, the expert confirms.
    const close = await send(`/engagements/${engagement.id}`, {
      cookie: cookies.coalition,
      form: { intent: "close", outcome: "achieved", note: "Done" },
    });
    expect(close.status).toBe(302);
    expect((await db().need.findUniqueOrThrow({ where: { id: f.need.id } })).status).toBe("engaged");
    const request = await db().engagementCloseRequest.findFirstOrThrow({
      where: { engagementId: engagement.id, status: "pending" },
    });
    const confirmClose = await send(`/engagements/${engagement.id}`, {
      cookie: cookies.expert,
      form: { intent: "confirm_close", requestId: request.id },
    });
    expect(confirmClose.status).toBe(302);
    expect((await db().need.findUniqueOrThrow({ where: { id: f.need.id } })).status).toBe("completed");
    expect(
      (
        await send(`/engagements/${engagement.id}`, {
          cookie: cookies.expert,
          form: { intent: "close", outcome: "achieved" },
        })
      ).status,
    ).toBe(409);
    const fb = await send(`/engagements/${engagement.id}`, {
      cookie: cookies.coalition,
      form: { intent: "feedback", rating: "5", comment: "FEEDBACK-COALITION-COMMENT" },
    });
    expect(fb.status).toBe(302);
    expect(
      (
        await send(`/engagements/${engagement.id}`, {
          cookie: cookies.coalition,
          form: { intent: "feedback", rating: "4" },
        })
      ).status,
    ).toBe(409);

    // The list asks the side that has not answered yet for its feedback.
    expect((await send("/engagements", { cookie: cookies.expert })).body).toContain("Your feedback, please");
    expect((await send("/engagements", { cookie: cookies.coalition })).body).not.toContain(
      "Your feedback, please",
    );
    // Feedback is read by the secretariat only.
    expect((await send(`/engagements/${engagement.id}`, { cookie: cookies.secretariat })).body).toContain(
      "FEEDBACK-COALITION-COMMENT",
    );
    expect((await send(`/engagements/${engagement.id}`, { cookie: cookies.expert })).body).not.toContain(
      "FEEDBACK-COALITION-COMMENT",
    );
    expect((await send(`/engagements/${engagement.id}`, { cookie: cookies.coalition })).body).not.toContain(
      "FEEDBACK-COALITION-COMMENT",
    );
  });

  it("lets the secretariat propose an expert by hand from an offer search", async () => {
    const g = await reviewFixture();
    await enableTotpFor(g.secretariatUser.id);
    const cookie = (await createTestSession(g.secretariatUser.id, { twoFactorVerified: true })).cookie;
    const { createOffer } = await import("../support/factories");
    const extra = await createOffer({
      organisationId: g.expert2.id,
      createdById: g.expert2User.id,
      title: "Litigation support for CSOs",
    });
    const search = await send(`/secretariat/review?proposeFor=${g.need.id}&q=litigation`, { cookie });
    expect(search.status).toBe(200);
    expect(search.body).toContain("Litigation support for CSOs");
    const proposed = await send(`/secretariat/review?proposeFor=${g.need.id}`, {
      cookie,
      form: { intent: "propose", needId: g.need.id, offerId: extra.id, approve: "on" },
    });
    expect(proposed.status).toBe(302);
    const p = await db().proposal.findUniqueOrThrow({
      where: { needId_offerId: { needId: g.need.id, offerId: extra.id } },
    });
    expect(p).toMatchObject({ source: "secretariat", status: "approved" });
    const twice = await send(`/secretariat/review`, {
      cookie,
      form: { intent: "propose", needId: g.need.id, offerId: extra.id },
    });
    expect(twice.status).toBe(409);
    // Other roles are refused by the guard, whatever they post.
    const asExpert = await send(`/secretariat/review`, {
      cookie: cookies.expert,
      form: { intent: "approve", proposalId: g.p1.id },
    });
    expect(asExpert.status).toBe(403);
    expect((await db().proposal.findUniqueOrThrow({ where: { id: g.p1.id } })).status).toBe("proposed");
  });

  it("serves the insight dashboard and CSV exports with translated headers", async () => {
    const page = await send("/secretariat/insight?period=all&by=region", { cookie: cookies.secretariat });
    expect(page.status).toBe(200);
    expect(page.body).toContain("Gap map");
    expect(page.body).toContain("/secretariat/insight/export/gap.csv?period=all");
    const csv = await send("/secretariat/insight/export/gap.csv?period=all", { cookie: cookies.secretariat });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.body.split("\n")[0]).toContain("Open needs");
    for (const table of ["regions", "flow", "load", "outcomes"]) {
      expect(
        (await send(`/secretariat/insight/export/${table}.csv`, { cookie: cookies.secretariat })).status,
      ).toBe(200);
    }
    await db().user.update({ where: { id: f.secretariatUser.id }, data: { locale: "es" } });
    const es = await send("/secretariat/insight/export/flow.csv", { cookie: cookies.secretariat });
    expect(es.body.split("\n")[0]).toContain("Tasa de cumplimiento");
    expect((await send("/secretariat/review", { cookie: cookies.secretariat })).body).toContain(
      "Revisar emparejamientos propuestos",
    );
    await db().user.update({ where: { id: f.secretariatUser.id }, data: { locale: "fr" } });
    expect((await send("/secretariat/insight", { cookie: cookies.secretariat })).body).toContain(
      "Carte des manques",
    );
    await db().user.update({ where: { id: f.secretariatUser.id }, data: { locale: "en" } });
    expect(
      (await send("/secretariat/insight/export/secrets.csv", { cookie: cookies.secretariat })).status,
    ).toBe(404);
    expect((await send("/secretariat/insight", { cookie: cookies.coalition })).status).toBe(403);
  });
});
