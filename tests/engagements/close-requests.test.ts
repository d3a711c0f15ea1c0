// Closing an engagement is agreed (issue 21): one side asks with the outcome, the other side or the
// secretariat confirms (the engagement closes with that outcome) or declines with a note (it stays
// active), and the side that asked may withdraw. Through the production build: forms without
// JavaScript (POST + redirect), refusals with coded errors answered as 4xx in the reader's language,
// double submissions that change nothing, audit events and the other side's email in its language.
import { beforeAll, describe, expect, it } from "vitest";
import { acceptProposal, approveProposal, confirmExpert } from "~/features/review/services/review.server";
import { answerCloseRequest, requestClose } from "~/features/engagements/services/close-requests.server";
import { secretariatDay } from "~/features/home/services/secretariat.server";
import { db, type Tx } from "~/utils/db.server";
import { AppError } from "~/utils/lifecycle";
import { send } from "../support/app";
import { createTestSession, enableTotpFor } from "../support/sessions";
import { reviewFixture } from "../review/helpers";

const tx = <T>(fn: (tx: Tx) => Promise<T>) => db().$transaction(fn);
const yes = { conflictConfirmed: true, confidentialityAccepted: true };

type Fixture = Awaited<ReturnType<typeof reviewFixture>>;
let f: Fixture;
const cookies = { secretariat: "", coalition: "", expert: "", expert2: "" };

/** A fresh active engagement between the fixture's coalition and expert, on a need of its own. */
async function newEngagement() {
  const g = await reviewFixture({ title: "Registration law review" });
  await tx((t) => approveProposal(t, g.actors.secretariat, g.p1.id));
  await tx((t) => acceptProposal(t, g.actors.expert, g.p1.id, yes));
  const { engagementId } = await tx((t) => confirmExpert(t, g.actors.coalition, g.p1.id));
  return { g, engagementId };
}

async function cookiesFor(g: Fixture) {
  await enableTotpFor(g.secretariatUser.id);
  return {
    secretariat: (await createTestSession(g.secretariatUser.id, { twoFactorVerified: true })).cookie,
    coalition: (await createTestSession(g.coalitionUser.id)).cookie,
    expert: (await createTestSession(g.expertUser.id)).cookie,
    expert2: (await createTestSession(g.expert2User.id)).cookie,
  };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, status: error.status };
    throw error;
  }
  throw new Error("expected a refusal");
}

const pending = (engagementId: string) =>
  db().engagementCloseRequest.findFirst({ where: { engagementId, status: "pending" } });

