import { describe, expect, it } from "vitest";
import { AppError } from "~/utils/lifecycle";
import {
  answerAndResubmitNeed,
  askForInformation,
  declineNeed,
  openNeed,
} from "~/features/needs/services/need-lifecycle.server";
import { triageQueue } from "~/features/triage/services/triage-queue.server";
import { db } from "~/utils/db.server";
import { createNeed, createNetwork, createUser } from "../support/factories";

async function setup(urgency: "critical" | "high" | "normal" | "low" = "normal") {
  const n = await createNetwork();
  const colleague = await createUser({ locale: "fr" }, { organisationId: n.coalition.id });
  const need = await createNeed({
    organisationId: n.coalition.id,
    createdById: n.coalitionUser.id,
    status: "submitted",
    urgency,
    openedAt: null,
    details: "SECRET-DETAILS the names of our lawyers",
    outcomeWanted: "SECRET-OUTCOME",
  });
  return { ...n, colleague, need };
}

async function emailsFor(needId: string) {
  const emails = await db().emailMessage.findMany({
    where: { template: "need_triaged" },
    orderBy: { toAddress: "asc" },
  });
  return emails.filter((e) => JSON.stringify(e.params).includes(needId));
}

function expectNoConfidentialText(value: unknown) {
  const text = JSON.stringify(value);
  expect(text).not.toContain("SECRET");
}

