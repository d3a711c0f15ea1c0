// Runs job definitions (~/utils/jobs: each feature's job in one file, listed in app/jobs.server.ts) on
// BullMQ workers, one per queue. Handlers must be idempotent: BullMQ retries, and the outbox may relay a
// row twice after a crash.
import { UnrecoverableError, Worker, type ConnectionOptions } from "bullmq";
import type { PrismaClient } from "~/generated/prisma/client";
import type { AnyJobDefinition, JobContext, QueueName } from "~/utils/jobs";
import { dependencyDown, isRedisUnavailable } from "~/utils/outages.server";
import { CREATED_MS, parseOutboxJobId } from "./outbox-relay";
import { jobDuration, jobsCompleted, jobsFailed } from "~/utils/metrics.server";

/** A job relayed after its run started may describe a change the run did not see (see markOutboxDone). */
const DEDUPED_MARGIN_MS = 2_000;

/**
 * Marks the outbox row a finished job came from as done, so the sweeper leaves it alone. Rows with the
 * same deduplication key that were relayed before this run started (less a margin for clocks) were
 * folded into this job by BullMQ and are done too: their change was committed before the run read
 * anything. Later ones are not, and the sweeper runs them again.
 */
async function markOutboxDone(db: PrismaClient, jobId: string | undefined, startedMs: number) {
  const row = parseOutboxJobId(jobId);
  if (!row) return;
  const since = (Date.now() - startedMs + DEDUPED_MARGIN_MS) / 1000;
  await db.$executeRawUnsafe(
    `UPDATE "OutboxEvent" o SET "doneAt" = now()
     FROM (SELECT id, name, "dedupeKey" FROM "OutboxEvent" WHERE id = $1 AND ${CREATED_MS} = $2) r
     WHERE o."doneAt" IS NULL
       AND (o.id = r.id OR (r."dedupeKey" IS NOT NULL AND o.name = r.name AND o."dedupeKey" = r."dedupeKey"
            AND o."relayedAt" < now() - make_interval(secs => $3)))`,
    row.id,
    row.createdMs,
    since,
  );
}

export type { JobContext };
/** Any job definition (what the worker runs). */
export type JobDefinition = AnyJobDefinition;

export function startProcessors(options: {
  definitions: readonly JobDefinition[];
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  context: Omit<JobContext, "job">;
}): Worker[] {
  const byQueue = new Map<QueueName, Map<string, JobDefinition>>();
  for (const def of options.definitions) {
    const q = def.queue;
    if (!byQueue.has(q)) byQueue.set(q, new Map());
    byQueue.get(q)!.set(def.name, def);
  }
  return [...byQueue].map(([queue, defs]) => {
    const worker = new Worker(
      queue,
      async (job) => {
        const def = defs.get(job.name);
        if (!def) throw new UnrecoverableError(`No handler for job ${job.name}`);
        if (!def.schema.safeParse(job.data).success)
          throw new UnrecoverableError(`Invalid payload for ${job.name}`);
        const started = Date.now();
        const labels = { queue, job: def.name };
        let result: unknown;
        try {
          result = await def.run(job.data, { ...options.context, job });
        } finally {
          jobDuration.observe(labels, (Date.now() - started) / 1000);
        }
        await markOutboxDone(options.context.db, job.id, started);
        jobsCompleted.inc(labels);
        options.context.logger.info(
          { job: job.name, jobId: job.id, ms: Date.now() - started, attempt: job.attemptsMade + 1 },
          "job done",
        );
        return result;
      },
      {
        connection: options.connection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        ...Object.assign({}, ...[...defs.values()].map((d) => d.worker ?? {})),
      },
    );
    worker.on("failed", (job, error) => {
      // Final when BullMQ will not try again: attempts used up, or an unrecoverable error.
      const final =
        error instanceof UnrecoverableError ||
        error.name === "UnrecoverableError" ||
        (job?.attemptsMade ?? 0) >= (job?.opts.attempts ?? 1);
      jobsFailed.inc({ queue, job: job?.name ?? "unknown", final: String(final) });
      options.context.logger.warn(
        { job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error.message },
        "job failed",
      );
    });
    worker.on("error", (error) => {
      if (isRedisUnavailable(error)) dependencyDown("redis", error, { log: options.context.logger });
      else options.context.logger.warn({ err: error.message }, "worker error");
    });
    return worker;
  });
}