describe("closing an engagement is a request the other side confirms", () => {
  let engagementId = "";
  beforeAll(async () => {
    ({ g: f, engagementId } = await newEngagement());
    Object.assign(cookies, await cookiesFor(f));
  });

  it("the coalition asks, everyone sees it, the expert confirms and the engagement closes with that outcome", async () => {
    const path = `/engagements/${engagementId}`;
    // The request step is a confirmation page (GET), with the outcome chosen there.
    const confirmPage = await send(`${path}?confirm=close`, { cookie: cookies.coalition });
    expect(confirmPage.status).toBe(200);
    expect(confirmPage.body).toContain('data-testid="confirm-panel-close"');
    expect(confirmPage.body).toContain('name="outcome"');

    const ask = await send(path, {
      cookie: cookies.coalition,
      form: { intent: "close", outcome: "partly_achieved", note: "CLOSE-NOTE-opinion delivered" },
    });
    expect(ask.status).toBe(302);
    expect(ask.location).toContain("done=close_requested");
    const request = await pending(engagementId);
    expect(request).toMatchObject({ side: "coalition", outcome: "partly_achieved" });
    // The note is sealed at rest, like the outcome note it becomes.
    expect(request!.note).not.toContain("CLOSE-NOTE");
    expect((await db().engagement.findUniqueOrThrow({ where: { id: engagementId } })).status).toBe("active");

    // The same form again (a double submit): nothing more, no second email.
    const again = await send(path, {
      cookie: cookies.coalition,
      form: { intent: "close", outcome: "partly_achieved", note: "CLOSE-NOTE-opinion delivered" },
    });
    expect(again.status).toBe(302);
    expect(await db().engagementCloseRequest.count({ where: { engagementId } })).toBe(1);
    // The other side is emailed, each member once, in its own language; the coalition is not.
    const mails = await db().emailMessage.findMany({ where: { template: "engagement_close_requested" } });
    expect(mails.map((m) => m.userId)).toEqual([f.expertUser.id]);
    expect(JSON.stringify(mails[0]!.params)).not.toContain("CLOSE-NOTE");
    expect(
      await db().auditEvent.count({
        where: { action: "engagement.close_requested", entityId: engagementId },
      }),
    ).toBe(1);

    // "Closing requested by …" for both sides and the secretariat; the note for them only.
    for (const who of ["coalition", "expert", "secretariat"] as const) {
      const page = await send(path, { cookie: cookies[who] });
      expect(page.status, who).toBe(200);
      expect(page.body, who).toContain('data-testid="close-request"');
      expect(page.body, who).toContain("CLOSE-NOTE-opinion delivered");
    }
    const coalitionPage = (await send(path, { cookie: cookies.coalition })).body;
    expect(coalitionPage).toContain("Withdraw the request");
    expect(coalitionPage).not.toContain('data-testid="confirm-link-confirm_close"');
    const expertPage = (await send(path, { cookie: cookies.expert })).body;
    expect(expertPage).toContain('data-testid="confirm-link-confirm_close"');
    expect(expertPage).not.toContain("Withdraw the request");
    // Another expert organisation sees nothing of it.
    expect((await send(path, { cookie: cookies.expert2 })).status).toBe(404);
    // The secretariat's day counts it and links to the list filtered on it.
    const day = await secretariatDay(db(), f.actors.secretariat.viewer);
    const task = day.find((t) => t.key === "closeRequests")!;
    expect(task.count).toBe(await db().engagementCloseRequest.count({ where: { status: "pending" } }));
    expect(task.count).toBeGreaterThanOrEqual(1);
    const list = await send(task.href, { cookie: cookies.secretariat });
    expect(list.status).toBe(200);
    expect(list.body).toContain('data-testid="closing-requested"');

    // The confirmation page, then the confirmation.
    const confirmStep = await send(`${path}?confirm=confirm_close`, { cookie: cookies.expert });
    expect(confirmStep.body).toContain('data-testid="confirm-panel-confirm_close"');
    expect((await db().engagement.findUniqueOrThrow({ where: { id: engagementId } })).status).toBe("active");
    const confirm = await send(path, {
      cookie: cookies.expert,
      form: { intent: "confirm_close", requestId: request!.id },
    });
    expect(confirm.status).toBe(302);
    expect(confirm.location).toContain("done=closed");
    const closed = await db().engagement.findUniqueOrThrow({ where: { id: engagementId } });
    expect(closed).toMatchObject({
      status: "closed",
      outcome: "partly_achieved",
      closedById: f.expertUser.id,
    });
    expect((await db().need.findUniqueOrThrow({ where: { id: f.need.id } })).status).toBe("completed");
    // The request's note became the outcome note (sealed; shown on the page).
    expect((await send(path, { cookie: cookies.coalition })).body).toContain("CLOSE-NOTE-opinion delivered");
    // A double submit of the confirmation: the same answer, nothing more.
    const confirmAgain = await send(path, {
      cookie: cookies.expert,
      form: { intent: "confirm_close", requestId: request!.id },
    });
    expect(confirmAgain.status).toBe(302);
    expect(
      await db().auditEvent.count({ where: { action: "engagement.closed", entityId: engagementId } }),
    ).toBe(1);
    expect(
      await db().auditEvent.count({
        where: { action: "engagement.close_confirmed", entityId: engagementId },
      }),
    ).toBe(1);
    expect(
      await db().emailMessage.count({
        where: { template: "engagement_feedback_request", userId: f.coalitionUser.id },
      }),
    ).toBe(1);
    // Asking again on a closed engagement: refused, 409, in the reader's language.
    await db().user.update({ where: { id: f.coalitionUser.id }, data: { locale: "es" } });
    const late = await send(path, {
      cookie: cookies.coalition,
      form: { intent: "close", outcome: "achieved" },
    });
    expect(late.status).toBe(409);
    expect(late.body).toContain("Esta colaboración está cerrada");
    await db().user.update({ where: { id: f.coalitionUser.id }, data: { locale: "en" } });
  });

  it("refuses what the policy does not allow, with coded 4xx answers in the reader's language", async () => {
    const { g, engagementId: id } = await newEngagement();
    const c = await cookiesFor(g);
    const path = `/engagements/${id}`;
    // The expert asks; the expert cannot answer its own request.
    expect(
      (await send(path, { cookie: c.expert, form: { intent: "close", outcome: "not_achieved" } })).status,
    ).toBe(302);
    const request = (await pending(id))!;
    await db().user.update({ where: { id: g.expertUser.id }, data: { locale: "fr" } });
    const own = await send(path, {
      cookie: c.expert,
      form: { intent: "confirm_close", requestId: request.id },
    });
    expect(own.status).toBe(403);
    expect(own.body).toContain("Votre partie a demandé de clore cette collaboration");
    // A second request while one waits: 409.
    const second = await send(path, {
      cookie: c.coalition,
      form: { intent: "close", outcome: "achieved" },
    });
    expect(second.status).toBe(409);
    expect(second.body).toContain("already waiting for an answer");
    // The other side cannot withdraw it; an outsider is not let in at all.
    expect(
      (await send(path, { cookie: c.coalition, form: { intent: "withdraw_close", requestId: request.id } }))
        .status,
    ).toBe(403);
    expect(
      (await send(path, { cookie: c.expert2, form: { intent: "confirm_close", requestId: request.id } }))
        .status,
    ).toBe(404);
    // Declining needs a note (a field error, 400); a request id of another engagement is not found.
    // (posted from the confirmation page, whose URL the form keeps: the error shows in its panel)
    const noNote = await send(`${path}?confirm=decline_close`, {
      cookie: c.coalition,
      form: { intent: "decline_close", requestId: request.id, note: " " },
    });
    expect(noNote.status).toBe(400);
    expect(noNote.body).toContain("Say why you decline");
    expect(
      (await send(path, { cookie: c.coalition, form: { intent: "confirm_close", requestId: "nope" } }))
        .status,
    ).toBe(404);
    // Service level: the secretariat cannot ask (it is no side), the outsider is refused.
    expect(
      (await refusal(tx((t) => requestClose(t, g.actors.secretariat, id, { outcome: "achieved" })))).code,
    ).toBe("forbidden");
    expect(
      (await refusal(tx((t) => answerCloseRequest(t, g.actors.expert2, id, request.id, "confirm")))).code,
    ).toBe("forbidden");
    // A secretariat member without two-factor has no secretariat powers.
    expect(
      (
        await refusal(
          tx((t) =>
            answerCloseRequest(t, g.actors.secretariatNo2fa, id, request.id, "decline", { note: "x" }),
          ),
        )
      ).code,
    ).toBe("forbidden");
    // Nothing of the above changed anything.
    expect((await pending(id))!.id).toBe(request.id);
    expect((await db().engagement.findUniqueOrThrow({ where: { id } })).status).toBe("active");

    // The coalition declines with a note: the engagement stays active, the expert is told.
    const decline = await send(path, {
      cookie: c.coalition,
      form: { intent: "decline_close", requestId: request.id, note: "DECLINE-NOTE-one more hearing" },
    });
    expect(decline.status).toBe(302);
    expect(decline.location).toContain("done=close_declined");
    expect(await db().engagementCloseRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "declined",
      answeredById: g.coalitionUser.id,
    });
    expect((await db().engagement.findUniqueOrThrow({ where: { id } })).status).toBe("active");
    const declined = await db().emailMessage.findMany({
      where: { template: "engagement_close_declined", userId: g.expertUser.id },
    });
    expect(declined).toHaveLength(1);
    expect(declined[0]!.locale).toBe("fr");
    const expertPage = (await send(path, { cookie: c.expert })).body;
    expect(expertPage).toContain('data-testid="close-declined"');
    expect(expertPage).toContain("DECLINE-NOTE-one more hearing");
    // A double submit of the decline: nothing more. Confirming it now: 409 (it moved on).
    expect(
      (
        await send(path, {
          cookie: c.coalition,
          form: { intent: "decline_close", requestId: request.id, note: "DECLINE-NOTE-one more hearing" },
        })
      ).status,
    ).toBe(302);
    expect(await db().emailMessage.count({ where: { template: "engagement_close_declined" } })).toBe(1);
    const late = await send(path, {
      cookie: c.secretariat,
      form: { intent: "confirm_close", requestId: request.id },
    });
    expect(late.status).toBe(409);

    // The coalition asks now; it withdraws; then asks again and the secretariat confirms.
    expect(
      (await send(path, { cookie: c.coalition, form: { intent: "close", outcome: "cancelled" } })).status,
    ).toBe(302);
    const second2 = (await pending(id))!;
    const withdraw = await send(path, {
      cookie: c.coalition,
      form: { intent: "withdraw_close", requestId: second2.id },
    });
    expect(withdraw.status).toBe(302);
    expect(withdraw.location).toContain("done=close_withdrawn");
    expect(await pending(id)).toBeNull();
    expect(
      (await send(path, { cookie: c.coalition, form: { intent: "withdraw_close", requestId: second2.id } }))
        .status,
    ).toBe(302);
    expect(
      (await send(path, { cookie: c.coalition, form: { intent: "close", outcome: "cancelled" } })).status,
    ).toBe(302);
    const third = (await pending(id))!;
    const bySecretariat = await send(path, {
      cookie: c.secretariat,
      form: { intent: "confirm_close", requestId: third.id },
    });
    expect(bySecretariat.status).toBe(302);
    expect(await db().engagement.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "closed",
      outcome: "cancelled",
      closedById: g.secretariatUser.id,
    });
    expect((await db().need.findUniqueOrThrow({ where: { id: g.need.id } })).status).toBe("closed_unmet");
    const actions = (
      await db().auditEvent.findMany({
        where: { entityId: id, action: { startsWith: "engagement.close" } },
        orderBy: { id: "asc" },
        select: { action: true },
      })
    ).map((a) => a.action);
    expect(actions.sort()).toEqual(
      [
        "engagement.close_requested",
        "engagement.close_declined",
        "engagement.close_requested",
        "engagement.close_withdrawn",
        "engagement.close_requested",
        "engagement.close_confirmed",
        "engagement.closed",
      ].sort(),
    );
  });

  it("keeps one pending request when both sides ask at once", async () => {
    const { g, engagementId: id } = await newEngagement();
    const results = await Promise.allSettled([
      tx((t) => requestClose(t, g.actors.coalition, id, { outcome: "achieved" })),
      tx((t) => requestClose(t, g.actors.expert, id, { outcome: "achieved" })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "closeRequestPending", status: 409 });
    expect(await db().engagementCloseRequest.count({ where: { engagementId: id } })).toBe(1);
  });
});
