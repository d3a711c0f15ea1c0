import { afterEach, describe, expect, it } from "vitest";
import {
  addEngagementUpdate,
  detectStalledEngagements,
} from "~/features/engagements/services/engagements.server";
import { expireProposals, sendProposalReminders } from "~/features/review/services/review.server";
import { db } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";
import { createEngagement } from "../support/factories";
import { startWorker, waitFor, type WorkerProcess } from "../support/processes";
import { reviewFixture } from "../review/helpers";

const DAY = 86_400_000;
const ago = (days: number, from = new Date()) => new Date(from.getTime() - days * DAY);

async function engagedFixture(lastActivityDaysAgo: number) {
  const f = await reviewFixture({ status: "engaged" });
  await db().proposal.update({ where: { id: f.p1.id }, data: { status: "confirmed" } });
  const engagement = await createEngagement({
    needId: f.need.id,
    offerId: f.offer1.id,
    proposalId: f.p1.id,
    expertOrganisationId: f.expert.id,
    coalitionOrganisationId: f.coalition.id,
    startedAt: ago(lastActivityDaysAgo + 5),
    lastActivityAt: ago(lastActivityDaysAgo),
  });
  return { ...f, engagement };
}

let worker: WorkerProcess | undefined;
afterEach(async () => {
  if (worker && worker.child.exitCode === null) {
    worker.child.kill("SIGKILL");
    await worker.exited;
  }
  worker = undefined;
});

describe("stall detection", () => {
  it("flags an engagement without updates for N days once, tells the secretariat once, and clears on a new update", async () => {
    const f = await engagedFixture(22);
    const fresh = await engagedFixture(3);
    const now = new Date();
    expect(await detectStalledEngagements(db(), 21, now)).toEqual({ stalled: 1 });
    const e = await db().engagement.findUniqueOrThrow({ where: { id: f.engagement.id } });
    expect(e.stalledAt?.toISOString()).toBe(now.toISOString());
    expect(
      (await db().engagement.findUniqueOrThrow({ where: { id: fresh.engagement.id } })).stalledAt,
    ).toBeNull();
    // Both fixtures' secretariat users are secretariat members: everyone in the secretariat is told.
    const stalledMails = await db().emailMessage.findMany({ where: { template: "engagement_stalled" } });
    expect(stalledMails.map((m) => m.userId).sort()).toEqual(
      [f.secretariatUser.id, fresh.secretariatUser.id].sort(),
    );
    expect(stalledMails[0].params).toMatchObject({
      days: 21,
      engagementUrl: expect.stringContaining(`/engagements/${f.engagement.id}`),
    });
    expect(JSON.stringify(stalledMails[0].params)).not.toContain("Confidential");

    // Running again (a retry, or the next hour) sends nothing more.
    expect(await detectStalledEngagements(db(), 21, new Date(now.getTime() + 3600_000))).toEqual({
      stalled: 0,
    });
    expect(await db().emailMessage.count({ where: { template: "engagement_stalled" } })).toBe(2);

    await db().$transaction((tx) =>
      addEngagementUpdate(tx, f.actors.expert, f.engagement.id, {
        kind: "progress",
        body: "Back on track",
        hours: 1,
      }),
    );
    expect(
      (await db().engagement.findUniqueOrThrow({ where: { id: f.engagement.id } })).stalledAt,
    ).toBeNull();
    expect(await detectStalledEngagements(db(), 21)).toEqual({ stalled: 0 });
    expect(
      await db().auditEvent.count({ where: { action: "engagement.stalled", entityId: f.engagement.id } }),
    ).toBe(1);
  });
});

