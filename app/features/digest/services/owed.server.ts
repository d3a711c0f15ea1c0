// Digest deliveries still owed: `claimed` for longer than the sweeper's grace with no job alive in Redis
// that would finish them (a recipient chunk naming the user, the period's run still to build, or the
// need's urgent alert). The sweeper (workers/sweeper.ts) gives them new jobs: recipient chunks for a
// daily or weekly period, `digest.urgent` for an alert. Delivery rows make every send happen once, so
// a chunk that turns out to be covered after all sends nothing twice.
import type { Job, Queue } from "bullmq";
import type { PrismaClient } from "~/generated/prisma/client";
import { CHUNK_SIZE, recipientJobOptions } from "./run.server";

const BATCH = 10_000;

export async function requeueOwedDeliveries(
  ctx: { db: PrismaClient; queue: Queue; live: Job[] },
  graceSeconds: number,
): Promise<number> {
  const owed = await ctx.db.$queryRaw<Array<{ userId: string; period: string }>>`
    SELECT "userId", period FROM "DigestDelivery"
    WHERE status = 'claimed' AND "claimedAt" < now() - make_interval(secs => ${graceSeconds}::double precision)
    ORDER BY period, "userId" LIMIT ${BATCH}`;
  if (!owed.length) return 0;
  const covered = new Set<string>();
  for (const job of ctx.live) {
    const data = job.data as { userIds?: string[]; period?: string; needId?: string; summary?: boolean };
    if (job.name === "digest.recipient" && data.period)
      for (const userId of data.userIds ?? []) covered.add(`${data.period} ${userId}`);
    else if (job.name === "digest.run" && data.period && !data.summary) covered.add(data.period);
    else if (job.name === "digest.urgent" && data.needId) covered.add(`urgent:${data.needId}`);
  }
  const lost = new Map<string, string[]>();
  for (const row of owed) {
    if (covered.has(row.period) || covered.has(`${row.period} ${row.userId}`)) continue;
    lost.set(row.period, [...(lost.get(row.period) ?? []), row.userId]);
  }
  let requeued = 0;
  for (const [period, userIds] of lost) {
    if (period.startsWith("urgent:")) {
      await ctx.queue.add("digest.urgent", { needId: period.slice("urgent:".length) });
      requeued += userIds.length;
      continue;
    }
    const frequency = period.split(":")[0];
    if (frequency !== "daily" && frequency !== "weekly") continue;
    requeued += userIds.length;
    const { ignoreDependencyOnFailure: _, ...options } = recipientJobOptions;
    const jobs = [];
    for (let i = 0; i < userIds.length; i += CHUNK_SIZE)
      jobs.push({
        name: "digest.recipient",
        data: { userIds: userIds.slice(i, i + CHUNK_SIZE), frequency, period },
        opts: options,
      });
    await ctx.queue.addBulk(jobs);
  }
  return requeued;
}