describe("triage outcomes", () => {
  it("open: the need goes on the board, to the matcher, and the coalition's members are told", async () => {
    const s = await setup("high");
    await db().$transaction((tx) => openNeed(tx, { userId: s.secretariatUser.id }, s.need.id));
    const need = await db().need.findUniqueOrThrow({ where: { id: s.need.id } });
    expect(need).toMatchObject({ status: "open", triagedBy: s.secretariatUser.id });
    expect(need.openedAt).toBeInstanceOf(Date);
    const outbox = await db().outboxEvent.findMany({ orderBy: { id: "asc" } });
    expect(outbox.filter((o) => o.name === "matching.need")).toMatchObject([
      { payload: { needId: s.need.id }, dedupeKey: s.need.id },
    ]);
    expect(outbox.filter((o) => o.name === "search.index")).toHaveLength(1);
    expect(outbox.filter((o) => o.name === "digest.urgent")).toHaveLength(0);
    const emails = await emailsFor(s.need.id);
    expect(emails.map((e) => e.userId).sort()).toEqual([s.coalitionUser.id, s.colleague.id].sort());
    expect(emails.find((e) => e.userId === s.colleague.id)?.locale).toBe("fr");
    expect(emails[0].params).toMatchObject({
      outcome: "open",
      needUrl: expect.stringContaining(`/needs/${s.need.id}`),
    });
    expect(outbox.filter((o) => o.name === "email.send")).toHaveLength(2);
    emails.forEach((e) => expectNoConfidentialText(e.params));
    outbox.forEach((o) => expectNoConfidentialText(o.payload));
    expect(
      await db().auditEvent.count({
        where: { entityId: s.need.id, action: "need.open", actorId: s.secretariatUser.id },
      }),
    ).toBe(1);
  });

  it("open: a critical need alerts fitting experts at once", async () => {
    const s = await setup("critical");
    await db().$transaction((tx) => openNeed(tx, { userId: s.secretariatUser.id }, s.need.id));
    expect(
      await db().outboxEvent.count({
        where: { name: "digest.urgent", payload: { equals: { needId: s.need.id } } },
      }),
    ).toBe(1);
  });

  it("ask for information: the coalition sees the question, answers and resubmits", async () => {
    const s = await setup();
    await db().$transaction((tx) =>
      askForInformation(tx, { userId: s.secretariatUser.id }, s.need.id, "Which article of the law?"),
    );
    expect((await db().need.findUniqueOrThrow({ where: { id: s.need.id } })).status).toBe("needs_info");
    const emails = await emailsFor(s.need.id);
    expect(emails).toHaveLength(2);
    expect(emails[0].params).toMatchObject({ outcome: "needs_info" });
    emails.forEach((e) => expect(JSON.stringify(e.params)).not.toContain("Which article"));

    await db().$transaction((tx) =>
      answerAndResubmitNeed(tx, { userId: s.coalitionUser.id }, s.need.id, "Article 12"),
    );
    const need = await db().need.findUniqueOrThrow({
      where: { id: s.need.id },
      include: { triageMessages: { orderBy: { createdAt: "asc" } } },
    });
    expect(need.status).toBe("submitted");
    expect(need.triageMessages.map((m) => [m.kind, m.body])).toEqual([
      ["question", "Which article of the law?"],
      ["answer", "Article 12"],
    ]);
    // The answered need is back in the queue.
    expect((await triageQueue(db())).needs.map((x) => x.id)).toContain(s.need.id);
  });

  it("decline: records the reason and referral, tells the coalition, leaves the queue", async () => {
    const s = await setup();
    await db().$transaction((tx) =>
      declineNeed(tx, { userId: s.secretariatUser.id }, s.need.id, {
        reason: "Outside our network's scope",
        referral: "Try the regional bar association",
      }),
    );
    const need = await db().need.findUniqueOrThrow({ where: { id: s.need.id } });
    expect(need).toMatchObject({
      status: "declined",
      declineReason: "Outside our network's scope",
      referral: "Try the regional bar association",
    });
    expect(need.closedAt).toBeInstanceOf(Date);
    const emails = await emailsFor(s.need.id);
    expect(emails[0].params).toMatchObject({ outcome: "declined" });
    emails.forEach((e) => expectNoConfidentialText(e.params));
    expect((await triageQueue(db())).needs.map((x) => x.id)).not.toContain(s.need.id);
    expect(await db().outboxEvent.count({ where: { name: "matching.need", dedupeKey: s.need.id } })).toBe(0);
  });

  it("a decision on a need no longer submitted is refused and changes nothing", async () => {
    const s = await setup();
    await db().$transaction((tx) => openNeed(tx, { userId: s.secretariatUser.id }, s.need.id));
    const emailsBefore = await db().emailMessage.count();
    await expect(
      db().$transaction((tx) =>
        declineNeed(tx, { userId: s.secretariatUser.id }, s.need.id, { reason: "late" }),
      ),
    ).rejects.toBeInstanceOf(AppError);
    await expect(
      db().$transaction((tx) => askForInformation(tx, { userId: s.secretariatUser.id }, s.need.id, "?")),
    ).rejects.toBeInstanceOf(AppError);
    expect((await db().need.findUniqueOrThrow({ where: { id: s.need.id } })).status).toBe("open");
    expect(await db().emailMessage.count()).toBe(emailsBefore);
    expect(await db().triageMessage.count({ where: { needId: s.need.id, kind: "question" } })).toBe(0);
  });

  it("orders the queue most urgent first, then oldest first, and shows only submitted needs", async () => {
    const n = await createNetwork();
    const mk = (
      urgency: "critical" | "high" | "normal" | "low",
      daysAgo: number,
      status: "submitted" | "draft" | "open" = "submitted",
    ) =>
      createNeed({
        organisationId: n.coalition.id,
        createdById: n.coalitionUser.id,
        status,
        urgency,
        submittedAt: new Date(Date.now() - daysAgo * 86_400_000),
      });
    const lowOld = await mk("low", 30);
    const normalNew = await mk("normal", 1);
    const normalOld = await mk("normal", 10);
    const critical = await mk("critical", 0);
    await mk("critical", 5, "draft");
    await mk("critical", 5, "open");
    // Earlier tests left submitted needs of other coalitions in this database.
    await db().need.updateMany({
      where: { organisationId: { not: n.coalition.id }, status: "submitted" },
      data: { status: "withdrawn" },
    });
    const queue = await triageQueue(db());
    expect(queue.total).toBe(4);
    expect(queue.needs.map((x) => x.id)).toEqual([critical.id, normalOld.id, normalNew.id, lowOld.id]);
  });
});
