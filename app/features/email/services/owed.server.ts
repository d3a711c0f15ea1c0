// Emails still owed: `queued` for longer than the sweeper's grace, with no outbox row still waiting to
// be relayed for them and no job alive in Redis. The sweeper (workers/sweeper.ts) gives each a new
// `email.send` job; sendEmailMessage is idempotent, so a job that turns out to exist after all sends
// nothing twice (its commit marker settles who sends).
import type { Job, Queue } from "bullmq";
import type { PrismaClient } from "~/generated/prisma/client";

const BATCH = 1_000;

export async function requeueOwedEmails(
  ctx: { db: PrismaClient; queue: Queue; live: Job[] },
  olderThan: Date,
): Promise<number> {
  const owed = await ctx.db.emailMessage.findMany({
    where: { status: "queued", createdAt: { lt: olderThan } },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  if (!owed.length) return 0;
  const waiting = await ctx.db.outboxEvent.findMany({
    where: { relayedAt: null, name: "email.send" },
    select: { payload: true },
  });
  const covered = new Set<string>([
    ...waiting.map((r) => (r.payload as { emailMessageId?: string }).emailMessageId ?? ""),
    ...ctx.live
      .filter((j) => j.name === "email.send")
      .map((j) => (j.data as { emailMessageId?: string }).emailMessageId ?? ""),
  ]);
  const lost = owed.filter((e) => !covered.has(e.id));
  if (!lost.length) return 0;
  await ctx.queue.addBulk(lost.map((e) => ({ name: "email.send", data: { emailMessageId: e.id } })));
  return lost.length;
}
