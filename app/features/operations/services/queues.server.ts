// What the secretariat's queue view reads and does: job counts per queue, failed jobs with their error,
// retry or discard one. Job payloads are never read or shown (they hold ids only anyway: ADR 0003).
// The web process reaches the queues through its fail-fast Redis connection, so with Redis away the
// page says so at once instead of hanging.
import { Queue } from "bullmq";
import { queueNames, type QueueName } from "~/utils/jobs";
import { readyWebRedis } from "~/utils/redis.server";
import { setting } from "~/utils/env-schema";

const queues = new Map<QueueName, Queue>();

async function queue(name: QueueName): Promise<Queue> {
  const connection = await readyWebRedis(1_000);
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, { connection, prefix: setting("REDIS_PREFIX") });
    q.on("error", () => {}); // readiness and this page report Redis trouble; no unhandled event
    queues.set(name, q);
  }
  return q;
}

export function isQueueName(value: unknown): value is QueueName {
  return typeof value === "string" && (queueNames as readonly string[]).includes(value);
}

const countedStates = ["waiting", "active", "delayed", "failed", "completed"] as const;
export type QueueCounts = { queue: QueueName } & Record<(typeof countedStates)[number], number>;

export async function queueOverview(): Promise<QueueCounts[]> {
  return Promise.all(
    queueNames.map(async (name) => {
      const counts = await (await queue(name)).getJobCounts(...countedStates, "prioritized");
      return {
        queue: name,
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
      };
    }),
  );
}

type FailedJob = {
  id: string;
  name: string;
  attempts: number;
  error: string;
  failedAt: string | null;
};

/** One line of an error, at most 500 characters: enough to act on, no stack traces. */
function firstLine(reason: string | undefined) {
  const line = (reason ?? "").split("\n")[0]!.trim();
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}

export async function failedJobs(name: QueueName, page: number, pageSize: number) {
  const q = await queue(name);
  const [total, jobs] = await Promise.all([
    q.getFailedCount(),
    q.getFailed((page - 1) * pageSize, page * pageSize - 1),
  ]);
  const list: FailedJob[] = jobs
    .filter((job) => job?.id)
    .map((job) => ({
      id: job.id!,
      name: job.name,
      attempts: job.attemptsMade,
      error: firstLine(job.failedReason),
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    }));
  return { total, jobs: list };
}

export type JobActionOutcome = "done" | "gone" | "not_failed";

/**
 * Retry puts a failed job back in its queue; discard removes it. Both act only on a job that is still
 * failed, so a second click (or a page left open) changes nothing.
 */
export async function actOnFailedJob(
  name: QueueName,
  jobId: string,
  action: "retry" | "discard",
): Promise<{ outcome: JobActionOutcome; jobName?: string }> {
  const q = await queue(name);
  const job = await q.getJob(jobId);
  if (!job) return { outcome: "gone" };
  if ((await job.getState()) !== "failed") return { outcome: "not_failed", jobName: job.name };
  if (action === "retry") await job.retry("failed");
  else await job.remove();
  return { outcome: "done", jobName: job.name };
}

export async function closeOperationsQueues() {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
}
