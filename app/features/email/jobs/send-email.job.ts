// email.send: one queued EmailMessage. Temporary SMTP failures are retried with exponential backoff (the
// queue's defaults); when the attempts run out the job re-schedules itself (mail-retry.ts). Permanent
// refusals are recorded on the EmailMessage and not retried. Idempotent: the message's commit marker lets
// one send through.
import { UnrecoverableError } from "bullmq";
import { z } from "zod";
import { defineJob, recordId } from "~/utils/jobs";
import { emailResults } from "~/utils/metrics.server";
import { mailQueueWorkerOptions, rescheduleWhenExhausted } from "./mail-retry";

export const sendEmailJob = defineJob({
  name: "email.send",
  schema: z.object({ emailMessageId: recordId }),
  worker: mailQueueWorkerOptions,
  async handle({ emailMessageId }, ctx) {
    const [{ mailer, MailSendError }, { sendEmailMessage }] = await Promise.all([
      import("../services/mailer.server"),
      import("../services/send-email.server"),
    ]);
    let outcome: string | undefined;
    try {
      outcome = await sendEmailMessage({ db: ctx.db, mailer: mailer(), logger: ctx.logger }, emailMessageId);
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
});