describe("proposal reminders and expiry", () => {
  it("reminds an unanswered expert once after the offer's response time, and expires the proposal later", async () => {
    const f = await reviewFixture();
    const now = new Date();
    // offer1 answers within 3 days, offer2 within 5; both approved 4 days ago.
    await db().proposal.updateMany({
      where: { id: { in: [f.p1.id, f.p2.id] } },
      data: { status: "approved", reviewedAt: ago(4, now), expiresAt: ago(-10, now) },
    });
    expect(await sendProposalReminders(db(), now)).toEqual({ reminded: 1 });
    expect(
      (await db().proposal.findUniqueOrThrow({ where: { id: f.p1.id } })).remindedAt?.toISOString(),
    ).toBe(now.toISOString());
    expect((await db().proposal.findUniqueOrThrow({ where: { id: f.p2.id } })).remindedAt).toBeNull();
    expect(
      await db().emailMessage.count({ where: { template: "proposal_reminder", userId: f.expertUser.id } }),
    ).toBe(1);
    expect(await sendProposalReminders(db(), new Date(now.getTime() + 3600_000))).toEqual({ reminded: 0 });
    expect(await db().emailMessage.count({ where: { template: "proposal_reminder" } })).toBe(1);

    // Not yet expired at 14 days…
    expect(await expireProposals(db(), 14, now)).toEqual({ expired: 0 });
    // …but 11 days later they are.
    const later = new Date(now.getTime() + 11 * DAY);
    expect(await expireProposals(db(), 14, later)).toEqual({ expired: 2 });
    const statuses = await db().proposal.findMany({ where: { needId: f.need.id }, select: { status: true } });
    expect(statuses.map((s) => s.status)).toEqual(["expired", "expired"]);
    expect(
      await db().emailMessage.count({
        where: { template: "proposal_expired", userId: f.secretariatUser.id },
      }),
    ).toBe(2);
    // Nothing left in play: the need goes back to the matcher.
    expect((await db().need.findUniqueOrThrow({ where: { id: f.need.id } })).status).toBe("open");
    expect(await expireProposals(db(), 14, later)).toEqual({ expired: 0 });
    expect(await sendProposalReminders(db(), later)).toEqual({ reminded: 0 });
  });
});

describe("maintenance jobs through the real worker", () => {
  it("runs maintenance.stalls and maintenance.proposals with the configured periods", async () => {
    const stalled = await engagedFixture(6);
    const f = await reviewFixture();
    await db().proposal.update({ where: { id: f.p1.id }, data: { status: "approved", reviewedAt: ago(4) } });
    await db().proposal.update({ where: { id: f.p2.id }, data: { status: "approved", reviewedAt: ago(9) } });

    worker = startWorker({ ENGAGEMENT_STALL_DAYS: "5", PROPOSAL_EXPIRY_DAYS: "8" });
    await waitFor(() => worker!.output().includes("worker started"), 60_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${worker!.output()}`);
    });
    await db().$transaction(async (tx) => {
      await enqueue(tx, "maintenance.stalls", {});
      await enqueue(tx, "maintenance.proposals", {});
    });
    await waitFor(
      async () =>
        (await db().engagement.findUniqueOrThrow({ where: { id: stalled.engagement.id } })).stalledAt,
      20_000,
    ).catch((e) => {
      throw new Error(`${(e as Error).message}\n${worker!.output()}`);
    });
    await waitFor(
      async () => (await db().proposal.findUniqueOrThrow({ where: { id: f.p2.id } })).status === "expired",
      20_000,
    );
    await waitFor(
      async () => (await db().proposal.findUniqueOrThrow({ where: { id: f.p1.id } })).remindedAt,
      20_000,
    );
    expect((await db().proposal.findUniqueOrThrow({ where: { id: f.p1.id } })).status).toBe("approved");
    expect(
      await db().emailMessage.count({
        where: { template: "engagement_stalled", userId: stalled.secretariatUser.id },
      }),
    ).toBe(1);
    expect(
      await db().emailMessage.count({
        where: { template: "proposal_expired", userId: f.secretariatUser.id },
      }),
    ).toBe(1);
    expect(
      await db().emailMessage.count({ where: { template: "proposal_reminder", userId: f.expertUser.id } }),
    ).toBe(1);
    // Job logs carry ids and timings, never confidential text.
    expect(worker.output()).not.toContain("Confidential");
  }, 120_000); // a worker started from source, then up to 20 s per wait: more than the default 30 s
});
