// Retention for the tables that only grow (ADR 0013): done outbox rows, sent and refused emails, and
// digest delivery records are deleted once they have served their purpose. Rows still owed work (an
// outbox row not relayed or not done — the sweeper's to-do list —, an email still queued, a digest still
// claimed) are never deleted. The audit trail is not touched here:
// it is kept whole (append-only by trigger). Deletes go in small batches so that no lock is held long,
// and running it twice deletes nothing more: the `maintenance.retention` job is idempotent.
import type { PrismaClient } from "~/generated/prisma/client";

export type RetentionPolicy = { outboxDays: number; emailDays: number; digestDays: number };
export type RetentionResult = { outbox: number; emails: number; digestDeliveries: number };

const BATCH = 5_000;
const DAY_MS = 24 * 3600 * 1000;

/** Deletes in batches of BATCH rows until a batch comes back short; returns how many went. */
async function deleteInBatches(run: () => Promise<number>) {
  let total = 0;
  for (;;) {
    const n = await run();
    total += n;
    if (n < BATCH) return total;
  }
}

export async function applyRetention(
  db: PrismaClient,
  policy: RetentionPolicy,
  now = new Date(),
): Promise<RetentionResult> {
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const outboxBefore = cutoff(policy.outboxDays);
  const emailBefore = cutoff(policy.emailDays);
  const digestBefore = cutoff(policy.digestDays);

  const outbox = await deleteInBatches(
    () =>
      db.$executeRaw`
      DELETE FROM "OutboxEvent" WHERE id IN (
        SELECT id FROM "OutboxEvent"
        WHERE "doneAt" IS NOT NULL AND "doneAt" < ${outboxBefore}
        LIMIT ${BATCH})`,
  );
  // Queued emails are still owed: only those sent or refused for good go.
  const emails = await deleteInBatches(
    () =>
      db.$executeRaw`
      DELETE FROM "EmailMessage" WHERE id IN (
        SELECT id FROM "EmailMessage"
        WHERE status IN ('sent', 'failed_permanent') AND "createdAt" < ${emailBefore}
        LIMIT ${BATCH})`,
  );
  // A delivery row makes a digest go out once per user and period; periods this old are never run again.
  const digestDeliveries = await deleteInBatches(
    () =>
      db.$executeRaw`
      DELETE FROM "DigestDelivery" WHERE id IN (
        SELECT id FROM "DigestDelivery"
        WHERE status <> 'claimed' AND "claimedAt" < ${digestBefore}
        LIMIT ${BATCH})`,
  );
  return { outbox, emails, digestDeliveries };
}
