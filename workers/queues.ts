import { Queue, type ConnectionOptions } from "bullmq";
import { queueNames, type Queues } from "~/utils/jobs";
import { logger } from "~/utils/logger.server";
import { dependencyDown, isRedisUnavailable } from "~/utils/outages.server";

const defaultJobOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000 },
  // Completed jobs are kept for a day so that a re-relayed outbox row (same jobId) is recognised.
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;

export type { Queues };

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  return Object.fromEntries(
    queueNames.map((name) => {
      const queue = new Queue(name, { connection, prefix, defaultJobOptions });
      // Without a listener BullMQ prints connection errors to the console; they belong in the log, once
      // per outage (outages.server.ts), not once per queue and reconnection attempt.
      queue.on("error", (error) => {
        if (isRedisUnavailable(error)) dependencyDown("redis", error);
        else logger.warn({ queue: name, err: error.message }, "queue error");
      });
      return [name, queue];
    }),
  ) as Queues;
}

export async function closeQueues(queues: Queues) {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
