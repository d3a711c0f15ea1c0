// Retention of the tables that only grow (ADR 0013): what has served its purpose goes, what is still
// owed work stays, the audit trail is untouched, and a second run deletes nothing more.
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { applyRetention } from "~/features/operations/services/retention.server";
import { parseEnv, workerEnvSchema } from "~/utils/env-schema";
import { db } from "~/utils/db.server";
import { retentionJob } from "~/features/operations/jobs/retention.job";
import { createUser } from "../support/factories";

const DAY = 24 * 3600 * 1000;
const now = new Date("2026-12-01T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

async function outbox(relayedAt: Date | null, createdAt: Date, doneAt: Date | null = relayedAt) {
  return db().outboxEvent.create({
    data: { queue: "maintenance", name: "maintenance.stalls", payload: {}, relayedAt, createdAt, doneAt },
  });
}

async function email(status: "queued" | "sent" | "failed_permanent", createdAt: Date) {
  return db().emailMessage.create({
    data: { toAddress: "someone@example.org", template: "password_reset", params: {}, status, createdAt },
  });
}

describe("retention", () => {
  it("deletes done outbox rows, sent or refused emails and digest deliveries past their time, and nothing owed", async () => {
    const user = await createUser();
    const oldRelayed = await outbox(daysAgo(9), daysAgo(9));
    const newRelayed = await outbox(daysAgo(1), daysAgo(1));
    const oldUnrelayed = await outbox(null, daysAgo(60)); // still owed: never deleted
    const oldNotDone = await outbox(daysAgo(30), daysAgo(30), null); // relayed, not done: the sweeper's
    const oldSent = await email("sent", daysAgo(100));
    const oldRefused = await email("failed_permanent", daysAgo(100));
    const oldQueued = await email("queued", daysAgo(100)); // still owed
    const newSent = await email("sent", daysAgo(10));
    const delivery = (period: string, status: "claimed" | "sent" | "empty" | "failed", claimedAt: Date) =>
      db().digestDelivery.create({ data: { userId: user.id, period, status, claimedAt } });
    const oldDelivered = await delivery("daily:2026-05-01", "sent", daysAgo(200));
    const oldEmpty = await delivery("daily:2026-05-02", "empty", daysAgo(199));
    const oldClaimed = await delivery("daily:2026-05-03", "claimed", daysAgo(198)); // never finished: kept for a look
    const newDelivered = await delivery("daily:2026-11-30", "sent", daysAgo(1));
    const auditBefore = await db().auditEvent.count();
    await db().auditEvent.create({ data: { action: "test.old", entityType: "x", createdAt: daysAgo(3000) } });

    const policy = { outboxDays: 7, emailDays: 90, digestDays: 180 };
    expect(await applyRetention(db(), policy, now)).toEqual({ outbox: 1, emails: 2, digestDeliveries: 2 });

    const outboxIds = (await db().outboxEvent.findMany({ select: { id: true } })).map((r) => r.id);
    expect(outboxIds).not.toContain(oldRelayed.id);
    expect(outboxIds).toEqual(expect.arrayContaining([newRelayed.id, oldUnrelayed.id, oldNotDone.id]));
    const emailIds = (await db().emailMessage.findMany({ select: { id: true } })).map((r) => r.id).sort();
    expect(emailIds).toEqual([oldQueued.id, newSent.id].sort());
    expect(emailIds).not.toContain(oldSent.id);
    expect(emailIds).not.toContain(oldRefused.id);
    const deliveryIds = (await db().digestDelivery.findMany({ select: { id: true } }))
      .map((r) => r.id)
      .sort();
    expect(deliveryIds).toEqual([oldClaimed.id, newDelivered.id].sort());
    expect(deliveryIds).not.toContain(oldDelivered.id);
    expect(deliveryIds).not.toContain(oldEmpty.id);
    expect(await db().auditEvent.count()).toBe(auditBefore + 1); // the audit trail is kept whole

    // Idempotent: nothing more goes the second time.
    expect(await applyRetention(db(), policy, now)).toEqual({ outbox: 0, emails: 0, digestDeliveries: 0 });
  });

  it("runs as the daily maintenance.retention job with the periods from the environment", async () => {
    const threeDays = await outbox(new Date(Date.now() - 3 * DAY), new Date(Date.now() - 3 * DAY));
    const oneDay = await outbox(new Date(Date.now() - DAY), new Date(Date.now() - DAY));
    const env = parseEnv(workerEnvSchema, { OUTBOX_RETENTION_DAYS: "2" });
    const result = await retentionJob.handle({}, {
      db: db(),
      env,
      logger: pino({ level: "silent" }),
    } as never);
    expect((result as { outbox: number }).outbox).toBeGreaterThanOrEqual(1);
    expect(await db().outboxEvent.findUnique({ where: { id: threeDays.id } })).toBeNull();
    expect(await db().outboxEvent.findUnique({ where: { id: oneDay.id } })).not.toBeNull();
    expect(() => parseEnv(workerEnvSchema, { OUTBOX_RETENTION_DAYS: "1" })).toThrow(/OUTBOX_RETENTION_DAYS/);
  });
});
