// digest.recipient: one chunk of a digest run's recipients. Idempotent: each user's delivery for the period
// is claimed once, so a retried or swept chunk sends nothing twice.
import { z } from "zod";
import { mailQueueWorkerOptions, rescheduleWhenExhausted } from "~/features/email/jobs.server";
import { defineJob, recordId } from "~/utils/jobs";

export const digestRecipientJob = defineJob({
  name: "digest.recipient",
  schema: z.object({
    userIds: z.array(recordId).min(1).max(1000),
    frequency: z.enum(["daily", "weekly"]),
    period: z.string().min(1).max(40),
  }),
  worker: mailQueueWorkerOptions,
  async handle(payload, ctx) {
    const [{ mailer }, { deliverDigestChunk }] = await Promise.all([
      import("~/features/email/index.server"),
      import("../services/deliver.server"),
    ]);
    try {
      return await deliverDigestChunk({ db: ctx.db, mailer: mailer(), logger: ctx.logger }, payload);
    } catch (error) {
      if (await rescheduleWhenExhausted(ctx, error)) return "rescheduled";
      throw error;
    }
  },
});
