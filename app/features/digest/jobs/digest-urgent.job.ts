// digest.urgent: a critical need, announced at once to fitting experts (queued when triage opens it).
// Idempotent: one alert per need and user.
import { z } from "zod";
import { mailQueueWorkerOptions, rescheduleWhenExhausted } from "~/features/email/jobs.server";
import { defineJob, recordId } from "~/utils/jobs";

export const digestUrgentJob = defineJob({
  name: "digest.urgent",
  schema: z.object({ needId: recordId }),
  worker: mailQueueWorkerOptions,
  async handle({ needId }, ctx) {
    const [{ mailer }, { sendUrgentAlerts }] = await Promise.all([
      import("~/features/email/index.server"),
      import("../services/urgent.server"),
    ]);
    try {
      return await sendUrgentAlerts({ db: ctx.db, mailer: mailer(), logger: ctx.logger }, needId);
    } catch (error) {
      if (await rescheduleWhenExhausted(ctx, error)) return "rescheduled";
      throw error;
    }
  },
});
