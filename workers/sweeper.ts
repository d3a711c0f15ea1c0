// The sweeper: makes "Redis holds nothing that cannot be rebuilt" true. Once relayed, a job lives only
// in Redis; a Redis that comes back empty (restarted without persistence, flushed, failed over to a
// replica that missed writes) takes it along. PostgreSQL still says what is owed, and the sweeper gives
// each owed item a new job when no job for it is alive:
//   - outbox rows relayed but not done (doneAt is set by the job that ran them, workers/registry.ts);
//   - emails still `queued` (email/services/owed.server.ts);
//   - digest deliveries still `claimed` (digest/services/owed.server.ts).
// Only work older than SWEEP_AFTER_SECONDS counts: fresh work is the relay's. Runs as the
// `maintenance.sweep` job (SWEEP_CRON), at worker start and whenever the worker finds Redis lost its
// schedules or reconnects (workers/index.ts). Every handler is idempotent, so a job that did exist after
// all (a race with a running one) does its work once.
import type { Job, Queue } from "bullmq";
import type { Logger } from "pino";
import type { PrismaClient } from "~/generated/prisma/client";
import { requeueOwedDeliveries } from "~/features/digest/services/owed.server";
import { requeueOwedEmails } from "~/features/email/services/owed.server";
import { jobNamed } from "~/jobs.server";
import { queueOf } from "~/utils/jobs";
import { CREATED_MS, outboxJobId, outboxJobOptions } from "./outbox-relay";
import type { Queues } from "./queues";

const OUTBOX_BATCH = 500;
/** States in which a job will still run (or is running). */
const LIVE_STATES = ["active", "waiting", "delayed", "prioritized", "waiting-children"] as const;

export type SweepResult = { outbox: number; emails: number; deliveries: number };

type OwedRow = {
  id: bigint;
  createdMs: bigint;
  attempts: number;
  name: string;
  payload: unknown;
  dedupeKey: string | null;
};

/** Outbox rows relayed but not done whose job is gone (or completed in a Redis that predates a restore). */
async function requeueOwedOutbox(db: PrismaClient, queues: Queues, graceSeconds: number) {
  const rows = await db.$queryRawUnsafe<OwedRow[]>(
    `SELECT id, ${CREATED_MS} AS "createdMs", attempts, name, payload, "dedupeKey" FROM "OutboxEvent"
     WHERE "doneAt" IS NULL AND "relayedAt" IS NOT NULL
       AND "relayedAt" < now() - make_interval(secs => $1::double precision)
     ORDER BY "relayedAt" LIMIT $2`,
    graceSeconds,
    OUTBOX_BATCH,
  );
  let requeued = 0;
  for (const row of rows) {
    if (!jobNamed(row.name)) continue;
    const queue = queues[queueOf(row.name)];
    const current = await queue.getJob(outboxJobId(row.id, row.createdMs, Math.max(row.attempts, 1)));
    const state = current ? await current.getState() : "missing";
    // A failed job stays visible (and retryable) in the queue: its failure is not silent.
    if ((LIVE_STATES as readonly string[]).includes(state) || state === "failed") continue;
    // Claim the next hand-over first: a crash before the add only skips an id, never reuses one.
    const claimed = await db.$executeRaw`
      UPDATE "OutboxEvent" SET attempts = ${row.attempts + 1}
      WHERE id = ${row.id} AND attempts = ${row.attempts} AND "doneAt" IS NULL`;
    if (!claimed) continue;
    await queue.add(row.name, row.payload, outboxJobOptions(row, row.attempts + 1));
    requeued++;
  }
  return requeued;
}

async function liveJobs(queue: Queue): Promise<Job[]> {
  return (await queue.getJobs([...LIVE_STATES])).filter((j): j is Job => !!j);
}

export async function sweepOwedWork(ctx: {
  db: PrismaClient;
  queues: Queues;
  graceSeconds: number;
  logger?: Logger;
}): Promise<SweepResult> {
  const outbox = await requeueOwedOutbox(ctx.db, ctx.queues, ctx.graceSeconds);
  // Live jobs are read after the outbox's own were put back, so those count as alive.
  const emails = await requeueOwedEmails(
    { db: ctx.db, queue: ctx.queues.email, live: await liveJobs(ctx.queues.email) },
    new Date(Date.now() - ctx.graceSeconds * 1000),
  );
  const deliveries = await requeueOwedDeliveries(
    { db: ctx.db, queue: ctx.queues.digest, live: await liveJobs(ctx.queues.digest) },
    ctx.graceSeconds,
  );
  const result = { outbox, emails, deliveries };
  if (outbox || emails || deliveries) ctx.logger?.warn(result, "owed work had no job in Redis; re-enqueued");
  return result;
}
