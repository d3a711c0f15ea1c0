// The `email.send` job. Temporary SMTP failures are retried with exponential backoff (the queue's
// defaults); when the attempts run out the job re-schedules itself, so a long SMTP outage delays mail
// but never drops it. Permanent refusals are recorded on the EmailMessage and not retried.
import { UnrecoverableError } from "bullmq";
import { defineJob, type JobContext, type QueueWorkerOptions } from "../../../workers/registry";
import { emailResults } from "~/utils/metrics.server";
import { mailer, MailSendError } from "./services/mailer.server";
import { sendEmailMessage } from "./services/send-email.server";

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

export const emailJobs = [
  defineJob(
    "email.send",
    async ({ emailMessageId }, ctx) => {
      let outcome: string | undefined;
      try {
        outcome = await sendEmailMessage(
          { db: ctx.db, mailer: mailer(), logger: ctx.logger },
          emailMessageId,
        );
        if (outcome === "failed_permanent" || outcome === "invalid")
          throw new UnrecoverableError(`email ${outcome}`);
        return outcome;
      } catch (error) {
        if (await rescheduleWhenExhausted(ctx, error)) return (outcome = "rescheduled");
        outcome ??= error instanceof MailSendError ? `${error.kind}_failure` : "error";
        throw error;
      } finally {
        emailResults.inc({ result: outcome ?? "error" });
      }
    },
    mailQueueWorkerOptions,
  ),
];
