// maintenance.call_reminders (CALL_REMINDER_CRON): reminders 24 h and 1 h before a call. Idempotent per
// person and reminder (services/reminders.server.ts).
import { z } from "zod";
import { defineJob } from "~/utils/jobs";

export const callRemindersJob = defineJob({
  name: "maintenance.call_reminders",
  schema: z.object({}),
  schedules: [{ id: "maintenance-call-reminders", pattern: (env) => env.CALL_REMINDER_CRON }],
  async handle(_payload, ctx) {
    const { sendCallReminders } = await import("../services/reminders.server");
    return sendCallReminders(ctx.db);
  },
});
