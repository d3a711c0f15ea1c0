// What the jobs that send mail share (email.send, digest.recipient, digest.urgent, digest.run): short locks,
// and a re-schedule when temporary SMTP failures use up the attempts, so a long outage delays mail but
// never drops it.
import type { JobContext, QueueWorkerOptions } from "~/utils/jobs";

/** Short locks, so a job of a killed worker is picked up again within seconds (handlers are idempotent). */
export const mailQueueWorkerOptions: QueueWorkerOptions = {
  lockDuration: 6_000,
  stalledInterval: 3_000,
  maxStalledCount: 5,
};

/** After the last attempt of a temporary failure: try again later, as a new job. */
export async function rescheduleWhenExhausted(
  ctx: JobContext,
  error: unknown,
  delayMs = 10 * 60_000,
): Promise<boolean> {
  const { MailSendError } = await import("../services/mailer.server");
  if (!(error instanceof MailSendError) || error.kind !== "temporary") return false;
  const attempts = ctx.job.opts.attempts ?? 1;
  if (ctx.job.attemptsMade + 1 < attempts) return false;
  const queue = ctx.queues[ctx.job.queueName as keyof typeof ctx.queues];
  await queue.add(ctx.job.name, ctx.job.data, {
    ...ctx.job.opts,
    jobId: `${ctx.job.name.replace(".", "-")}-later-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    delay: delayMs,
    parent: undefined,
  });
  ctx.logger.warn(
    { job: ctx.job.name, jobId: ctx.job.id },
    "temporary failures exhausted the attempts; rescheduled",
  );
  return true;
}
