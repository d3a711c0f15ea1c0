// A period's digest run: one BullMQ flow per (frequency, period) — a parent `digest.run` (summary)
// job with one `digest.recipient` child per chunk of recipients. Building it twice (a re-triggered
// schedule, a retried run) finds the parent and adds nothing; even if two flows existed, the
// delivery rows make every send happen once.
import { FlowProducer, type Queue } from "bullmq";
import type { PrismaClient } from "~/generated/prisma/client";
import { listRecipientIds } from "./audience.server";
import type { Frequency } from "./period";
import { setting } from "~/utils/env-schema";

/** Recipients per `digest.recipient` job (see scripts/bench/digest.ts for the measurement). */
export const CHUNK_SIZE = setting("DIGEST_CHUNK_SIZE");

export const recipientJobOptions = {
  attempts: 12,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
  // A chunk that fails for good must not hold the summary back.
  ignoreDependencyOnFailure: true,
} as const;

const producers = new WeakMap<Queue, FlowProducer>();

function flowProducer(queue: Queue) {
  let producer = producers.get(queue);
  if (!producer) {
    producer = new FlowProducer({ connection: queue.opts.connection, prefix: queue.opts.prefix });
    producer.on("error", () => {});
    producers.set(queue, producer);
  }
  return producer;
}

function runJobId(frequency: Frequency, period: string) {
  return `digest-run-${frequency}-${period.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

export async function buildDigestRun(
  ctx: { db: PrismaClient; queue: Queue },
  run: { frequency: Frequency; period: string },
): Promise<{ recipients: number; chunks: number; alreadyBuilt?: boolean }> {
  const parentId = runJobId(run.frequency, run.period);
  if (await ctx.queue.getJob(parentId)) return { recipients: 0, chunks: 0, alreadyBuilt: true };
  const all = await listRecipientIds(ctx.db, run.frequency);
  // Users already served for this period (a re-triggered run after the parent was cleaned up) are left out.
  const done = new Set(
    (
      await ctx.db.digestDelivery.findMany({
        where: { period: run.period, status: { in: ["sent", "empty", "failed"] } },
        select: { userId: true },
      })
    ).map((d) => d.userId),
  );
  const ids = all.filter((id) => !done.has(id));
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK_SIZE) chunks.push(ids.slice(i, i + CHUNK_SIZE));
  if (!chunks.length) return { recipients: 0, chunks: 0 };
  await flowProducer(ctx.queue).add({
    name: "digest.run",
    queueName: ctx.queue.name,
    data: { frequency: run.frequency, period: run.period, summary: true },
    opts: {
      jobId: parentId,
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 14 * 24 * 3600 },
    },
    children: chunks.map((userIds, index) => ({
      name: "digest.recipient",
      queueName: ctx.queue.name,
      data: { userIds, frequency: run.frequency, period: run.period },
      opts: { ...recipientJobOptions, jobId: `${parentId}-c${index}` },
    })),
  });
  return { recipients: ids.length, chunks: chunks.length };
}

export async function summariseRun(db: PrismaClient, period: string) {
  const groups = await db.digestDelivery.groupBy({
    by: ["status"],
    where: { period },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}
